import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generators } from '../generators/index.js';
import { GENERATED_NOTICE } from '../pipeline/header.js';
import { runPipeline } from '../pipeline/run.js';
import { SpecError } from '../pipeline/spec-loader.js';
import { copyRepo, type RepoCopy } from '../testing/repo-copy.js';

const run = promisify(execFile);

/** Runs `pnpm generate` (the same script) in a repository copy and returns its exit code and output. */
async function generateCli(root: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/generate.mjs', ...args], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/** `pnpm generate --watch` running in a repository copy, its output collected as it comes. */
interface Watch {
  output(): string;
  /**
   * Resolves with the first match of `pattern` in what was printed after `from` characters; fails
   * with everything printed if the process exits or nothing matches within `timeoutMs`.
   */
  next(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

function startWatch(root: string): Watch {
  const child: ChildProcess = spawn(process.execPath, ['scripts/generate.mjs', '--watch'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exit: string | undefined;
  const readers = new Set<() => void>();
  const wake = (): void => {
    for (const reader of readers) reader();
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
    wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk;
    wake();
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = `exited (${signal ?? code})`;
      wake();
      resolve();
    }),
  );
  return {
    output: () => output,
    next(pattern, from = 0, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const fail = (why: string): void => {
          readers.delete(read);
          clearTimeout(timer);
          reject(new Error(`generate --watch ${why} before printing ${pattern}:\n${output}`));
        };
        const timer = setTimeout(() => fail(`took over ${timeoutMs} ms`), timeoutMs);
        const read = (): void => {
          const match = pattern.exec(output.slice(from));
          if (match) {
            readers.delete(read);
            clearTimeout(timer);
            resolve(match);
          } else if (exit) fail(exit);
        };
        readers.add(read);
        read();
      });
    },
    async stop() {
      if (exit) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

let repo: RepoCopy;
const watches = new Set<Watch>();
beforeAll(async () => {
  repo = await copyRepo();
});
afterAll(async () => {
  await Promise.all([...watches].map((watch) => watch.stop()));
  await repo.remove();
});

describe('pnpm generate', () => {
  it('reproduces the committed output exactly, so --check passes on an untouched tree', async () => {
    const result = await generateCli(repo.root, '--check');
    expect(result.output).toMatch(/files match the spec/);
    expect(result.code).toBe(0);
  });

  it('--check fails and names the file when a generated file was edited by hand', async () => {
    const file = path.join(repo.root, 'packages/types/src/generated/models.gen.ts');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}export type Extra = string;\n`);
    try {
      const result = await generateCli(repo.root, '--check');
      expect(result.code).toBe(1);
      expect(result.output).toContain('changed packages/types/src/generated/models.gen.ts');
    } finally {
      await writeFile(file, original);
    }
  });

  it('--check names a generated file that is missing or stale', async () => {
    const { changes } = await runPipeline({ paths: repo.paths, generators, mode: 'check' });
    expect(changes).toEqual([]);
    const file = path.join(repo.root, 'packages/spec/generated/openapi.json');
    const stale = path.join(repo.root, 'packages/types/src/generated/removed.gen.ts');
    const original = await readFile(file, 'utf8');
    await rm(file);
    await writeFile(stale, `// ${GENERATED_NOTICE}\n`);
    try {
      const again = await runPipeline({ paths: repo.paths, generators, mode: 'check' });
      expect(again.changes).toEqual([
        { path: 'packages/spec/generated/openapi.json', kind: 'added' },
        { path: 'packages/types/src/generated/removed.gen.ts', kind: 'removed' },
      ]);
    } finally {
      await writeFile(file, original);
      await rm(stale);
    }
  });

  it('rewrites no file when the spec is unchanged', async () => {
    const before = new Map<string, number>();
    const first = await runPipeline({ paths: repo.paths, generators, mode: 'write' });
    for (const file of first.files.keys()) before.set(file, (await stat(path.join(repo.root, file))).mtimeMs);
    const second = await runPipeline({ paths: repo.paths, generators, mode: 'write' });
    expect(second.changes).toEqual([]);
    for (const [file, mtime] of before) expect((await stat(path.join(repo.root, file))).mtimeMs, file).toBe(mtime);
  });

  it('skips the work when nothing changed, and still restores a generated file edited by hand', async () => {
    await generateCli(repo.root, '--force');
    const skipped = await generateCli(repo.root);
    expect(skipped.output).toContain('inputs unchanged since the last run');
    const file = path.join(repo.root, 'packages/types/src/generated/models.gen.ts');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}// edited\n`);
    const restored = await generateCli(repo.root);
    expect(restored.output).toContain('changed packages/types/src/generated/models.gen.ts');
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  // The first row is the reproduction of a stale cache: the samples code of the docs package is
  // an input, though it is neither the spec nor in scripts/.
  it.each([
    [
      'a sample label in the docs package',
      { file: 'packages/docs/src/code-samples.ts', from: "label: 'curl'", to: "label: 'cURL'" },
      { file: 'packages/docs/src/generated/code-samples.gen.ts', holds: '"label": "cURL"' },
    ],
    [
      'a generator module',
      { file: 'scripts/generators/docs/curl-sample.ts', from: 'curl --request ', to: 'curl -X ' },
      { file: 'packages/docs/src/generated/code-samples.gen.ts', holds: 'curl -X POST' },
    ],
    [
      'a spec file',
      { file: 'openapi/paths/jobs-readiness-id.yaml', from: 'summary: Get', to: 'summary: Read' },
      { file: 'packages/client/src/generated/readiness.gen.ts', holds: 'Read a recent readiness job' },
    ],
  ])(
    'regenerates after a change to %s, an input of the pipeline',
    async (_what, edit, want) => {
      await generateCli(repo.root);
      expect((await generateCli(repo.root)).output).toContain('inputs unchanged since the last run');
      const input = path.join(repo.root, edit.file);
      const original = await readFile(input, 'utf8');
      expect(original).toContain(edit.from);
      await writeFile(input, original.replace(edit.from, edit.to));
      try {
        const changed = await generateCli(repo.root);
        expect(changed.code, changed.output).toBe(0);
        expect(changed.output).not.toContain('inputs unchanged');
        expect(changed.output).toContain(`changed ${want.file}`);
        expect(await readFile(path.join(repo.root, want.file), 'utf8')).toContain(want.holds);
      } finally {
        await writeFile(input, original);
      }
    },
    90_000,
  );

  it('marks every generated file as generated', async () => {
    const { files } = await runPipeline({ paths: repo.paths, generators, mode: 'check' });
    expect(files.size).toBeGreaterThan(3);
    for (const file of files.values()) expect(file.content, file.path).toContain(GENERATED_NOTICE);
  });

  it('reports the time of every step', async () => {
    const { timings } = await runPipeline({ paths: repo.paths, generators, mode: 'check' });
    expect(timings.map((t) => t.step)).toEqual([
      'lint + bundle',
      'lint + bundle control@v1',
      ...generators.map((g) => g.name),
      'compare',
    ]);
  });
});

describe('the second spec, the control API', () => {
  it('is every api redocly.yaml lists, each with its own generated output', async () => {
    const config = await readFile(path.join(repo.root, 'redocly.yaml'), 'utf8');
    const listed = [...config.matchAll(/^ {2}(\S+@\S+):\n {4}root: (\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(repo.paths.documents.map((d) => [d.api, path.relative(repo.root, d.root)]));
    const { files, specs } = await runPipeline({ paths: repo.paths, generators, mode: 'check' });
    expect(specs.map((spec) => spec.name)).toEqual(['jobs', 'control']);
    const control = [...files.keys()].filter(
      (file) => file.startsWith('packages/simulator/') || file.includes('control-reference'),
    );
    expect(control).toEqual(
      expect.arrayContaining([
        'packages/simulator/src/control/generated/document.gen.ts',
        'packages/simulator/src/control/generated/schema.gen.ts',
        'packages/simulator/src/control/generated/client.gen.ts',
        'packages/simulator/src/control/generated/handlers.gen.ts',
        'packages/simulator/src/control/generated/routes.gen.ts',
        'packages/simulator/examples/control-api/advanceClock.gen.ts',
        'packages/docs/src/generated/control-reference.gen.ts',
      ]),
    );
    // The pipeline builds no page: the docs package's site build renders the control reference.
    expect([...files.keys()].filter((file) => file.endsWith('.html'))).toEqual([]);
    // Nothing of the control API reaches the appliance's packages.
    expect(files.get('packages/spec/generated/openapi.json')?.content).not.toContain('X-Control-Key');
    expect(files.get('packages/types/src/generated/schema.gen.ts')?.content).not.toContain('injectFault');
  });

  it('--check names a control file edited by hand', async () => {
    const file = path.join(repo.root, 'packages/simulator/src/control/generated/routes.gen.ts');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace("'x-control-key'", "'api_key'"));
    try {
      const result = await generateCli(repo.root, '--check');
      expect(result.code).toBe(1);
      expect(result.output).toContain('changed packages/simulator/src/control/generated/routes.gen.ts');
    } finally {
      await writeFile(file, original);
    }
  });

  it('a change to the control spec regenerates its client, and nothing of the appliance', async () => {
    // Tests above leave the copy's output behind its inputs; start from output that matches them.
    await runPipeline({ paths: repo.paths, generators, mode: 'write' });
    const file = path.join(repo.root, 'openapi/control/paths/status.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(
      file,
      original.replace('  operationId: getStatus\n', '  operationId: getStatus\n  x-client-method: status\n'),
    );
    try {
      const { changes } = await runPipeline({ paths: repo.paths, generators, mode: 'check' });
      const changed = changes.map((change) => change.path);
      expect(changed).toContain('packages/simulator/src/control/generated/client.gen.ts');
      // Besides the simulator, only the control reference the docs site renders changes.
      expect(changed.filter((changedFile) => !changedFile.startsWith('packages/simulator/'))).toEqual([
        'packages/docs/src/generated/control-reference.gen.ts',
      ]);
    } finally {
      await writeFile(file, original);
    }
  });
});

describe('a broken spec stops generation and leaves the previous output intact', () => {
  async function expectSpecError(edit: { file: string; from: string | RegExp; to: string }): Promise<SpecError> {
    const file = path.join(repo.root, edit.file);
    const original = await readFile(file, 'utf8');
    const broken = original.replace(edit.from, edit.to);
    expect(broken).not.toBe(original);
    await writeFile(file, broken);
    const outputBefore = await readFile(path.join(repo.root, 'packages/spec/generated/openapi.json'), 'utf8');
    try {
      const error = await runPipeline({ paths: repo.paths, generators, mode: 'write' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SpecError);
      expect(await readFile(path.join(repo.root, 'packages/spec/generated/openapi.json'), 'utf8')).toBe(outputBefore);
      return error as SpecError;
    } finally {
      await writeFile(file, original);
    }
  }

  it('a dangling $ref names the file, the line and the rule', async () => {
    const error = await expectSpecError({
      file: 'openapi/paths/jobs-failover-id.yaml',
      from: '../components/schemas/Job.yaml',
      to: '../components/schemas/Jbo.yaml',
    });
    const problem = error.problems.find((p) => p.rule === 'no-unresolved-refs');
    expect(problem).toMatchObject({ file: 'openapi/paths/jobs-failover-id.yaml', severity: 'error' });
    expect(problem?.line).toBeGreaterThan(1);
    expect(error.message).toMatch(/openapi\/paths\/jobs-failover-id\.yaml:\d+:\d+ error \[no-unresolved-refs\]/);
  });

  it('an invalid example names the file, the line and the rule', async () => {
    const error = await expectSpecError({
      file: 'openapi/components/examples/ZoneFailoverJob.yaml',
      from: 'started: 1732784400000\n  finished',
      to: 'started: "yesterday"\n  finished',
    });
    const problem = error.problems.find((p) => p.rule === 'no-invalid-media-type-examples');
    expect(problem?.file).toBe('openapi/components/examples/ZoneFailoverJob.yaml');
    expect(problem?.line).toBe(7);
    expect(problem?.message).toMatch(/started/);
  });

  it('invalid YAML names the file and the line', async () => {
    const error = await expectSpecError({
      file: 'openapi/components/schemas/Node.yaml',
      from: 'required: [id, ip, name]',
      to: 'required: [id, ip, name',
    });
    expect(error.problems[0]?.file).toBe('openapi/components/schemas/Node.yaml');
    expect(error.problems[0]?.line).toBeGreaterThan(1);
  });

  it('an error in the control spec names its file, and stops the whole run', async () => {
    const error = await expectSpecError({
      file: 'openapi/control/paths/clock.yaml',
      from: '  operationId: getClock\n',
      to: '',
    });
    expect(error.problems[0]).toMatchObject({
      file: 'openapi/control/paths/clock.yaml',
      rule: 'operation-operationId',
    });
  });

  it('a lint error names the rule', async () => {
    const error = await expectSpecError({
      file: 'openapi/paths/jobs-readiness-id.yaml',
      from: '  operationId: getReadinessJob\n',
      to: '',
    });
    expect(error.problems.map((p) => p.rule)).toContain('operation-operationId');
  });
});

describe('pnpm generate --watch', { timeout: 120_000 }, () => {
  const SAVED =
    /^regenerated (\d+) ms after the save \(debounce (\d+) ms, queued (\d+) ms, regeneration (\d+) ms\): (.*)$/m;
  const readiness = 'openapi/paths/jobs-readiness-id.yaml';
  const readinessClient = 'packages/client/src/generated/readiness.gen.ts';
  let watch: Watch;
  const originals = new Map<string, string>();

  /** Replaces `from` with `to` in a spec file, remembering its first content to restore. */
  async function edit(
    file: string,
    from: string,
    to: string,
    save: (file: string, content: string) => Promise<void> = writeFile,
  ): Promise<void> {
    const absolute = path.join(repo.root, file);
    const content = await readFile(absolute, 'utf8');
    if (!originals.has(file)) originals.set(file, content);
    expect(content).toContain(from);
    await save(absolute, content.replace(from, to));
  }

  /** Saves as editors that write a new file and rename it over the old one do. */
  const saveByRename = async (file: string, content: string): Promise<void> => {
    await writeFile(`${file}.tmp`, content);
    await rename(`${file}.tmp`, file);
  };

  const read = (file: string): Promise<string> => readFile(path.join(repo.root, file), 'utf8');

  beforeAll(async () => {
    watch = startWatch(repo.root);
    watches.add(watch);
    await watch.next(/^regenerated everything in \d+ ms/m, 0, 120_000);
  }, 150_000);
  afterAll(async () => {
    await watch.stop();
    for (const [file, content] of originals) await writeFile(path.join(repo.root, file), content);
  });

  it('regenerates after a save and reports the time from the save to the files written, debounce included', async () => {
    const from = watch.output().length;
    await edit(readiness, 'summary: Get a recent', 'summary: Read a recent');
    const [, total, debounce, queued, regeneration, outcome] = (await watch.next(SAVED, from)).map(String);
    expect(Number(debounce)).toBeGreaterThanOrEqual(99);
    // Each part is rounded on its own.
    expect(Math.abs(Number(total) - Number(debounce) - Number(queued) - Number(regeneration))).toBeLessThanOrEqual(2);
    expect(outcome).toMatch(/^\d+ files changed/);
    expect(watch.output().slice(from)).toContain(`changed ${readinessClient}`);
    expect(await read(readinessClient)).toContain('Read a recent readiness job');
  });

  it('a save that breaks the spec prints the problem and keeps the previous output; the next good save regenerates', async () => {
    const before = await read('packages/spec/generated/openapi.json');
    let from = watch.output().length;
    await edit(
      'openapi/paths/jobs-failover-id.yaml',
      '../components/schemas/Job.yaml',
      '../components/schemas/Jbo.yaml',
    );
    await watch.next(
      /previous output left as it was[\s\S]*jobs-failover-id\.yaml:\d+:\d+ error \[no-unresolved-refs\]/,
      from,
    );
    expect(await read('packages/spec/generated/openapi.json')).toBe(before);

    from = watch.output().length;
    await edit(
      'openapi/paths/jobs-failover-id.yaml',
      '../components/schemas/Jbo.yaml',
      '../components/schemas/Job.yaml',
    );
    await edit(readiness, 'summary: Read a recent', 'summary: Fetch a recent');
    // The two saves may make one run or two; the spec document changes in the last.
    await watch.next(/^ {2}changed packages\/spec\/generated\/openapi\.json$/m, from);
    expect(await read('packages/spec/generated/openapi.json')).toContain('Fetch a recent readiness job');
  });

  it('a save made while a run is going on is not lost: another run follows', async () => {
    const from = watch.output().length;
    await edit(readiness, 'summary: Fetch a recent', 'summary: Look up a recent');
    await watch.next(/^changed: openapi\/paths\/jobs-readiness-id\.yaml$/m, from);
    // The run has started; this save lands while it reads the spec or writes its files, and may
    // even make it read half a file and fail: the next run must still come.
    await edit(readiness, 'summary: Look up a recent', 'summary: Show a recent');
    const afterSave = watch.output().length;
    await watch.next(
      /^changed: openapi\/paths\/jobs-readiness-id\.yaml$[\s\S]*^regenerated \d+ ms after the save/m,
      afterSave,
    );
    expect(await read(readinessClient)).toContain('Show a recent readiness job');
  });

  it('keeps watching a file an editor replaces by renaming a new file over it', async () => {
    for (const [from, to] of [
      ['summary: Show a recent', 'summary: Get a recent'],
      ['summary: Get a recent', 'summary: Show a recent'],
    ]) {
      const offset = watch.output().length;
      await edit(readiness, from!, to!, saveByRename);
      await watch.next(SAVED, offset);
      expect(await read(readinessClient)).toContain(`${to!.replace('summary: ', '')} readiness job`);
    }
  });

  it('reuses the control API output when only the appliance spec changed, and regenerates it when its spec changes', async () => {
    const controlClient = 'packages/simulator/src/control/generated/client.gen.ts';
    let from = watch.output().length;
    await edit(readiness, 'summary: Show a recent', 'summary: Get a recent');
    expect((await watch.next(SAVED, from))[5]).toContain('reused the output of control');

    from = watch.output().length;
    await edit(
      'openapi/control/paths/status.yaml',
      'summary: Get what the control API',
      'summary: Read what the control API',
    );
    const [, , , , , outcome] = await watch.next(SAVED, from);
    expect(outcome).not.toContain('reused the output of control');
    expect(watch.output().slice(from)).toContain(`changed ${controlClient}`);
    expect(await read(controlClient)).toContain('Read what the control API');

    // Output left by runs that reused the control API's output is what a full run makes.
    from = watch.output().length;
    await edit(
      'openapi/control/paths/status.yaml',
      'summary: Read what the control API',
      'summary: Get what the control API',
    );
    await watch.next(SAVED, from);
    const check = await generateCli(repo.root, '--check');
    expect(check.output).toMatch(/files match the spec/);
  });
});

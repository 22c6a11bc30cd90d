/**
 * Generation: the full `pnpm generate` (lint, bundle, types, client, server stubs, docs) against
 * Hey API and Orval generating a client only from the same bundled spec, a no-op run, and the
 * time `pnpm generate --watch` takes from a one-line save to the generated files written.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { specPath } from '@eyeglass-jobs/spec';
import { bin, measure, median, type RunCounts, runCommand, type Samples, startProcess } from '../measure.js';
import { ms, ratio, type Section } from '../report.js';

/** The spec file the watch measure edits, in a copy. */
const EDITED = 'openapi/paths/jobs-readiness-id.yaml';
/** The line `generate --watch` prints after each run that a save started. */
const SAVED =
  /^regenerated (\d+) ms after the save \(debounce (\d+) ms, queued (\d+) ms, regeneration (\d+) ms\): (.*)$/m;
const whole = (value: number): string => `${value.toFixed(0)} ms`;
const FIRST_RUN_TIMEOUT_MS = 180_000;
const EDIT_TIMEOUT_MS = 60_000;

interface WatchLatency extends Samples {
  /** Medians of the parts of the latency, as the watch process reports them. */
  debounce: number;
  queued: number;
  regeneration: number;
  /** The median time from the bench's write to its reading the line. */
  seen: number;
  edits: number;
  /** Saves made before the measured ones. */
  warmup: number;
  /** Whether every run reused the control API's output. */
  reusedControl: boolean;
}

/**
 * A copy of what generation reads: the specs, their lint rules and scripts/, with the installed
 * packages linked. The watch process edits and writes only there; its bundle cache stays there.
 */
async function generationCopy(root: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of ['openapi', 'scripts', 'redocly.yaml', 'package.json']) {
    await cp(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  await mkdir(path.join(dir, 'node_modules'));
  for (const entry of await readdir(path.join(root, 'node_modules'))) {
    if (entry !== '.cache')
      await symlink(path.join(root, 'node_modules', entry), path.join(dir, 'node_modules', entry));
  }
}

/**
 * Starts `generate --watch` in a copy, waits for its first run, then saves one-line edits of an
 * operation's summary, alternating two texts, and reads the latency the process reports for each.
 */
async function watchLatency(root: string, dir: string, counts: RunCounts): Promise<WatchLatency> {
  await generationCopy(root, dir);
  const watch = startProcess(process.execPath, ['scripts/generate.mjs', '--watch'], { cwd: dir });
  try {
    const failure = /^generate: stopped/m;
    await watch.waitFor(/^regenerated everything in \d+ ms/m, {
      what: 'its first run',
      from: 0,
      timeoutMs: FIRST_RUN_TIMEOUT_MS,
      failure,
    });
    const file = path.join(dir, EDITED);
    const original = await readFile(file, 'utf8');
    const summary = /^ {2}summary: (.+)$/m.exec(original);
    if (!summary) throw new Error(`${EDITED} has no operation summary to edit`);
    const edited = original.replace(summary[0], `${summary[0]} (edited)`);
    const runs: Array<{ total: number; debounce: number; queued: number; regeneration: number; seen: number }> = [];
    let reusedControl = true;
    // A process keeps getting faster over its first few runs, as its code is compiled; a
    // maintainer's session saves many times.
    const warmup = 3 * counts.warmup;
    for (let i = 0; i < warmup + 2 * counts.runs; i++) {
      const from = watch.output().length;
      const start = performance.now();
      await writeFile(file, i % 2 === 0 ? edited : original);
      const [, total, debounce, queued, regeneration, outcome] = await watch.waitFor(SAVED, {
        what: `the run after save ${i + 1} of ${EDITED}`,
        from,
        timeoutMs: EDIT_TIMEOUT_MS,
        failure,
      });
      const seen = performance.now() - start;
      if (!/^\d+ files? changed/.test(outcome!)) throw new Error(`a save of ${EDITED} changed no file: ${outcome}`);
      if (i < warmup) continue;
      reusedControl &&= outcome!.includes('reused the output of control');
      runs.push({
        total: Number(total),
        debounce: Number(debounce),
        queued: Number(queued),
        regeneration: Number(regeneration),
        seen,
      });
    }
    const samples = runs.map((run) => run.total);
    return {
      name: 'pnpm generate --watch, one-line save → files written',
      samples,
      median: median(samples),
      debounce: median(runs.map((run) => run.debounce)),
      queued: median(runs.map((run) => run.queued)),
      regeneration: median(runs.map((run) => run.regeneration)),
      seen: median(runs.map((run) => run.seen)),
      edits: runs.length,
      warmup,
      reusedControl,
    };
  } finally {
    await watch.stop();
  }
}

export async function generationSection(root: string, counts: RunCounts): Promise<Section> {
  const out = await mkdtemp(path.join(tmpdir(), 'eyeglass-bench-gen-'));
  try {
    const full = await measure('pnpm generate (full)', counts, () =>
      runCommand(process.execPath, ['scripts/generate.mjs', '--force'], { cwd: root }),
    );
    const noop = await measure('pnpm generate (spec unchanged)', counts, () =>
      runCommand(process.execPath, ['scripts/generate.mjs'], { cwd: root }),
    );
    const watched = await watchLatency(root, path.join(out, 'watch'), counts);
    const heyApi = await measure('Hey API 0.95 (client only)', counts, () =>
      runCommand(
        process.execPath,
        [bin('@hey-api/openapi-ts', 'bin/run.js'), '-i', specPath, '-o', path.join(out, 'hey')],
        {
          cwd: out,
        },
      ),
    );
    const openapiTypescript = await measure('openapi-typescript 7.13 CLI (types only)', counts, () =>
      runCommand(
        process.execPath,
        [
          bin('openapi-typescript', 'bin/cli.js'),
          specPath,
          '-o',
          path.join(out, 'types.ts'),
          '--default-non-nullable',
          'false',
        ],
        { cwd: out },
      ),
    );
    const orval = await measure('Orval 7.13 (client only)', counts, () =>
      runCommand(
        process.execPath,
        [bin('orval', 'dist/bin/orval.js'), '--input', specPath, '--output', path.join(out, 'orval', 'api.ts')],
        { cwd: out },
      ),
    );
    return {
      title: '1. Generation',
      baseline: 'Hey API generating a client only from the same bundled spec',
      rows: [
        { subject: full.name, value: ms(full.median), ratio: ratio(full.median, heyApi.median) },
        { subject: noop.name, value: ms(noop.median), ratio: ratio(noop.median, heyApi.median) },
        { subject: watched.name, value: ms(watched.median), ratio: ratio(watched.median, heyApi.median) },
        { subject: heyApi.name, value: ms(heyApi.median), ratio: '' },
        { subject: orval.name, value: ms(orval.median), ratio: ratio(orval.median, heyApi.median) },
        {
          subject: openapiTypescript.name,
          value: ms(openapiTypescript.median),
          ratio: ratio(openapiTypescript.median, heyApi.median),
        },
      ],
      goals: [
        {
          goal: 'full generate ≤ Hey API client-only',
          met: full.median <= heyApi.median,
          detail: ratio(full.median, heyApi.median),
        },
      ],
      notes: [
        `a no-op run takes ${ratio(noop.median, full.median)} of a full run`,
        `full generate ÷ openapi-typescript CLI alone: ${ratio(full.median, openapiTypescript.median)}`,
        `generate --watch (warm process: ${watched.edits} one-line saves of ${EDITED}, after ${watched.warmup} ` +
          `unmeasured): median ${ms(watched.median)} ` +
          `from the save to the last file written = ${whole(watched.debounce)} debounce + ${whole(watched.queued)} ` +
          `queued + ${whole(watched.regeneration)} regeneration (medians of each part, as the process reports ` +
          `them); the regeneration is ${ratio(watched.regeneration, full.median)} of a full run; the bench read the ` +
          `line ${ms(watched.seen)} after its write; ${watched.reusedControl ? 'every' : 'not every'} run reused ` +
          `the control API's output`,
      ],
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

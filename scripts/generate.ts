/**
 * `pnpm generate`: regenerates every package from the specs in one process. `generate.mjs` bundles
 * this module with the pipeline and calls `generate`, telling it which sources the bundle holds.
 *   --check  regenerate in memory and fail, naming each file, if the committed output differs
 *   --watch  regenerate whenever a spec file or redocly.yaml is saved, printing the time from the
 *            save to the last file written
 *   --force  regenerate even when no input changed since the last run
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { GeneratedFile, Generator } from './pipeline/context.js';
import { isUpToDate, readInputs, recordRun } from './pipeline/fingerprint.js';
import { type ProjectPaths, projectPaths, type SpecName } from './pipeline/paths.js';
import type { PipelineResult } from './pipeline/run.js';

export interface GenerateOptions {
  /** The command-line arguments. */
  argv: string[];
  /**
   * Every file the pipeline's bundle was built from, relative to the root (esbuild's metafile):
   * scripts/ and the package sources the generators import. With the spec, its lint rules and the
   * lockfile, these are what decides the output.
   */
  pipelineSources: readonly string[];
  /** Where this checkout keeps what the last run wrote. */
  cacheDir: string;
  /** The bundle's entry of the pipeline's worker thread; without it, one thread does everything. */
  workerScript?: URL;
}

// The generators and the spec loader are loaded only when there is work to do: they are most of
// the start-up time, and a run with unchanged inputs needs neither.
const loadPipeline = async () => {
  const [{ generators }, { runPipeline }, { SpecError }] = await Promise.all([
    import('./generators/index.js'),
    import('./pipeline/run.js'),
    import('./pipeline/spec-loader.js'),
  ]);
  return { generators, runPipeline, SpecError };
};

const flags = {
  check: { type: 'boolean', default: false },
  watch: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof flags }>>['values'];

function printTimings(result: PipelineResult): void {
  const width = Math.max(...result.timings.map((t) => t.step.length));
  for (const { step, ms } of result.timings) console.log(`  ${step.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms`);
  console.log(`  ${'total'.padEnd(width)}  ${result.elapsedMs.toFixed(0).padStart(6)} ms`);
}

async function printProblem(error: unknown): Promise<void> {
  const { SpecError } = await import('./pipeline/spec-loader.js');
  if (error instanceof SpecError) {
    console.error(`generate: stopped, previous output left as it was; ${error.message}`);
  } else {
    console.error('generate: stopped, previous output left as it was:', error);
  }
}

async function once(paths: ProjectPaths, values: Flags, options: GenerateOptions): Promise<number> {
  const inputs = values.check ? {} : await readInputs(paths, options.pipelineSources);
  if (!values.check && !values.force && (await isUpToDate(paths, options.cacheDir, inputs))) {
    if (!values.quiet)
      console.log('generate: inputs unchanged since the last run; no file changed (--force regenerates)');
    return 0;
  }
  const { generators, runPipeline } = await loadPipeline();
  const result = await runPipeline({
    paths,
    generators,
    mode: values.check ? 'check' : 'write',
    workerScript: options.workerScript,
  });
  if (!values.check) await recordRun(options.cacheDir, inputs, result.files.values());
  for (const warning of result.specs.flatMap((spec) => spec.warnings)) {
    console.warn(`  ${warning.file}:${warning.line}:${warning.column} warn [${warning.rule}] ${warning.message}`);
  }
  if (values.check) {
    if (result.changes.length > 0) {
      console.error('generate --check: the committed output differs from the spec; run `pnpm generate`:');
      for (const change of result.changes) console.error(`  ${change.kind.padEnd(7)} ${change.path}`);
      return 1;
    }
    if (!values.quiet) console.log(`generate --check: ${result.files.size} files match the spec`);
    return 0;
  }
  if (!values.quiet) {
    const specFiles = result.specs.reduce((sum, spec) => sum + spec.files.length, 0);
    console.log(`generate: ${result.files.size} files from ${specFiles} spec files in ${result.specs.length} specs`);
    printTimings(result);
    if (result.changes.length === 0) console.log('  no file changed');
    for (const change of result.changes) console.log(`  ${change.kind.padEnd(7)} ${change.path}`);
  }
  return 0;
}

/** How long the watcher waits after the last file event of a batch: an editor's save is several events. */
const DEBOUNCE_MS = 100;

/** A spec's output from the last good run, with every file that output was built from. */
interface SpecOutput {
  sources: ReadonlySet<string>;
  emitted: GeneratedFile[];
}

/** Saves taken together into one run; times are `performance.now()`. */
interface Batch {
  files: string[];
  /**
   * The first file event of the batch this process handled. Events wait while a run keeps the
   * process busy, so a save made during a run counts from that run's end.
   */
  savedAt: number;
  /** When the debounce wait after the last event ended. */
  debouncedAt: number;
}

/** The generator, passing on what it emits and keeping a copy in `into`. */
function recording(generator: Generator, into: GeneratedFile[]): Generator {
  return {
    ...generator,
    run: (context) =>
      generator.run({
        ...context,
        emit: (file, content) => {
          into.push({ path: file, content });
          context.emit(file, content);
        },
      }),
  };
}

/**
 * Stands in for the generators of a spec none of whose files changed: emits their last output
 * again, owning the same folders, so the pipeline neither lints and bundles that spec nor sees its
 * files as stale. It reads the appliance's spec, which the pipeline loads in every run anyway.
 */
function replaying(spec: SpecName, generators: Generator[], output: SpecOutput): Generator {
  return {
    name: `${spec} (unchanged)`,
    owns: generators.flatMap((generator) => generator.owns),
    run: ({ emit }) => {
      for (const file of output.emitted) emit(file.path, file.content);
    },
  };
}

async function watchSpec(paths: ProjectPaths): Promise<void> {
  const { watch } = await import('chokidar');
  const reusable = new Map<SpecName, SpecOutput>();
  const changed = new Set<string>();
  let savedAt: number | undefined;
  let debouncedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const regenerate = async (batch?: Batch): Promise<void> => {
    const start = performance.now();
    try {
      const { generators, runPipeline } = await loadPipeline();
      for (const file of batch?.files ?? []) {
        for (const [spec, output] of reusable) {
          if (file === paths.redoclyConfig || output.sources.has(file)) reusable.delete(spec);
        }
      }
      const bySpec = new Map<SpecName, Generator[]>();
      for (const generator of generators) {
        const spec = generator.document ?? 'jobs';
        bySpec.set(spec, [...(bySpec.get(spec) ?? []), generator]);
      }
      const emitted = new Map<SpecName, GeneratedFile[]>();
      const planned = [...bySpec].flatMap(([spec, own]) => {
        const output = reusable.get(spec);
        if (output) return [replaying(spec, own, output)];
        const into: GeneratedFile[] = [];
        emitted.set(spec, into);
        return own.map((generator) => recording(generator, into));
      });
      const result = await runPipeline({ paths, generators: planned, mode: 'write' });
      const end = performance.now();
      for (const spec of result.specs) {
        const into = emitted.get(spec.name);
        if (into) reusable.set(spec.name, { sources: new Set(spec.files), emitted: into });
      }
      const regeneration = (end - start).toFixed(0);
      const outcome =
        result.changes.length === 0
          ? 'no file changed'
          : `${result.changes.length} file${result.changes.length === 1 ? '' : 's'} changed`;
      const reused = [...bySpec.keys()].filter((spec) => !emitted.has(spec));
      const note = reused.length > 0 ? `; reused the output of ${reused.join(', ')}, whose files did not change` : '';
      const lines = result.changes.map((change) => `  ${change.kind.padEnd(7)} ${change.path}`);
      if (batch) {
        // One line a script can parse: the time from the save to the last file written, and its parts.
        lines.unshift(
          `regenerated ${(end - batch.savedAt).toFixed(0)} ms after the save ` +
            `(debounce ${(batch.debouncedAt - batch.savedAt).toFixed(0)} ms, ` +
            `queued ${(start - batch.debouncedAt).toFixed(0)} ms, regeneration ${regeneration} ms): ${outcome}${note}`,
        );
      } else lines.unshift(`regenerated everything in ${regeneration} ms: ${outcome}`);
      // Printed at once, so that a reader of the line also has the list of files.
      console.log(lines.join('\n'));
    } catch (error) {
      await printProblem(error);
    }
  };

  // One run at a time; saves during a run make the next batch, run as soon as this one ends.
  const drain = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      while (debouncedAt !== undefined && savedAt !== undefined) {
        const batch: Batch = { files: [...changed], savedAt, debouncedAt };
        changed.clear();
        savedAt = undefined;
        debouncedAt = undefined;
        clearTimeout(timer);
        console.log(`changed: ${batch.files.map((file) => path.relative(paths.root, file)).join(', ')}`);
        await regenerate(batch);
      }
    } finally {
      running = false;
    }
  };

  const onChange = (file: string): void => {
    // Editors save through temporary files; only spec sources matter.
    if (!/\.(ya?ml|md|json)$/.test(file)) return;
    savedAt ??= performance.now();
    changed.add(path.resolve(file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      debouncedAt = performance.now();
      void drain();
    }, DEBOUNCE_MS);
  };

  // chokidar watches each folder, so a file an editor replaces by renaming a new one over it stays
  // watched; Node's recursive fs.watch on Linux loses such a file after its first save.
  const watcher = watch([paths.specDir, paths.redoclyConfig], { ignoreInitial: true });
  watcher.on('all', (event, file) => {
    if (event === 'add' || event === 'change' || event === 'unlink') onChange(file);
  });
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  console.log('watching openapi/ and redocly.yaml; press Ctrl+C to stop');
  running = true;
  await regenerate();
  running = false;
  await drain();
}

/** Runs `pnpm generate` with the given arguments; resolves with the exit code (never, with --watch). */
export async function generate(options: GenerateOptions): Promise<number> {
  const { values } = parseArgs({ args: options.argv, options: flags });
  const paths = projectPaths();
  if (values.watch) {
    await watchSpec(paths);
    return 0;
  }
  try {
    return await once(paths, values, options);
  } catch (error) {
    await printProblem(error);
    return 1;
  }
}

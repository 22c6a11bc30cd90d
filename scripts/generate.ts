/**
 * `pnpm generate`: regenerates every package from the specs in one process. `generate.mjs` bundles
 * this module with the pipeline and calls `generate`, telling it which sources the bundle holds.
 *   --check  regenerate in memory and fail, naming each file, if the committed output differs
 *   --watch  regenerate whenever a spec file is saved
 *   --force  regenerate even when no input changed since the last run
 */
import { watch } from 'node:fs';
import { parseArgs } from 'node:util';
import { isUpToDate, readInputs, recordRun } from './pipeline/fingerprint.js';
import { type ProjectPaths, projectPaths } from './pipeline/paths.js';
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

async function watchSpec(paths: ProjectPaths): Promise<void> {
  let running = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const rerun = async (): Promise<void> => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    const start = performance.now();
    const { generators, runPipeline } = await loadPipeline();
    try {
      const result = await runPipeline({ paths, generators, mode: 'write' });
      const elapsed = (performance.now() - start).toFixed(0);
      if (result.changes.length === 0) console.log(`regenerated in ${elapsed} ms: no file changed`);
      else {
        console.log(`regenerated in ${elapsed} ms:`);
        for (const change of result.changes) console.log(`  ${change.kind.padEnd(7)} ${change.path}`);
      }
    } catch (error) {
      await printProblem(error);
    } finally {
      running = false;
      if (pending) {
        pending = false;
        void rerun();
      }
    }
  };
  const onChange = (file: string): void => {
    // Editors save through temporary files; only spec sources matter.
    if (!/\.(ya?ml|md|json)$/.test(file)) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      console.log(`changed: ${[...changed].join(', ')}`);
      changed.clear();
      void rerun();
    }, 100);
  };
  watch(paths.specDir, { recursive: true }, (_event, file) => {
    if (file) onChange(`openapi/${file}`);
  });
  watch(paths.redoclyConfig, () => onChange('redocly.yaml'));
  console.log('watching openapi/ and redocly.yaml; press Ctrl+C to stop');
  await rerun();
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

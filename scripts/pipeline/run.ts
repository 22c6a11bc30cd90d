/** Runs the whole pipeline in this process: load the spec once, run each generator, then write or check. */
import { performance } from 'node:perf_hooks';
import type { GeneratedFile, Generator, GeneratorContext } from './context.js';
import { diffOutputs, type FileChange, writeOutputs } from './output.js';
import type { ProjectPaths } from './paths.js';
import { type LoadedSpec, loadSpec } from './spec-loader.js';

export interface StepTiming {
  step: string;
  ms: number;
}

export interface PipelineResult {
  spec: LoadedSpec;
  files: Map<string, GeneratedFile>;
  changes: FileChange[];
  /** Each step's time. */
  timings: StepTiming[];
  /** The wall-clock time of the whole pipeline. */
  elapsedMs: number;
}

export interface PipelineOptions {
  paths: ProjectPaths;
  generators: Generator[];
  /** `write` updates the files that changed; `check` only compares. */
  mode: 'write' | 'check';
}

async function timed<T>(timings: StepTiming[], step: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings.push({ step, ms: performance.now() - start });
  }
}

/** Generates everything. Nothing is written unless every step succeeds. */
export async function runPipeline({ paths, generators, mode }: PipelineOptions): Promise<PipelineResult> {
  const started = performance.now();
  const timings: StepTiming[] = [];
  const spec = await timed(timings, 'lint + bundle', () => loadSpec(paths));
  const files = new Map<string, GeneratedFile>();
  const context: GeneratorContext = {
    paths,
    spec: spec.document,
    emit(path, content) {
      if (files.has(path)) throw new Error(`${path} is emitted twice`);
      files.set(path, { path, content });
    },
  };
  const generatorTimings: StepTiming[] = [];
  await Promise.all(
    generators.map((generator) => timed(generatorTimings, generator.name, () => generator.run(context))),
  );
  timings.push(...generators.map((g) => generatorTimings.find((t) => t.step === g.name)!));
  const owned = generators.flatMap((g) => g.owns);
  const changes = await timed(timings, mode === 'write' ? 'write' : 'compare', () =>
    mode === 'write' ? writeOutputs(paths.root, owned, files) : diffOutputs(paths.root, owned, files),
  );
  return { spec, files, changes, timings, elapsedMs: performance.now() - started };
}

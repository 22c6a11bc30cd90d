/** Runs the whole pipeline in this process: load each spec once, run each generator, then write or check. */
import { performance } from 'node:perf_hooks';
import type { GeneratedFile, Generator, GeneratorContext } from './context.js';
import { diffOutputs, type FileChange, writeOutputs } from './output.js';
import type { ProjectPaths, SpecDocument } from './paths.js';
import { type LoadedSpec, loadSpec } from './spec-loader.js';
import { GeneratorWorker } from './worker.js';

export interface StepTiming {
  step: string;
  ms: number;
}

export interface PipelineResult {
  /** The appliance's spec. */
  spec: LoadedSpec;
  /** Every spec a generator read, the appliance's first. */
  specs: LoadedSpec[];
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
  /**
   * The worker thread's script (built from scripts/generators/worker.ts). With it, the generators
   * that may run there do, beside the main thread; without it, every generator runs in this one.
   */
  workerScript?: URL;
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
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const worker =
    options.workerScript && options.generators.some((generator) => generator.worker)
      ? new GeneratorWorker(options.workerScript, options.paths)
      : undefined;
  try {
    return await generateAll(options, worker);
  } finally {
    await worker?.close();
  }
}

async function generateAll(
  { paths, generators, mode }: PipelineOptions,
  worker: GeneratorWorker | undefined,
): Promise<PipelineResult> {
  const started = performance.now();
  const timings: StepTiming[] = [];
  const wanted = new Set(generators.map((generator) => generator.document ?? 'jobs'));
  const documents = paths.documents.filter((document) => document.name === 'jobs' || wanted.has(document.name));
  const files = new Map<string, GeneratedFile>();
  const emit: GeneratorContext['emit'] = (path, content) => {
    if (files.has(path)) throw new Error(`${path} is emitted twice`);
    files.set(path, { path, content });
  };
  const inWorker = (generator: Generator): boolean => worker !== undefined && generator.worker !== undefined;
  const generatorTimings: StepTiming[] = [];
  const running: Promise<void>[] = [];
  const start = (generator: Generator, spec: LoadedSpec | undefined): void => {
    if (!spec) throw new Error(`generator ${generator.name} reads the unknown spec ${generator.document}`);
    const run = timed(generatorTimings, generator.name, async () => {
      if (!inWorker(generator)) return generator.run({ paths, spec: spec.document, emit });
      for (const [path, content] of await worker!.run(generator.name, spec.document)) emit(path, content);
    });
    // Awaited below; a run that stops on a spec error first must not leave its rejection unhandled.
    run.catch(() => undefined);
    running.push(run);
  };
  const specs: LoadedSpec[] = [];
  // The specs load one after the other, the appliance's first, and each goes to the worker as
  // soon as it is bundled: the worker's generators then run while the next spec is linted.
  for (const document of documents) {
    const spec = await timed(timings, loadStep(document), () => loadSpec(paths, document));
    specs.push(spec);
    for (const generator of generators) {
      if (inWorker(generator) && (generator.document ?? 'jobs') === document.name) start(generator, spec);
    }
  }
  for (const generator of generators.filter((g) => !inWorker(g))) {
    start(
      generator,
      specs.find((loaded) => loaded.name === (generator.document ?? 'jobs')),
    );
  }
  await Promise.all(running);
  timings.push(...generators.map((g) => generatorTimings.find((t) => t.step === g.name)!));
  const owned = generators.flatMap((g) => g.owns);
  const changes = await timed(timings, mode === 'write' ? 'write' : 'compare', () =>
    mode === 'write' ? writeOutputs(paths.root, owned, files) : diffOutputs(paths.root, owned, files),
  );
  return { spec: specs[0]!, specs, files, changes, timings, elapsedMs: performance.now() - started };
}

/** The appliance's spec keeps the step name it always had; the others are named by their api. */
function loadStep(document: SpecDocument): string {
  return document.name === 'jobs' ? 'lint + bundle' : `lint + bundle ${document.api}`;
}

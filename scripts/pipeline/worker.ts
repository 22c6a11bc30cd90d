/**
 * The pipeline's second thread. Generators that set `worker` run there: the worker loads what
 * they need (TypeScript, for openapi-typescript) while the main thread lints and bundles the specs,
 * then runs each on the bundled spec it is sent and answers the files it emitted.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Generator } from './context.js';
import type { ProjectPaths } from './paths.js';
import type { OpenApiDocument } from './spec-loader.js';

interface Request {
  id: number;
  generator: string;
  spec: OpenApiDocument;
}

type Reply = { id: number; files: Array<[path: string, content: string]> } | { id: number; error: string };

/** The worker's side: warms every worker generator up, then answers requests until it is ended. */
export function serveGenerators(generators: Generator[]): void {
  const port = parentPort;
  if (!port) throw new Error('serveGenerators runs in a worker thread');
  // Requests that arrive while the generators warm up wait in the port's queue.
  port.on('message', async ({ id, generator: name, spec }: Request) => {
    const files: Array<[string, string]> = [];
    try {
      const generator = generators.find((candidate) => candidate.name === name);
      if (!generator?.worker) throw new Error(`the worker has no generator named ${name}`);
      await generator.run({
        paths: (workerData as { paths: ProjectPaths }).paths,
        spec,
        emit: (path, content) => files.push([path, content]),
      });
      port.postMessage({ id, files } satisfies Reply);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  for (const generator of generators) generator.worker?.warmUp?.();
}

/** The main thread's side: one worker, started at once so that it warms up while the specs load. */
export class GeneratorWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve(files: Array<[string, string]>): void; reject(e: Error): void }
  >();
  private nextId = 0;
  /** Set once the worker has stopped; later runs fail with it at once. */
  private stopped: Error | undefined;

  constructor(script: URL, paths: ProjectPaths) {
    this.worker = new Worker(script, { workerData: { paths } });
    this.worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(`in the pipeline's worker: ${reply.error}`));
      else waiting?.resolve(reply.files);
    });
    const fail = (error: Error): void => {
      this.stopped ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the pipeline's worker stopped with exit code ${code}`)));
  }

  /** Runs one generator in the worker; resolves with the files it emitted, in order. */
  run(generator: string, spec: OpenApiDocument): Promise<Array<[string, string]>> {
    const id = this.nextId++;
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, generator, spec } satisfies Request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

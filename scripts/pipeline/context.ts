/** What every generator module receives: its bundled spec, the paths, and a place to emit files. */

import type { ProjectPaths, SpecName } from './paths.js';
import type { OpenApiDocument } from './spec-loader.js';

export interface GeneratedFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export interface GeneratorContext {
  paths: ProjectPaths;
  /** The bundled spec the generator reads. Generators must not mutate it: copy what they change. */
  spec: OpenApiDocument;
  emit(path: string, content: string): void;
}

/** One generator module: one artifact of the pipeline, from one spec. */
export interface Generator {
  name: string;
  /** The spec it reads; the appliance's (`jobs`) when absent. */
  document?: SpecName;
  /** The folders this generator owns; stale generated files in them are removed. */
  owns: string[];
  run(context: GeneratorContext): Promise<void> | void;
  /**
   * Set when the generator runs in the pipeline's worker thread, beside the linting of the specs
   * (scripts/generators/index.ts says which do): `warmUp` loads there what it needs before its
   * spec arrives.
   */
  worker?: { warmUp?(): void };
}

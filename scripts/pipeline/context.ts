/** What every generator module receives: its bundled spec, the paths, and a place to emit files. */

import type { ProjectPaths, SpecName } from './paths.js';
import type { OpenApiDocument } from './spec-loader.js';

export interface EmitOptions {
  /**
   * A committed file is checked by `generate --check`. A build output (the docs page) is written
   * but not checked, because it is not committed.
   */
  committed?: boolean;
}

export interface GeneratedFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  content: string;
  committed: boolean;
}

export interface GeneratorContext {
  paths: ProjectPaths;
  /** The bundled spec the generator reads. Generators must not mutate it: copy what they change. */
  spec: OpenApiDocument;
  /** Files emitted so far by earlier generators, by path. */
  emitted: ReadonlyMap<string, GeneratedFile>;
  emit(path: string, content: string, options?: EmitOptions): void;
}

/** One generator module: one artifact of the pipeline, from one spec. */
export interface Generator {
  name: string;
  /** The spec it reads; the appliance's (`jobs`) when absent. */
  document?: SpecName;
  /** The folders this generator owns; stale generated files in them are removed. */
  owns: string[];
  run(context: GeneratorContext): Promise<void> | void;
}

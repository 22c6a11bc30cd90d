/** The one place that knows where the spec, its lint config and the generated packages live. */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProjectPaths {
  /** The repository root. */
  root: string;
  /** The hand-written spec folder. */
  specDir: string;
  /** The spec's root document. */
  specRoot: string;
  /** The Redocly configuration with the lint rules. */
  redoclyConfig: string;
  /** The workspace packages. */
  packages: string;
}

export function projectPaths(root = fileURLToPath(new URL('../..', import.meta.url))): ProjectPaths {
  const resolvedRoot = path.resolve(root);
  return {
    root: resolvedRoot,
    specDir: path.join(resolvedRoot, 'openapi'),
    specRoot: path.join(resolvedRoot, 'openapi', 'openapi.yaml'),
    redoclyConfig: path.join(resolvedRoot, 'redocly.yaml'),
    packages: path.join(resolvedRoot, 'packages'),
  };
}

/** The one place that knows where the specs, their lint config and the generated packages live. */

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hand-written specs, by the name generators give in `Generator.document`. */
export const SPEC_DOCUMENTS = {
  /** The appliance's API: Jobs v2 and the inventory. */
  jobs: { api: 'jobs@v2', root: 'openapi/openapi.yaml' },
  /** The simulator's control API, for tests. */
  control: { api: 'control@v1', root: 'openapi/control/openapi.yaml' },
} as const;

export type SpecName = keyof typeof SPEC_DOCUMENTS;

export interface SpecDocument {
  name: SpecName;
  /** Its entry under `apis` in redocly.yaml. */
  api: string;
  /** Its root document. */
  root: string;
}

export interface ProjectPaths {
  /** The repository root. */
  root: string;
  /** The hand-written spec folder. */
  specDir: string;
  /** The appliance spec's root document. */
  specRoot: string;
  /** Every hand-written spec, the appliance's first. */
  documents: SpecDocument[];
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
    specRoot: path.join(resolvedRoot, SPEC_DOCUMENTS.jobs.root),
    documents: Object.entries(SPEC_DOCUMENTS).map(([name, spec]) => ({
      name: name as SpecName,
      api: spec.api,
      root: path.join(resolvedRoot, spec.root),
    })),
    redoclyConfig: path.join(resolvedRoot, 'redocly.yaml'),
    packages: path.join(resolvedRoot, 'packages'),
  };
}

/**
 * Loads a hand-written spec once: resolves every file, lints it with the rules in
 * redocly.yaml and bundles it into one in-memory OpenAPI document.
 * See https://redocly.com/docs/cli/api for the library calls.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config, NormalizedProblem } from '@redocly/openapi-core';
import type { ProjectPaths, SpecDocument } from './paths.js';

// Redocly is loaded on the first load of a spec, not with this module: loading it is a good part
// of a run, and the pipeline starts its worker thread first, so that both load side by side.
let redocly: Promise<typeof import('@redocly/openapi-core')> | undefined;
const loadRedocly = (): Promise<typeof import('@redocly/openapi-core')> =>
  (redocly ??= import('@redocly/openapi-core'));

process.env.REDOCLY_TELEMETRY ??= 'off';
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE ??= 'true';

/** A bundled OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

/** One lint or resolve finding, located in a spec file. */
export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: 'error' | 'warn';
  message: string;
}

export interface LoadedSpec {
  /** Which spec it is. */
  name: SpecDocument['name'];
  document: OpenApiDocument;
  /** Every file the bundle was built from, for watching. */
  files: string[];
  warnings: SpecProblem[];
}

/** Raised when the spec cannot be resolved, linted clean or bundled. */
export class SpecError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(
      `the spec has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.severity} [${p.rule}] ${p.message}`).join('\n'),
    );
    this.name = 'SpecError';
  }
}

function toSpecProblem(
  problem: NormalizedProblem,
  root: string,
  getLineColLocation: typeof import('@redocly/openapi-core').getLineColLocation,
): SpecProblem {
  const location = problem.location[0];
  let file = '(unknown)';
  let line = 1;
  let column = 1;
  if (location) {
    file = path.relative(root, location.source.absoluteRef);
    try {
      const { start } = getLineColLocation(location);
      line = start.line;
      column = start.col;
    } catch {
      // A file that does not parse has no syntax tree to locate the pointer in.
    }
  }
  const yamlPosition = /\((\d+):(\d+)\)\s*$/.exec(problem.message);
  if (yamlPosition && problem.ruleId === 'no-unresolved-refs' && /Failed to parse/.test(problem.message)) {
    line = Number(yamlPosition[1]);
    column = Number(yamlPosition[2]);
  }
  return {
    file,
    line,
    column,
    rule: problem.ruleId,
    severity: problem.severity === 'error' ? 'error' : 'warn',
    message: problem.message.split('\n')[0] ?? problem.message,
  };
}

let cachedConfig: { key: string; config: Promise<Config> } | undefined;

/** Loads redocly.yaml, again only when it changed (a watcher reloads the spec many times). */
async function redoclyConfig(configPath: string): Promise<Config> {
  const key = `${configPath}@${(await stat(configPath)).mtimeMs}`;
  if (cachedConfig?.key !== key) {
    cachedConfig = { key, config: loadRedocly().then(({ loadConfig }) => loadConfig({ configPath })) };
  }
  return cachedConfig.config;
}

/**
 * Resolves, lints and bundles a spec, the appliance's unless `spec` names another. Throws
 * SpecError on any error-level finding.
 */
export async function loadSpec(paths: ProjectPaths, spec: SpecDocument = paths.documents[0]!): Promise<LoadedSpec> {
  const { BaseResolver, bundleDocument, detectSpec, getLineColLocation, getTypes, lintDocument } = await loadRedocly();
  const config = await redoclyConfig(paths.redoclyConfig);
  const toProblem = (problem: NormalizedProblem): SpecProblem => toSpecProblem(problem, paths.root, getLineColLocation);
  const resolver = new BaseResolver(config.resolve);
  const resolved = await resolver.resolveDocument(null, spec.root, true);
  if (resolved instanceof Error) {
    const position = /\((\d+):(\d+)\)/.exec(resolved.message);
    throw new SpecError([
      {
        file: path.relative(paths.root, spec.root),
        line: position ? Number(position[1]) : 1,
        column: position ? Number(position[2]) : 1,
        rule: 'parse',
        severity: 'error',
        message: resolved.message.split('\n')[0] ?? resolved.message,
      },
    ]);
  }
  const problems = (await lintDocument({ document: resolved, config, externalRefResolver: resolver }))
    .filter((p) => !p.ignored)
    .map(toProblem);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new SpecError(errors);

  const types = getTypes(detectSpec(resolved.parsed));
  const bundled = await bundleDocument({ document: resolved, config, types, externalRefResolver: resolver });
  const bundleErrors = bundled.problems.filter((p) => !p.ignored && p.severity === 'error').map(toProblem);
  if (bundleErrors.length > 0) throw new SpecError(bundleErrors);

  return {
    name: spec.name,
    document: bundled.bundle.parsed as OpenApiDocument,
    files: [...resolver.getFiles()].sort(),
    warnings: problems.filter((p) => p.severity === 'warn'),
  };
}

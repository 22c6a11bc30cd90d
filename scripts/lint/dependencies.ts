/**
 * The dependency rules of `pnpm lint`: dependency-cruiser applies the rules of
 * .dependency-cruiser.json (no cycle, no relative import into another package, no upward import
 * between layers, every installed package declared), and every import of a workspace package is
 * declared in the importer's package.json, which dependency-cruiser cannot tell for linked
 * workspace packages. See https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The part of dependency-cruiser's JSON output these checks read. */
export interface CruiseResult {
  modules: Array<{ source: string; dependencies: Array<{ module: string; resolved: string }> }>;
  summary: {
    violations: Array<{ from: string; to: string; rule: { name: string }; cycle?: Array<{ name: string }> }>;
    totalCruised: number;
    totalDependenciesCruised: number;
  };
}

export const WORKSPACE_SCOPE = '@eyeglass-jobs/';
const CRUISED = ['packages', 'scripts', 'vitest.config.ts'];

// dependency-cruiser exports no path to its command, which sits two folders above its main module.
const depcruise = path.join(
  path.dirname(fileURLToPath(import.meta.resolve('dependency-cruiser'))),
  '../../bin/dependency-cruise.mjs',
);

/** Runs dependency-cruiser over the workspace with its configuration. */
export function cruiseWorkspace(root: string): Promise<CruiseResult> {
  const args = [depcruise, '--config', '.dependency-cruiser.json', '--output-type', 'json', ...CRUISED];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', () => {
      try {
        resolve(JSON.parse(stdout) as CruiseResult);
      } catch {
        reject(new Error(`dependency-cruiser gave no report:\n${stderr || stdout}`));
      }
    });
  });
}

/** One line per broken rule, a cycle with its whole path. */
export function ruleViolations(result: CruiseResult): string[] {
  return result.summary.violations.map((violation) => {
    const to = violation.cycle
      ? [violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')
      : violation.to;
    return `${violation.rule.name}: ${violation.cycle ? to : `${violation.from} → ${to}`}`;
  });
}

/** The package.json a root-relative source file belongs to: its package's, or the root's. */
export function manifestOf(source: string): string {
  const match = /^packages\/([^/]+)\//.exec(source);
  return match ? `packages/${match[1]}/package.json` : 'package.json';
}

export interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Imports of a workspace package that the importer's package.json does not declare. */
export function undeclaredWorkspaceImports(result: CruiseResult, manifests: ReadonlyMap<string, Manifest>): string[] {
  const problems = new Set<string>();
  for (const module of result.modules) {
    const manifestPath = manifestOf(module.source);
    const manifest = manifests.get(manifestPath) ?? {};
    const declared = new Set([
      manifest.name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.devDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    for (const dependency of module.dependencies) {
      if (!dependency.module.startsWith(WORKSPACE_SCOPE)) continue;
      const name = dependency.module.split('/').slice(0, 2).join('/');
      if (!declared.has(name)) {
        problems.add(`undeclared-workspace-package: ${module.source} → ${name}, not in ${manifestPath}`);
      }
    }
  }
  return [...problems].sort();
}

/** Reads the package.json of every module the result names. */
export async function readManifests(root: string, result: CruiseResult): Promise<Map<string, Manifest>> {
  const manifests = new Map<string, Manifest>();
  for (const file of new Set(result.modules.map((module) => manifestOf(module.source)))) {
    const text = await readFile(path.join(root, file), 'utf8').catch(() => '{}');
    manifests.set(file, JSON.parse(text) as Manifest);
  }
  return manifests;
}

/** Every broken dependency rule of the workspace, as lines to print. */
export async function dependencyProblems(root: string): Promise<{ problems: string[]; modules: number }> {
  const result = await cruiseWorkspace(root);
  const manifests = await readManifests(root, result);
  return {
    problems: [...ruleViolations(result), ...undeclaredWorkspaceImports(result, manifests)],
    modules: result.summary.totalCruised,
  };
}

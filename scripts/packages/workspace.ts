/** The public packages of the workspace, read from their manifests, in the order they build. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

export interface WorkspacePackage {
  name: string;
  /** The package folder. */
  dir: string;
  manifest: Manifest;
  /** The workspace packages it needs at run time (dependencies and peers). */
  needs: string[];
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every package under packages/ that is not private, in dependency order. */
export function publicPackages(root: string): WorkspacePackage[] {
  const folder = path.join(root, 'packages');
  const all = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(folder, entry.name))
    .filter((dir) => {
      try {
        readManifest(dir);
        return true;
      } catch {
        return false;
      }
    })
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter(({ manifest }) => manifest.private !== true);
  const names = new Set(all.map(({ manifest }) => manifest.name));
  const packages = all.map(({ dir, manifest }) => ({
    name: manifest.name,
    dir,
    manifest,
    needs: Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter((name) => names.has(name)),
  }));
  return buildLevels(packages).flat();
}

/** Groups packages so that each group needs only packages of earlier groups: one group can build at once. */
export function buildLevels(packages: readonly WorkspacePackage[]): WorkspacePackage[][] {
  const levels: WorkspacePackage[][] = [];
  const placed = new Set<string>();
  let left = [...packages].sort((a, b) => a.name.localeCompare(b.name));
  while (left.length > 0) {
    const ready = left.filter((pkg) => pkg.needs.every((name) => placed.has(name)));
    if (ready.length === 0) throw new Error(`a dependency cycle among ${left.map((pkg) => pkg.name).join(', ')}`);
    levels.push(ready);
    for (const pkg of ready) placed.add(pkg.name);
    left = left.filter((pkg) => !ready.includes(pkg));
  }
  return levels;
}

/** The file name npm and pnpm give a package's tarball. */
export function tarballName(manifest: Manifest): string {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
}

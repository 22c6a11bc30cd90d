/**
 * "Every change to a package carries a changeset": the public packages whose published files
 * changed since the base, and whether a pending changeset names each one. Pending changesets are
 * the ones since the last release (`changeset version` consumes them), so after a release each
 * package changed since needs one of its own; before the first release, the first-release
 * changesets name every package.
 */
import path from 'node:path';
import type { ReleasePlan } from '@changesets/types';
import { publicPackages, type WorkspacePackage } from '../packages/workspace.js';
import { changedFiles, fileAt } from './git.js';

/** Manifest fields that do not reach a user of the package. */
const UNPUBLISHED_FIELDS = new Set(['devDependencies', 'scripts']);

export interface PackageChange {
  name: string;
  /** The changed files that ship, relative to the repository root. */
  files: string[];
}

function relativeDir(root: string, pkg: WorkspacePackage): string {
  return path.relative(root, pkg.dir).split(path.sep).join('/');
}

/** True when the file ships in the package: under one of its `files`, or one npm always packs. */
function ships(pkg: WorkspacePackage, inPackage: string): boolean {
  if (inPackage === 'README.md' || inPackage === 'LICENSE') return true;
  return (pkg.manifest.files ?? []).some((entry) => inPackage === entry || inPackage.startsWith(`${entry}/`));
}

/** True when the manifest changed in a field a user of the package sees. */
function manifestChanged(root: string, base: string, file: string, current: string): boolean {
  const before = fileAt(root, base, file);
  if (before === undefined) return true;
  const published = (json: string) =>
    JSON.stringify(
      Object.entries(JSON.parse(json) as Record<string, unknown>).filter(([key]) => !UNPUBLISHED_FIELDS.has(key)),
    );
  return published(before) !== published(current);
}

export function changedPackages(root: string, base: string, readFile: (file: string) => string): PackageChange[] {
  const files = changedFiles(root, base);
  const changes: PackageChange[] = [];
  for (const pkg of publicPackages(root)) {
    const dir = relativeDir(root, pkg);
    const shipped = files.filter((file) => {
      if (!file.startsWith(`${dir}/`)) return false;
      const inPackage = file.slice(dir.length + 1);
      if (inPackage === 'package.json') return manifestChanged(root, base, file, readFile(file));
      return ships(pkg, inPackage);
    });
    if (shipped.length > 0) changes.push({ name: pkg.name, files: shipped });
  }
  return changes;
}

/** The changed packages no pending changeset names. */
export function uncovered(changes: readonly PackageChange[], plan: ReleasePlan): PackageChange[] {
  const named = new Set(plan.changesets.flatMap((changeset) => changeset.releases.map((release) => release.name)));
  return changes.filter((change) => !named.has(change.name));
}

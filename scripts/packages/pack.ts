/**
 * Packs every public package with `pnpm pack`, whose `prepack` builds it from a clean `dist/`:
 * what is checked is what `pnpm publish` would send. Packages of one build level pack side by
 * side, two at a time.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inPairs, runOrThrow } from './processes.js';
import { buildLevels, tarballName, type WorkspacePackage } from './workspace.js';

export interface Packed {
  pkg: WorkspacePackage;
  tarball: string;
}

async function packOne(pkg: WorkspacePackage, destination: string): Promise<Packed> {
  await runOrThrow('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir, timeoutMs: 300_000 });
  const tarball = path.join(destination, tarballName(pkg.manifest));
  if (!existsSync(tarball)) throw new Error(`pnpm pack of ${pkg.name} made no ${path.basename(tarball)}`);
  return { pkg, tarball };
}

export async function packAll(packages: readonly WorkspacePackage[], destination: string): Promise<Packed[]> {
  const packed: Packed[] = [];
  for (const level of buildLevels(packages)) packed.push(...(await inPairs(level, (pkg) => packOne(pkg, destination))));
  return packed;
}

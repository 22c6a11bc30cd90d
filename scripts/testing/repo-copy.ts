/**
 * A throwaway copy of the repository for tests that edit the spec or generated files: the
 * sources are copied, `node_modules` folders are linked, and nothing touches the real tree.
 */
import { cp, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ProjectPaths, projectPaths } from '../pipeline/paths.js';

export interface RepoCopy {
  root: string;
  paths: ProjectPaths;
  remove(): Promise<void>;
}

const SKIP = new Set(['node_modules', 'dist', '.git', 'site', '.data']);

export async function copyRepo(source: string = projectPaths().root): Promise<RepoCopy> {
  const root = await mkdtemp(path.join(tmpdir(), 'eyeglass-jobs-'));
  for (const entry of ['openapi', 'scripts', 'packages', 'redocly.yaml', 'package.json', 'tsconfig.base.json']) {
    await cp(path.join(source, entry), path.join(root, entry), {
      recursive: true,
      filter: (from) => !SKIP.has(path.basename(from)),
    });
  }
  await symlink(path.join(source, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const pkg of await readdir(path.join(source, 'packages'))) {
    const modules = path.join(source, 'packages', pkg, 'node_modules');
    await symlink(modules, path.join(root, 'packages', pkg, 'node_modules'), 'dir').catch(() => undefined);
  }
  return { root, paths: projectPaths(root), remove: () => rm(root, { recursive: true, force: true }) };
}

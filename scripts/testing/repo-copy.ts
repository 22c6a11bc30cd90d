/**
 * A throwaway copy of the repository for tests that edit the spec, the generators or generated
 * files: the sources are copied and the installed packages linked. The workspace's own packages
 * are linked as pnpm links them, to the copy's packages, so that an import by package name in
 * the copy reads the copy's sources; and the copy keeps its own cache. Nothing touches the real tree.
 */
import { cp, mkdir, mkdtemp, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ProjectPaths, projectPaths } from '../pipeline/paths.js';

export interface RepoCopy {
  root: string;
  paths: ProjectPaths;
  remove(): Promise<void>;
}

const SKIP = new Set(['node_modules', 'dist', '.git', 'site', '.data']);
const WORKSPACE_SCOPE = '@eyeglass-jobs';

/** Rebuilds a `node_modules` folder in the copy: installed packages linked, workspace links kept relative. */
async function linkModules(from: string, to: string): Promise<void> {
  const entries = await readdir(from).catch(() => undefined);
  if (!entries) return;
  await mkdir(to);
  for (const entry of entries) {
    if (entry === '.cache') continue;
    if (entry !== WORKSPACE_SCOPE) {
      await symlink(path.join(from, entry), path.join(to, entry));
      continue;
    }
    await mkdir(path.join(to, entry));
    for (const name of await readdir(path.join(from, entry))) {
      await symlink(await readlink(path.join(from, entry, name)), path.join(to, entry, name));
    }
  }
}

export async function copyRepo(source: string = projectPaths().root): Promise<RepoCopy> {
  const root = await mkdtemp(path.join(tmpdir(), 'eyeglass-jobs-'));
  for (const entry of ['openapi', 'scripts', 'packages', 'redocly.yaml', 'package.json', 'tsconfig.base.json']) {
    await cp(path.join(source, entry), path.join(root, entry), {
      recursive: true,
      filter: (from) => !SKIP.has(path.basename(from)),
    });
  }
  await linkModules(path.join(source, 'node_modules'), path.join(root, 'node_modules'));
  for (const pkg of await readdir(path.join(source, 'packages'))) {
    await linkModules(
      path.join(source, 'packages', pkg, 'node_modules'),
      path.join(root, 'packages', pkg, 'node_modules'),
    );
  }
  return { root, paths: projectPaths(root), remove: () => rm(root, { recursive: true, force: true }) };
}

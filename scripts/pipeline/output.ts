/**
 * Compares generated files with what is on disk, and writes only what changed, so an unchanged
 * spec leaves every file untouched and watchers stay quiet.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedFile } from './context.js';
import { GENERATED_NOTICE } from './header.js';

export type FileChange = { path: string; kind: 'added' | 'changed' | 'removed' };

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Generated files that are on disk in an owned folder but no longer produced. */
async function staleFiles(root: string, owned: string[], files: Map<string, GeneratedFile>): Promise<string[]> {
  const stale: string[] = [];
  for (const dir of owned) {
    for (const absolute of await listFiles(path.join(root, dir))) {
      const relative = path.relative(root, absolute).split(path.sep).join('/');
      if (files.has(relative)) continue;
      const content = await readIfExists(absolute);
      // Only a file that says it is generated may be removed; anything else is someone's work.
      if (content?.includes(GENERATED_NOTICE)) stale.push(relative);
    }
  }
  return stale.sort();
}

/** Lists how the committed files on disk differ from the generated ones. */
export async function diffOutputs(
  root: string,
  owned: string[],
  files: Map<string, GeneratedFile>,
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of [...files.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const current = await readIfExists(path.join(root, file.path));
    if (current === undefined) changes.push({ path: file.path, kind: 'added' });
    else if (current !== file.content) changes.push({ path: file.path, kind: 'changed' });
  }
  for (const stale of await staleFiles(root, owned, files)) changes.push({ path: stale, kind: 'removed' });
  return changes;
}

/** Writes the files whose content differs, removes stale generated files, and reports both. */
export async function writeOutputs(
  root: string,
  owned: string[],
  files: Map<string, GeneratedFile>,
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of [...files.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const target = path.join(root, file.path);
    const current = await readIfExists(target);
    if (current === file.content) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
    changes.push({ path: file.path, kind: current === undefined ? 'added' : 'changed' });
  }
  for (const stale of await staleFiles(root, owned, files)) {
    await rm(path.join(root, stale));
    changes.push({ path: stale, kind: 'removed' });
  }
  return changes;
}

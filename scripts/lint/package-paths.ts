/**
 * Paths built at run time that reach into another package's folders, such as
 * `new URL('../../../simulator/src/cli/eyeglass-sim.ts', import.meta.url)`. The dependency rules
 * see imports only; a file path bypasses a package's exports just the same. A package may resolve
 * paths inside its own folder, or up to the repository root; another package is reached by name.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface PathReach {
  /** The file that builds the path, relative to the root. */
  file: string;
  line: number;
  /** The relative path as written. */
  written: string;
  /** Where it lands, relative to the root. */
  target: string;
}

const URL_FROM_MODULE = /new URL\(\s*(['"`])(\.{1,2}\/[^'"`]*)\1\s*,\s*import\.meta\.url\s*\)/g;
const SOURCE = /\.(ts|mts|js|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', 'site', 'generated']);

/** The package a root-relative path is in (`client` for `packages/client/src/x.ts`), if any. */
function packageOf(relative: string): string | undefined {
  return /^packages\/([^/]+)(\/|$)/.exec(relative)?.[1];
}

/** The reaches into another package in one file's text. */
export function pathReaches(file: string, text: string): PathReach[] {
  const own = packageOf(file);
  const reaches: PathReach[] = [];
  for (const match of text.matchAll(URL_FROM_MODULE)) {
    const written = match[2]!;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), written));
    const into = packageOf(target);
    if (into === undefined || into === own) continue;
    const line = text.slice(0, match.index).split('\n').length;
    reaches.push({ file, line, written, target });
  }
  return reaches;
}

async function sourceFiles(root: string, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await sourceFiles(root, relative)));
    else if (SOURCE.test(entry.name)) files.push(relative);
  }
  return files;
}

/** Every reach into another package's folders in `packages/` and `scripts/`. */
export async function findPathReaches(root: string): Promise<PathReach[]> {
  const files = [...(await sourceFiles(root, 'packages')), ...(await sourceFiles(root, 'scripts'))];
  const reaches: PathReach[] = [];
  for (const file of files) reaches.push(...pathReaches(file, await readFile(path.join(root, file), 'utf8')));
  return reaches;
}

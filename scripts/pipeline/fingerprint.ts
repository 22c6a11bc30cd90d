/**
 * Lets a run with unchanged inputs finish without loading the generators: the hash of every
 * input (spec, lint rules, generator sources, lockfile) and of every output written last time is
 * kept under node_modules/.cache. Any edit to an input, or to or of an output, makes a full run.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectPaths } from './paths.js';

interface Stamp {
  inputs: string;
  outputs: Record<string, string>;
}

const stampFile = (paths: ProjectPaths): string =>
  path.join(paths.root, 'node_modules', '.cache', 'eyeglass-jobs', 'generate.json');

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.includes(`${path.sep}test${path.sep}`));
}

/** The hash of everything that decides the output. */
export async function inputsHash(paths: ProjectPaths): Promise<string> {
  const files = [
    ...(await filesUnder(paths.specDir)),
    ...(await filesUnder(path.join(paths.root, 'scripts'))),
    paths.redoclyConfig,
    path.join(paths.root, 'pnpm-lock.yaml'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(paths.root, file));
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex');
}

/** True when the inputs and every output are exactly as the last full run left them. */
export async function isUpToDate(paths: ProjectPaths, inputs: string): Promise<boolean> {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(stampFile(paths), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.inputs !== inputs) return false;
  for (const [file, hash] of Object.entries(stamp.outputs)) {
    const content = await readFile(path.join(paths.root, file)).catch(() => undefined);
    if (!content || sha(content) !== hash) return false;
  }
  return true;
}

/** Records the inputs and outputs of a successful run. */
export async function recordRun(
  paths: ProjectPaths,
  inputs: string,
  outputs: Iterable<{ path: string; content: string }>,
): Promise<void> {
  const stamp: Stamp = { inputs, outputs: {} };
  for (const file of outputs) stamp.outputs[file.path] = sha(file.content);
  await mkdir(path.dirname(stampFile(paths)), { recursive: true });
  await writeFile(stampFile(paths), JSON.stringify(stamp));
}

/**
 * Lets a run with unchanged inputs finish without loading the generators. The inputs are what the
 * generators really read: the modules of the bundled pipeline (esbuild's metafile, which holds
 * scripts/ and every package source the generators import, such as the docs package's samples
 * code), the spec, its lint rules and the lockfile (which pins the tools). The hash of each input
 * and of every output written is kept in the checkout's cache; any edit to an input, to or of an
 * output, or a module joining or leaving the pipeline makes a full run.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectPaths } from './paths.js';

/** The hash of each input, by path relative to the root. */
export type RunInputs = Record<string, string>;

interface Stamp {
  inputs: RunInputs;
  outputs: Record<string, string>;
}

const stampFile = (cacheDir: string): string => path.join(cacheDir, 'generate.json');

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

const relative = (paths: ProjectPaths, file: string): string =>
  path.relative(paths.root, path.resolve(paths.root, file)).split(path.sep).join('/');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Reads and hashes every input of a run: the pipeline's modules, the spec, its lint rules, the lockfile. */
export async function readInputs(paths: ProjectPaths, pipelineSources: readonly string[]): Promise<RunInputs> {
  const files = [
    ...pipelineSources,
    ...(await filesUnder(paths.specDir)),
    paths.redoclyConfig,
    path.join(paths.root, 'pnpm-lock.yaml'),
  ].map((file) => relative(paths, file));
  const inputs: RunInputs = {};
  for (const file of [...new Set(files)].sort()) {
    // A file that is missing hashes as empty, so that its coming back is a change too.
    inputs[file] = sha(await readFile(path.join(paths.root, file)).catch(() => Buffer.alloc(0)));
  }
  return inputs;
}

function sameInputs(recorded: RunInputs, current: RunInputs): boolean {
  const files = Object.keys(current);
  return files.length === Object.keys(recorded).length && files.every((file) => recorded[file] === current[file]);
}

/** True when the inputs and every output are exactly as the last full run left them. */
export async function isUpToDate(paths: ProjectPaths, cacheDir: string, inputs: RunInputs): Promise<boolean> {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(stampFile(cacheDir), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (!sameInputs(stamp.inputs ?? {}, inputs)) return false;
  for (const [file, hash] of Object.entries(stamp.outputs)) {
    const content = await readFile(path.join(paths.root, file)).catch(() => undefined);
    if (!content || sha(content) !== hash) return false;
  }
  return true;
}

/** Records the inputs, as read before the run, and the outputs of a successful run. */
export async function recordRun(
  cacheDir: string,
  inputs: RunInputs,
  outputs: Iterable<{ path: string; content: string }>,
): Promise<void> {
  const stamp: Stamp = { inputs, outputs: {} };
  for (const file of outputs) stamp.outputs[file.path] = sha(file.content);
  await mkdir(cacheDir, { recursive: true });
  // Written aside and renamed, so a concurrent run never reads half a stamp.
  const pending = `${stampFile(cacheDir)}.${process.pid}.tmp`;
  await writeFile(pending, JSON.stringify(stamp));
  await rename(pending, stampFile(cacheDir));
}

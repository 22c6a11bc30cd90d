/**
 * A throwaway copy of the working tree for a dry run: every file git would commit now (untracked
 * ones included, ignored ones not), with its own install, so that versioning and building it
 * leaves this checkout as it was.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runOrThrow } from '../packages/processes.js';

export interface WorkingCopy {
  root: string;
  remove(): void;
}

function extract(root: string, tree: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', tree], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tar = spawn('tar', ['-x', '-C', into], { stdio: ['pipe', 'inherit', 'inherit'] });
    archive.stdout.pipe(tar.stdin);
    archive.on('error', reject);
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}`))));
  });
}

export async function workingCopy(root: string): Promise<WorkingCopy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eyeglass-release-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    // A private index, so that the checkout's own index is not touched.
    const env = { ...process.env, GIT_INDEX_FILE: path.join(dir, 'index') };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8' }).trim();
    git('read-tree', 'HEAD');
    git('add', '--all');
    const tree = git('write-tree');
    const copy = path.join(dir, 'repo');
    mkdirSync(copy);
    await extract(root, tree, copy);
    // From the store: offline, and better-sqlite3 comes built from pnpm's cache of its build.
    await runOrThrow('pnpm', ['install', '--frozen-lockfile', '--offline'], { cwd: copy, timeoutMs: 600_000 });
    return { root: copy, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * Where the command line keeps its files: the database (`.data/eyeglass-sim.db` in the working
 * directory by default) and, beside it, the generated development key and TLS certificate.
 * An in-memory database has no such files: they are generated for the run only.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const defaultDatabasePath = join('.data', 'eyeglass-sim.db');

/** The path of a file kept beside the database: `.data/eyeglass-sim.db` → `.data/eyeglass-sim<suffix>`. */
export function besideDatabase(dbPath: string, suffix: string): string | undefined {
  if (dbPath === ':memory:') return undefined;
  return `${dbPath.replace(/\.(db|sqlite3?)$/, '')}${suffix}`;
}

const errnoWords: Record<string, string> = {
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a folder on its path is a file',
  EROFS: 'read-only file system',
  ENOSPC: 'the disk is full',
};

/** A file error as one sentence naming the file (`what` says what the file is) and the cause. */
export function fileError(what: string, path: string, verb: string, error: unknown): Error {
  const { code, message } = error as NodeJS.ErrnoException;
  return new Error(`The ${what} ${path} cannot be ${verb} (${errnoWords[code ?? ''] ?? message}).`, { cause: error });
}

/** Reads a kept file, or creates it (readable by its owner only) with `create()`; errors name the file as `what`. */
export async function keptFile(
  path: string | undefined,
  create: () => string | Promise<string>,
  what = 'file',
): Promise<{ text: string; created: boolean }> {
  if (path && existsSync(path)) {
    try {
      return { text: readFileSync(path, 'utf8'), created: false };
    } catch (error) {
      throw fileError(what, path, 'read', error);
    }
  }
  const text = await create();
  if (path) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      // Written aside and renamed: a process killed mid-write leaves no empty key or certificate.
      const partial = `${path}.${process.pid}.partial`;
      writeFileSync(partial, text, { mode: 0o600 });
      chmodSync(partial, 0o600);
      renameSync(partial, path);
    } catch (error) {
      throw fileError(what, path, 'written', error);
    }
  }
  return { text, created: true };
}

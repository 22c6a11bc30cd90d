/**
 * Opens the simulator's SQLite database (better-sqlite3) and creates its tables. A file database
 * runs in WAL mode with `synchronous = FULL`, so a committed job, step or log line survives a
 * crash, and with an exclusive lock, so a second simulator cannot open the same file and mistake
 * the first one's running jobs for interrupted ones. A file that is not a simulator database of
 * this schema version is refused before anything is written to it, and every refusal names the
 * path and the cause.
 */
import { accessSync, constants, mkdirSync, type Stats, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SimulatorDatabase = Database.Database;

/** Bump when the tables change; a database of another version is refused rather than misread. */
export const schemaVersion = 1;

const schema = `
CREATE TABLE job (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('failover', 'readiness', 'replication')),
  job_type TEXT,
  name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'finished')),
  success INTEGER,
  created INTEGER NOT NULL,
  finished INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  subject TEXT
);
CREATE INDEX job_by_kind ON job (kind, seq);
CREATE INDEX job_by_state ON job (kind, state, seq);
CREATE INDEX job_by_success ON job (kind, success, seq);
CREATE INDEX job_by_age ON job (kind, state, finished);

CREATE TABLE step (
  job_seq INTEGER NOT NULL REFERENCES job (seq) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  parent_ord INTEGER,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  status TEXT NOT NULL,
  info TEXT NOT NULL,
  started INTEGER NOT NULL,
  finished INTEGER NOT NULL,
  PRIMARY KEY (job_seq, ord)
) WITHOUT ROWID;

CREATE TABLE log_line (
  job_seq INTEGER NOT NULL REFERENCES job (seq) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (job_seq, line_no)
) WITHOUT ROWID;

CREATE TABLE entity_state (
  id TEXT PRIMARY KEY,
  active_node TEXT NOT NULL,
  mode TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Marks a database as the simulator's (SQLite's `application_id`), so that no other file is mistaken for one. */
export const applicationId = 0x45474c53;

const ownTables = ['entity_state', 'job', 'log_line', 'step'];

/** Why a database path cannot serve, in words, for errors that name the path. */
function cause(error: unknown): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error).message;
  if (code === 'SQLITE_NOTADB') return `is not a SQLite database (${message})`;
  if (code.startsWith('SQLITE_CORRUPT')) return `is corrupt (${message})`;
  if (code.startsWith('SQLITE_READONLY')) return 'is read-only: the simulator must write to it';
  if (code === 'SQLITE_FULL') return `cannot be written: the disk is full (${message})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `cannot be opened (${message})`;
  if (code.startsWith('SQLITE_IOERR')) return `cannot be read or written (${message})`;
  return `cannot be opened (${message})`;
}

const errnoWords: Record<string, string> = {
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOENT: 'no such folder',
  ENOSPC: 'the disk is full',
};

const writable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** Refuses, naming the path, what SQLite would refuse with a bare message: a folder, a read-only file, no way to make the folder. */
function checkPath(path: string): void {
  let stats: Stats | undefined;
  try {
    stats = statSync(path);
  } catch {
    stats = undefined;
  }
  if (stats?.isDirectory()) throw new Error(`The database ${path} is a directory, not a file.`);
  if (stats && !writable(path)) throw new Error(`The database ${path} is read-only: the simulator must write to it.`);
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const { code, path: failed } = error as NodeJS.ErrnoException;
    throw new Error(
      `The database ${path} cannot be created: its folder ${failed ?? folder} cannot be made (${errnoWords[code ?? ''] ?? (error as Error).message}).`,
    );
  }
  // The WAL and its index are files beside the database.
  if (!writable(folder)) throw new Error(`The database ${path} cannot be used: its folder ${folder} is read-only.`);
}

/** Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`. */
export function openDatabase(path: string): SimulatorDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory) checkPath(path);
  let db: SimulatorDatabase;
  try {
    // No busy wait: the only other holder of the lock would be another simulator, which keeps it.
    db = new Database(path, { timeout: 0 });
  } catch (error) {
    throw new Error(`The database ${path} ${cause(error)}.`, { cause: error });
  }
  try {
    prepare(db, inMemory, path);
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === undefined) throw error;
    throw new Error(`The database ${path} ${cause(error)}.`, { cause: error });
  }
  return db;
}

const inUse = (path: string) => new Error(`The database ${path} is in use by another simulator process.`);

/** What a file holds before the simulator changes anything in it. */
function identify(db: SimulatorDatabase, path: string): { version: number; marked: boolean } {
  let found: { application: number; version: number; tables: string[] };
  try {
    found = {
      application: db.pragma('application_id', { simple: true }) as number,
      version: db.pragma('user_version', { simple: true }) as number,
      tables: db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((row) => row.name),
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw inUse(path);
    throw error;
  }
  const foreignTables = found.tables.filter((table) => !ownTables.includes(table));
  if (found.application !== 0 && found.application !== applicationId) {
    throw new Error(
      `The database ${path} is not a simulator database (its application id is ${found.application}): give --db a new file.`,
    );
  }
  if (foreignTables.length > 0 || (found.tables.length > 0 && found.version === 0)) {
    const shown = (foreignTables.length > 0 ? foreignTables : found.tables).slice(0, 5).join(', ');
    throw new Error(
      `The database ${path} is not a simulator database (it holds the tables ${shown}): give --db a new file.`,
    );
  }
  if (found.version !== 0 && found.version !== schemaVersion) {
    throw new Error(
      `The database ${path} has schema version ${found.version}; this simulator reads version ${schemaVersion}.`,
    );
  }
  return { version: found.version, marked: found.application === applicationId };
}

/**
 * Opens an in-memory database from the bytes `db.serialize()` gave, of an in-memory or a file
 * database: a copy to go on from, as a snapshot is restored.
 */
export function openDatabaseImage(image: Buffer): SimulatorDatabase {
  const copy = Buffer.from(image);
  // SQLite cannot open a WAL-mode image in memory; bytes 18 and 19 say "rollback journal" instead.
  copy[18] = 1;
  copy[19] = 1;
  const db = new Database(copy);
  try {
    prepare(db, true, 'the snapshot');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function prepare(db: SimulatorDatabase, inMemory: boolean, path: string): void {
  if (!inMemory) db.pragma('locking_mode = EXCLUSIVE');
  // Before anything is written: a file of another application, or of another version, stays as it was.
  const { version, marked } = identify(db, path);
  if (!inMemory) {
    try {
      db.pragma('journal_mode = WAL');
      // Takes the exclusive lock now rather than at the first job.
      db.exec('BEGIN IMMEDIATE; COMMIT;');
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw inUse(path);
      throw error;
    }
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  if (version === 0) {
    db.transaction(() => {
      db.exec(schema);
      db.pragma(`user_version = ${schemaVersion}`);
      db.pragma(`application_id = ${applicationId}`);
    })();
  } else if (!marked) {
    // A simulator database made before databases were marked.
    db.pragma(`application_id = ${applicationId}`);
  }
}

/**
 * Opens the simulator's SQLite database (better-sqlite3) and creates its tables. A file database
 * runs in WAL mode with `synchronous = FULL`, so a committed job, step or log line survives a
 * crash, and with an exclusive lock, so a second simulator cannot open the same file and mistake
 * the first one's running jobs for interrupted ones.
 */
import { mkdirSync } from 'node:fs';
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

/** Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`. */
export function openDatabase(path: string): SimulatorDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  // No busy wait: the only other holder of the lock would be another simulator, which keeps it.
  const db = new Database(path, { timeout: 0 });
  try {
    prepare(db, inMemory, path);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
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
  if (!inMemory) {
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.pragma('journal_mode = WAL');
      // Takes the exclusive lock now rather than at the first job.
      db.exec('BEGIN IMMEDIATE; COMMIT;');
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new Error(`The database ${path} is in use by another simulator process.`);
      }
      throw error;
    }
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) {
    db.transaction(() => {
      db.exec(schema);
      db.pragma(`user_version = ${schemaVersion}`);
    })();
  } else if (version !== schemaVersion) {
    throw new Error(
      `The database ${path} has schema version ${version}; this simulator reads version ${schemaVersion}.`,
    );
  }
}

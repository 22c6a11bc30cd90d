import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the database', () => {
  it('runs a file database in WAL mode with full syncs and foreign keys', () => {
    const db = openDatabase(join(dir, 'nested', 'wal.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    db.close();
  });

  it('refuses a second process on the same file while the first has it open', () => {
    const path = join(dir, 'locked.db');
    const first = openDatabase(path);
    expect(() => openDatabase(path)).toThrow(`The database ${path} is in use by another simulator process.`);
    first.close();
    openDatabase(path).close();
  });

  it('refuses a database of another schema version', () => {
    const path = join(dir, 'future.db');
    const other = new Database(path);
    other.pragma('user_version = 99');
    other.close();
    expect(() => openDatabase(path)).toThrow(
      `The database ${path} has schema version 99; this simulator reads version ${schemaVersion}.`,
    );
  });

  it('opens an in-memory database for tests', () => {
    const db = openDatabase(':memory:');
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'job_by_%'").get(),
    ).toEqual({ n: 4 });
    db.close();
  });
});

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Makes a file read-only even for root (`chattr +i`) where chmod alone does not; false when neither can. */
function makeReadOnly(path: string): boolean {
  chmodSync(path, 0o444);
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
function undoReadOnly(path: string): void {
  if (process.getuid?.() === 0) execFileSync('chattr', ['-i', path], { stdio: 'ignore' });
  chmodSync(path, 0o644);
}

describe('a database path that cannot serve', () => {
  it("refuses another application's SQLite file, naming it, and leaves it as it was", () => {
    const path = join(dir, 'crm.sqlite');
    const other = new Database(path);
    other.exec("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customer (name) VALUES ('Ada')");
    other.close();
    const before = digest(path);
    expect(() => openDatabase(path)).toThrow(
      `The database ${path} is not a simulator database (it holds the tables customer): give --db a new file.`,
    );
    expect(digest(path)).toBe(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('crm.sqlite'))).toEqual(['crm.sqlite']);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(reopened.pragma('user_version', { simple: true })).toBe(0);
    reopened.close();
  });

  it('marks its own databases, and still opens one made before it did', () => {
    const path = join(dir, 'own.db');
    openDatabase(path).close();
    const own = new Database(path, { readonly: true });
    expect(own.pragma('application_id', { simple: true })).not.toBe(0);
    own.close();
    const legacy = join(dir, 'legacy.db');
    openDatabase(legacy).close();
    const unmarked = new Database(legacy);
    unmarked.pragma('application_id = 0');
    unmarked.close();
    openDatabase(legacy).close();
  });

  it('names a file that is not a database', () => {
    const path = join(dir, 'corrupt.db');
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    expect(() => openDatabase(path)).toThrow(`The database ${path} is not a SQLite database (file is not a database).`);
  });

  it('names a directory given as the database', () => {
    const path = join(dir, 'a-folder');
    mkdirSync(path);
    expect(() => openDatabase(path)).toThrow(`The database ${path} is a directory, not a file.`);
  });

  it('names a folder that cannot be made for the database', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const path = join(file, 'sub', 'sim.db');
    expect(() => openDatabase(path)).toThrow(
      `The database ${path} cannot be created: its folder ${join(file, 'sub')} cannot be made (not a directory).`,
    );
  });

  it('names a read-only database', (context) => {
    const path = join(dir, 'read-only.db');
    openDatabase(path).close();
    if (!makeReadOnly(path)) context.skip();
    try {
      expect(() => openDatabase(path)).toThrow(`The database ${path} is read-only: the simulator must write to it.`);
      expect(existsSync(`${path}-wal`)).toBe(false);
    } finally {
      undoReadOnly(path);
    }
  });
});

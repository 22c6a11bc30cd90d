import { mkdtempSync, rmSync } from 'node:fs';
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

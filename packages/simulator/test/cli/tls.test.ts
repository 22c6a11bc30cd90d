import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTls } from '../../src/cli/tls.js';

const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database path whose kept certificate and key are written by `files` first. */
function withKept(name: string, files: { cert?: string; key?: string }): { db: string; cert: string; key: string } {
  const db = join(dir, `${name}.db`);
  const cert = join(dir, `${name}.tls-cert.pem`);
  const key = join(dir, `${name}.tls-key.pem`);
  if (files.cert !== undefined) writeFileSync(cert, files.cert);
  if (files.key !== undefined) writeFileSync(key, files.key);
  return { db, cert, key };
}

describe('the kept TLS certificate and key', () => {
  it('are generated once and read back the same', async () => {
    const { db } = withKept('good', {});
    const first = await loadTls(db, '127.0.0.1');
    const again = await loadTls(db, '127.0.0.1');
    expect(again).toEqual(first);
    expect(first.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('are refused when empty, naming the file', async () => {
    const good = await loadTls(join(dir, 'source.db'), '127.0.0.1');
    const emptyKey = withKept('empty-key', { cert: good.cert, key: '' });
    await expect(loadTls(emptyKey.db, '127.0.0.1')).rejects.toThrow(
      `The TLS key ${emptyKey.key} is empty: delete it and ${emptyKey.cert} to have a new pair generated.`,
    );
    const emptyCert = withKept('empty-cert', { cert: '', key: good.key });
    await expect(loadTls(emptyCert.db, '127.0.0.1')).rejects.toThrow(
      `The TLS certificate ${emptyCert.cert} is empty: delete it and ${emptyCert.key} to have a new pair generated.`,
    );
  });

  it('are refused when they are not PEM, naming the file and the cause', async () => {
    const good = await loadTls(join(dir, 'source2.db'), '127.0.0.1');
    const badCert = withKept('bad-cert', { cert: 'not a certificate', key: good.key });
    await expect(loadTls(badCert.db, '127.0.0.1')).rejects.toThrow(
      new RegExp(`^The TLS certificate ${badCert.cert} is not a PEM certificate \\(.+\\)\\.$`),
    );
    const badKey = withKept('bad-key', { cert: good.cert, key: 'not a key' });
    await expect(loadTls(badKey.db, '127.0.0.1')).rejects.toThrow(
      new RegExp(`^The TLS key ${badKey.key} is not a PEM private key \\(.+\\)\\.$`),
    );
  });

  it('are refused when the key is not the certificate’s', async () => {
    const one = await loadTls(join(dir, 'one.db'), '127.0.0.1');
    const two = await loadTls(join(dir, 'two.db'), '127.0.0.1');
    const mixed = withKept('mixed', { cert: one.cert, key: two.key });
    await expect(loadTls(mixed.db, '127.0.0.1')).rejects.toThrow(
      `The TLS key ${mixed.key} is not the key of the certificate ${mixed.cert}: delete both to have a new pair generated.`,
    );
  });

  it('are refused when they cannot be read, naming the file and the cause', async () => {
    const good = await loadTls(join(dir, 'source3.db'), '127.0.0.1');
    const unreadable = withKept('unreadable', { key: good.key });
    mkdirSync(unreadable.cert);
    await expect(loadTls(unreadable.db, '127.0.0.1')).rejects.toThrow(
      `The TLS certificate ${unreadable.cert} cannot be read (it is a directory).`,
    );
  });
});

/**
 * The HTTPS certificate of `--tls`: self-signed, generated once with `selfsigned` and kept beside
 * the database, as an appliance keeps its own, so clients can pin or trust it across restarts.
 */
import { existsSync } from 'node:fs';
import { generate } from 'selfsigned';
import { besideDatabase, keptFile } from './data-files.js';

export interface TlsFiles {
  key: string;
  cert: string;
  /** Where the certificate is kept, for users who want to trust it; undefined for an in-memory database. */
  certPath: string | undefined;
}

async function generateCertificate(host: string): Promise<{ key: string; cert: string }> {
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 5);
  const altNames = [
    { type: 2 as const, value: 'localhost' },
    { type: 7 as const, ip: '127.0.0.1' },
    { type: 7 as const, ip: '::1' },
    ...(host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '0.0.0.0'
      ? []
      : [/^[\d.]+$|:/.test(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host }]),
  ];
  const pems = await generate([{ name: 'commonName', value: 'eyeglass-sim' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function loadTls(dbPath: string, host: string): Promise<TlsFiles> {
  const certPath = besideDatabase(dbPath, '.tls-cert.pem');
  const keyPath = besideDatabase(dbPath, '.tls-key.pem');
  if (certPath && keyPath && existsSync(certPath) !== existsSync(keyPath)) {
    throw new Error(`Only one of ${certPath} and ${keyPath} exists: delete it to have both generated again.`);
  }
  const generated = certPath && existsSync(certPath) ? undefined : await generateCertificate(host);
  const cert = await keptFile(certPath, () => generated!.cert);
  const key = await keptFile(keyPath, () => generated!.key);
  return { key: key.text, cert: cert.text, certPath };
}

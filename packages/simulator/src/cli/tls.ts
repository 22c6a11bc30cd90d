/**
 * The HTTPS certificate of `--tls`: self-signed, generated once with `selfsigned` and kept beside
 * the database, as an appliance keeps its own, so clients can pin or trust it across restarts.
 * A kept pair that an HTTPS server could not use is refused at start, naming the file.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
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

/**
 * Refuses, naming the file, a kept pair an HTTPS server would take and then fail every handshake
 * with: an empty file, one that is not PEM, a key of another certificate.
 */
function checkPair(cert: string, key: string, certPath: string, keyPath: string): void {
  const again = (other: string) => `delete it and ${other} to have a new pair generated`;
  if (cert.trim() === '') throw new Error(`The TLS certificate ${certPath} is empty: ${again(keyPath)}.`);
  if (key.trim() === '') throw new Error(`The TLS key ${keyPath} is empty: ${again(certPath)}.`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new Error(`The TLS certificate ${certPath} is not a PEM certificate (${(error as Error).message}).`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new Error(`The TLS key ${keyPath} is not a PEM private key (${(error as Error).message}).`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(
      `The TLS key ${keyPath} is not the key of the certificate ${certPath}: delete both to have a new pair generated.`,
    );
  }
}

export async function loadTls(dbPath: string, host: string): Promise<TlsFiles> {
  const certPath = besideDatabase(dbPath, '.tls-cert.pem');
  const keyPath = besideDatabase(dbPath, '.tls-key.pem');
  if (certPath && keyPath && existsSync(certPath) !== existsSync(keyPath)) {
    throw new Error(`Only one of ${certPath} and ${keyPath} exists: delete it to have both generated again.`);
  }
  const generated = certPath && existsSync(certPath) ? undefined : await generateCertificate(host);
  const cert = await keptFile(certPath, () => generated!.cert, 'TLS certificate');
  const key = await keptFile(keyPath, () => generated!.key, 'TLS key');
  if (certPath && keyPath) checkPair(cert.text, key.text, certPath, keyPath);
  return { key: key.text, cert: cert.text, certPath };
}

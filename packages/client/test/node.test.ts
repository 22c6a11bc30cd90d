/**
 * TLS against a local HTTPS server with a self-signed certificate, as the appliance has by default:
 * the default fetch refuses it with a typed error that says what to do, and each documented way of
 * trusting it works.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tsxArguments } from '@eyeglass-jobs/test-support';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEyeglassClient, EyeglassAbortError, EyeglassNetworkError } from '../src/index.js';
import { createNodeFetch, type NodeFetch } from '../src/node.js';
import { finishedJob } from './support/fixtures.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let server: Server;
let baseUrl: string;
let cert: string;
let otherCert: string;
let tmp: string;
let onHang: () => void = () => {};
const fetches: NodeFetch[] = [];

async function selfSigned(): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: 'eyeglass.test' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

function nodeFetch(options: Parameters<typeof createNodeFetch>[0]): NodeFetch {
  const created = createNodeFetch(options);
  fetches.push(created);
  return created;
}

beforeAll(async () => {
  const pems = await selfSigned();
  cert = pems.cert;
  otherCert = (await selfSigned()).cert;
  server = createServer({ cert: pems.cert, key: pems.key }, (request, response) => {
    const url = request.url ?? '';
    if (url.endsWith('/hang')) {
      onHang();
      return;
    }
    if (request.headers.api_key !== 'igls-tls') {
      response
        .writeHead(403, { 'content-type': 'application/json' })
        .end('{"code":403,"message":"Missing or invalid api_key header."}');
    } else if (url.endsWith('/log')) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('line 1\n');
    } else if (request.method === 'POST') {
      response.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"job-tls"}');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([finishedJob()]));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/sera`;
  tmp = await mkdtemp(path.join(tmpdir(), 'eyeglass-client-tls-'));
});

afterAll(async () => {
  for (const created of fetches) created.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

describe('TLS with a self-signed certificate', () => {
  it('is refused by the default fetch with a network error that says how to trust it', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-tls', retry: false });
    const error = (await eg.failover.list().catch((e: unknown) => e)) as EyeglassNetworkError;
    expect(error).toBeInstanceOf(EyeglassNetworkError);
    expect(error.message).toContain('TLS certificate is not trusted: give the client its CA');
    const codes: unknown[] = [];
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause)
      codes.push((cause as { code?: unknown }).code);
    expect(codes.join(' ')).toMatch(/SELF_SIGNED|CERT/);
  });

  it('does not try a certificate it does not trust again, even on a GET with retries', async () => {
    let handshakes = 0;
    const count = (): void => {
      handshakes++;
    };
    server.on('connection', count);
    try {
      const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-tls', retry: { retries: 3, baseDelayMs: 1 } });
      await expect(eg.failover.list()).rejects.toBeInstanceOf(EyeglassNetworkError);
      expect(handshakes).toBe(1);
    } finally {
      server.off('connection', count);
    }
  });

  it('works with createNodeFetch given the certificate as CA', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-tls', fetch: nodeFetch({ ca: cert }) });
    await expect(eg.failover.list({ state: 'finished' })).resolves.toEqual([finishedJob()]);
    await expect(eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' })).resolves.toEqual({
      id: 'job-tls',
    });
    await expect(eg.failover.log('job-tls')).resolves.toBe('line 1\n');
  });

  it('still refuses a certificate that the given CA did not sign', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-tls', fetch: nodeFetch({ ca: otherCert }), retry: false });
    const error = await eg.failover.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassNetworkError);
    expect((error as Error).message).toContain('TLS certificate is not trusted');
  });

  it('passes the refusal of a wrong key through as a typed error', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-wrong', fetch: nodeFetch({ ca: cert }) });
    await expect(eg.failover.list()).rejects.toMatchObject({ name: 'EyeglassAuthenticationError', status: 403 });
  });

  it('aborts a request in flight through createNodeFetch', async () => {
    const controller = new AbortController();
    onHang = () => controller.abort();
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-tls', fetch: nodeFetch({ ca: cert }) });
    const error = await eg.raw
      .GET('/v2/jobs/failover/{id}', { params: { path: { id: 'hang' } }, signal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    const typed = await eg.failover.get('hang', { signal: controller.signal }).catch((e: unknown) => e);
    expect(typed).toBeInstanceOf(EyeglassAbortError);
  });

  it('works with the default fetch when Node is started with NODE_EXTRA_CA_CERTS', async () => {
    const caFile = path.join(tmp, 'eyeglass-ca.pem');
    await writeFile(caFile, cert);
    const client = new URL('../src/index.ts', import.meta.url).href;
    const program = [
      `import { createEyeglassClient } from ${JSON.stringify(client)};`,
      `const eg = createEyeglassClient({ baseUrl: ${JSON.stringify(baseUrl)}, apiKey: 'igls-tls' });`,
      'const jobs = await eg.failover.list();',
      'console.log(jobs[0].id);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, tsxArguments('--input-type=module', '-e', program), {
      cwd: packageDir,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    });
    expect(stdout.trim()).toBe(finishedJob().id);
  });
});

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTarget } from '../src/index.js';

/** A server that answers every request with what it received. */
const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
    if (request.url?.startsWith('/hang')) return;
    response.writeHead(418, { 'Content-Type': 'application/json', 'X-Multi': ['a', 'b'] });
    response.end('{"code":418,"message":"teapot"}');
  });
});
let origin = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('httpTarget', () => {
  it('sends the path exactly as built, so an encoded .. reaches the server as an id', async () => {
    const target = httpTarget(origin);
    const response = await target({ method: 'GET', path: '/sera/v2/jobs/failover/%2E%2E/log?a=%2E%2E', headers: {} });
    expect(received.at(-1)?.url).toBe('/sera/v2/jobs/failover/%2E%2E/log?a=%2E%2E');
    expect(response).toEqual({
      status: 418,
      headers: expect.objectContaining({ 'content-type': 'application/json', 'x-multi': 'a, b' }),
      body: '{"code":418,"message":"teapot"}',
    });
  });

  it('sends a body on GET, with its length, and the headers it is given', async () => {
    await httpTarget(`${origin}/`)({
      method: 'GET',
      path: '/sera/v2/jobs/readiness',
      headers: { api_key: 'igls-key', 'content-type': 'text/plain' },
      body: 'héllo',
    });
    expect(received.at(-1)).toMatchObject({
      method: 'GET',
      url: '/sera/v2/jobs/readiness',
      headers: { api_key: 'igls-key', 'content-type': 'text/plain', 'content-length': '6' },
      body: 'héllo',
    });
  });

  it('keeps a path under the origin', async () => {
    await httpTarget(`${origin}/gateway/`)({ method: 'DELETE', path: '/sera/v2/jobs/failover/job-1' });
    expect(received.at(-1)).toMatchObject({ method: 'DELETE', url: '/gateway/sera/v2/jobs/failover/job-1' });
  });

  it('gives up on a server that does not answer in time', async () => {
    await expect(httpTarget(origin, { timeoutMs: 200 })({ method: 'GET', path: '/hang' })).rejects.toThrow(
      'No answer to GET /hang in time.',
    );
  });
});

import { Server as HttpsServer } from 'node:https';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createEyeglassJobsServer } from '../src/index.js';
import { API_KEY, send } from './fixtures.js';

const servers: FastifyInstance[] = [];
function server(options: Partial<Parameters<typeof createEyeglassJobsServer>[0]> = {}): FastifyInstance {
  const app = createEyeglassJobsServer({ handlers: {}, apiKeys: [API_KEY], ...options });
  servers.push(app);
  return app;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((app) => app.close()));
});

/** Writes raw bytes to a listening server and returns what it answers. */
async function rawExchange(app: FastifyInstance, request: string): Promise<string> {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = new URL(address);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('createEyeglassJobsServer', () => {
  it.each([
    ['a path outside the prefix', '/health', 404, /^No operation matches GET \/health\.$/],
    ['a malformed percent-encoding', '/sera/v2/jobs/failover/%E0%A4%A', 400, /malformed percent-encoding/],
    [
      'a path parameter over the router limit',
      `/sera/v2/jobs/failover/${'j'.repeat(1100)}`,
      414,
      /path parameter of the URL is too long/,
    ],
    [
      'a job id longer than the spec allows',
      `/sera/v2/jobs/failover/${'j'.repeat(300)}`,
      400,
      /'id' must be at most 256/,
    ],
  ])('answers %s with an Error body', async (_name, url, status, message) => {
    const response = await send(server(), { url });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ code: status, message: expect.stringMatching(message) });
  });

  it('limits bodies to 64 KiB by default, or to bodyLimit', async () => {
    const cancel = {
      method: 'DELETE' as const,
      url: '/sera/v2/jobs/failover/job-1',
      headers: { 'content-type': 'application/json' },
    };
    const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
    expect((await send(server(), { ...cancel, payload: big })).statusCode).toBe(413);
    const small = await send(server({ bodyLimit: 16 }), { ...cancel, payload: '{"pad":"xxxxxxxxxxxxxxxxxxxx"}' });
    expect(small.json()).toEqual({ code: 413, message: 'The request body is larger than the limit of 16 bytes.' });
  });

  it('sends no CORS headers, and answers a preflight with 405', async () => {
    const response = await send(server(), {
      method: 'OPTIONS',
      url: '/sera/v2/jobs/failover',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(response.statusCode).toBe(405);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('answers a request that is not HTTP with an Error body', async () => {
    const answer = await rawExchange(server(), 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({
      code: 400,
      message: 'The request is not valid HTTP.',
    });
  });

  it('answers headers over the size limit with 431 and an Error body', async () => {
    const answer = await rawExchange(
      server(),
      `GET /sera/v2/jobs/failover HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toMatchObject({ code: 431 });
  });

  it('serves HTTPS when given a key and certificate', () => {
    expect(server({ https: {} }).server).toBeInstanceOf(HttpsServer);
  });

  it('serves the API at the root with an empty prefix', async () => {
    const app = server({ prefix: '', handlers: { runReadinessJob: () => ({ status: 201, body: { id: 'r-1' } }) } });
    expect((await send(app, { method: 'POST', url: '/v2/jobs/readiness' })).json()).toEqual({ id: 'r-1' });
    expect((await send(app, { url: '/health' })).json()).toEqual({
      code: 404,
      message: 'No operation matches GET /health.',
    });
  });
});

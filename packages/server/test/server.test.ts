import { Server as HttpsServer } from 'node:https';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createEyeglassJobsServer } from '../src/index.js';
import { API_KEY, send, zoneFailoverJob } from './fixtures.js';

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

/** Writes raw bytes without ending the request, and returns the first answer the server sends. */
async function rawAnswer(app: FastifyInstance, request: string): Promise<string> {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = new URL(address);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, 2_000);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      const [head, body = ''] = answer.split('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(head ?? '')?.[1];
      if (length !== undefined && Buffer.byteLength(body) >= Number(length)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
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

  it.each([
    ['a wrong method', 'PUT /sera/v2/jobs/failover', 405],
    ['an unknown path', 'POST /sera/v2/nothing', 404],
    ['a path outside the prefix', 'POST /elsewhere', 404],
  ])('answers %s at once, without waiting for a body it will not read', async (_name, requestLine, status) => {
    const answer = await rawAnswer(
      server(),
      `${requestLine} HTTP/1.1\r\nHost: x\r\napi_key: ${API_KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"a":`,
    );
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({ code: status, message: expect.any(String) });
  });
});

describe('createEyeglassJobsServer at the edges of HTTP/1.1', () => {
  it('answers a request without a Host header with 400 and an Error body', async () => {
    const answer = await rawExchange(server(), `GET /sera/v2/jobs/failover HTTP/1.1\r\napi_key: ${API_KEY}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({
      code: 400,
      message: 'The request has no Host header, which HTTP/1.1 requires.',
    });
  });

  it('answers an expectation it cannot meet with 417 and an Error body', async () => {
    const answer = await rawExchange(
      server(),
      `GET /sera/v2/jobs/failover HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\napi_key: ${API_KEY}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 417 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({
      code: 417,
      message: 'The Expect header asks for bogus; only 100-continue is supported.',
    });
  });

  const expectContinue = (key: string) =>
    `DELETE /sera/v2/jobs/failover/job-1 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\napi_key: ${key}\r\n` +
    'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n';

  it('sends no 100 Continue to a request with a wrong key: it answers 403 at once', async () => {
    const answer = await rawAnswer(server(), expectContinue('igls-wrong'));
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer).not.toContain('100 Continue');
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({ code: 403, message: 'Invalid api_key header.' });
  });

  it('sends 100 Continue once the key is accepted, then reads the body', async () => {
    const app = server();
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(address);
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(expectContinue(API_KEY)));
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text === 'HTTP/1.1 100 Continue\r\n\r\n') socket.end('{}');
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 501 /);
    expect(JSON.parse(answer.split('\r\n\r\n').at(-1) ?? '')).toEqual({
      code: 501,
      message: 'cancelFailoverJob is not implemented by this server.',
    });
  });
});

describe('createEyeglassJobsServer over HTTPS', () => {
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

describe('createEyeglassJobsServer closing', () => {
  /** Opens a connection and writes `text`, keeping it open; collects what comes back. */
  async function open(port: number, text: string) {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(text);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    return { socket, answer: () => answer, closed };
  }

  const cancelHead =
    `DELETE /sera/v2/jobs/failover/job-1 HTTP/1.1\r\nHost: x\r\napi_key: ${API_KEY}\r\n` +
    'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n';

  it('answers a request that arrives while closing with 503, an Error body and Connection: close', async () => {
    const app = createEyeglassJobsServer({
      handlers: { runReadinessJob: () => ({ status: 201, body: { id: 'r-1' } }) },
      apiKeys: [API_KEY],
      shutdownGraceMs: 2_000,
    });
    const { port } = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    // Headers under way: the request arrives once closing has begun.
    const late = await open(Number(port), 'POST /sera/v2/jobs/readiness HTTP/1.1\r\nHost: x\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    late.socket.write(`api_key: ${API_KEY}\r\n\r\n`);
    await late.closed;
    await closing;
    expect(late.answer()).toMatch(/^HTTP\/1\.1 503 /);
    expect(late.answer()).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(late.answer().split('\r\n\r\n')[1] ?? '')).toEqual({
      code: 503,
      message: 'The server is shutting down.',
    });
  });

  it('lets an in-flight request finish, then closes every connection still open after shutdownGraceMs', async () => {
    const app = createEyeglassJobsServer({
      handlers: { cancelFailoverJob: () => ({ status: 200, body: structuredClone(zoneFailoverJob) }) },
      apiKeys: [API_KEY],
      shutdownGraceMs: 500,
    });
    const { port } = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    const inFlight = await open(Number(port), `${cancelHead}{`);
    const halfSent = await open(Number(port), 'GET /sera/v2/jobs/failover HTTP/1.1\r\nHost: x\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const closing = app.close();
    inFlight.socket.write('}');
    await inFlight.closed;
    expect(inFlight.answer()).toMatch(/^HTTP\/1\.1 200 /);
    expect(inFlight.answer()).toMatch(/\r\nconnection: close\r\n/i);
    await closing;
    await halfSent.closed;
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(3_000);
    expect(halfSent.answer()).toBe('');
  });
});

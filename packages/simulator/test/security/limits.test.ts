import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, createSimulator } from '../../src/index.js';
import { httpRequest, rawRequest } from '../fixtures/raw-http.js';

const key = 'igls-limitsKEY000000000000000000000';
let app: FastifyInstance;
let origin = '';
beforeAll(async () => {
  ({ app } = await createSimulator({ apiKeys: [key], clock: createFakeClock() }));
  origin = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

const errorBody = (status: number) => ({ code: status, message: expect.any(String) });
const overLimit = 64 * 1024 + 1;

describe('the body limit (64 KiB)', () => {
  const bodies: Array<[string, string, string, Record<string, string>, string]> = [
    [
      'a JSON body on a launch',
      'POST',
      '/sera/v2/jobs/readiness',
      { 'content-type': 'application/json' },
      `"${'a'.repeat(overLimit)}"`,
    ],
    [
      'a JSON body on a cancel',
      'DELETE',
      '/sera/v2/jobs/failover/job-1',
      { 'content-type': 'application/json' },
      `{"x":"${'a'.repeat(overLimit)}"}`,
    ],
    ['a text body', 'POST', '/sera/v2/jobs/replication', { 'content-type': 'text/plain' }, 'a'.repeat(overLimit)],
  ];
  it.each(bodies)('answers %s over the limit with 413 and an Error body', async (_name, method, url, headers, body) => {
    const response = await app.inject({
      method: method as 'POST',
      url,
      headers: { ...headers, api_key: key },
      payload: body,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      code: 413,
      message: 'The request body is larger than the limit of 65536 bytes.',
    });
  });

  it('answers a chunked body that grows over the limit with 413 over a socket, and closes the connection', async () => {
    const body = 'a'.repeat(overLimit);
    const chunked = `${(body.length).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const answer = await rawRequest(
      origin,
      httpRequest(
        'POST',
        '/sera/v2/jobs/readiness',
        { api_key: key, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
        chunked,
      ),
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual(errorBody(413));
    expect(answer.closed).toBe(true);
  });

  it('refuses an unauthenticated body with 403 before reading it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/sera/v2/jobs/readiness',
      headers: { 'content-type': 'text/plain' },
      payload: 'a'.repeat(overLimit),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ code: 403, message: 'Missing api_key header.' });
  });
});

describe('the header and URL limits', () => {
  // Node's HTTP parser refuses a request line and headers over 16 KiB (its maxHeaderSize) before
  // Fastify sees the request; the server's client error handler writes 431 with the Error body
  // on the socket and closes the connection.
  const oversized: Array<[string, string]> = [
    [
      'one header of 20 000 bytes',
      httpRequest('GET', '/sera/v2/jobs/failover', { api_key: key, 'x-padding': 'p'.repeat(20_000) }),
    ],
    [
      '3000 small headers',
      httpRequest('GET', '/sera/v2/jobs/failover', {
        api_key: key,
        ...Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`x-h${i}`, 'v'])),
      }),
    ],
    [
      'a URL of 20 000 bytes',
      httpRequest('GET', `/sera/v2/jobs/failover?state=${'s'.repeat(20_000)}`, { api_key: key }),
    ],
    [
      'an api_key header of 20 000 bytes',
      httpRequest('GET', '/sera/v2/jobs/failover', { api_key: `igls-${'k'.repeat(20_000)}` }),
    ],
  ];
  it.each(oversized)('answers %s with 431 and an Error body, then closes the connection', async (_name, request) => {
    const answer = await rawRequest(origin, request);
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ code: 431, message: 'The request line and headers are too large.' });
    expect(answer.closed).toBe(true);
  });

  it('answers a URL over 8192 characters, under the header limit, with 414 and an Error body', async () => {
    const answer = await rawRequest(
      origin,
      httpRequest('GET', `/sera/v2/jobs/failover?state=${'s'.repeat(9_000)}`, { api_key: key }),
    );
    expect(answer.status).toBe(414);
    expect(JSON.parse(answer.body)).toEqual({ code: 414, message: 'The URL is longer than 8192 characters.' });
  });

  it('still serves a request just under the limits', async () => {
    const answer = await rawRequest(
      origin,
      httpRequest('GET', '/sera/v2/jobs/failover?state=all', { api_key: key, 'x-padding': 'p'.repeat(12_000) }),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual([]);
  });
});

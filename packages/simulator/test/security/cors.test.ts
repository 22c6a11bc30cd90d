import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCorsOrigins } from '../../src/cors.js';
import { createFakeClock, createSimulator } from '../../src/index.js';
import { killLeftoverSimulators, runSimulatorProcess } from '../fixtures/simulator-process.js';

const key = 'igls-corsKEY0000000000000000000000000';
const allowed = 'http://localhost:5173';
const other = 'https://evil.example';

/** Requests a browser page would send: reads, launches, refusals, preflights, paths outside the API. */
const requests: Array<[string, string, Record<string, string>]> = [
  ['GET', '/sera/v2/jobs/failover', { api_key: key }],
  ['POST', '/sera/v2/jobs/failover?sourceid=nowhere', { api_key: key }],
  ['GET', '/sera/v2/jobs/failover', {}],
  ['GET', '/sera/v2/jobs/failover?state=nope', { api_key: key }],
  ['GET', '/sera/v2/jobs/failover/job-0000000000000000', { api_key: key }],
  ['GET', '/sera/openapi.json', {}],
  ['GET', '/elsewhere', {}],
  [
    'OPTIONS',
    '/sera/v2/jobs/failover',
    { 'access-control-request-method': 'POST', 'access-control-request-headers': 'api_key' },
  ],
  ['OPTIONS', '/sera/v2/jobs/failover/job-1', { 'access-control-request-method': 'DELETE' }],
];

const corsHeaders = (headers: Record<string, unknown>) =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

async function simulator(cors?: string[]): Promise<FastifyInstance> {
  const { app } = await createSimulator({ apiKeys: [key], clock: createFakeClock(), ...(cors ? { cors } : {}) });
  await app.ready();
  return app;
}

describe('CORS, not configured', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await simulator();
  });
  afterAll(() => app.close());

  it.each(requests)('adds no CORS header to %s %s, whatever the Origin', async (method, url, headers) => {
    for (const origin of [allowed, other, 'null']) {
      const response = await app.inject({ method: method as 'GET', url, headers: { ...headers, origin } });
      expect(corsHeaders(response.headers)).toEqual([]);
      if (method === 'OPTIONS') expect(response.statusCode).toBe(405);
    }
  });
});

describe('CORS for configured origins', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await simulator([allowed, 'https://dashboard.example:8443']);
  });
  afterAll(() => app.close());

  it.each(requests.filter(([method]) => method !== 'OPTIONS'))(
    'lets a listed origin read the answer to %s %s, and no other origin',
    async (method, url, headers) => {
      const mine = await app.inject({ method: method as 'GET', url, headers: { ...headers, origin: allowed } });
      expect(mine.headers['access-control-allow-origin']).toBe(allowed);
      expect(mine.headers.vary).toContain('Origin');
      const theirs = await app.inject({ method: method as 'GET', url, headers: { ...headers, origin: other } });
      expect(corsHeaders(theirs.headers)).toEqual([]);
      expect(theirs.statusCode).toBe(mine.statusCode);
      const none = await app.inject({ method: method as 'GET', url, headers });
      expect(corsHeaders(none.headers)).toEqual([]);
    },
  );

  it('answers a listed origin’s preflight with 204, the API’s methods and headers; another’s with 405', async () => {
    const preflight = { 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'api_key' };
    const mine = await app.inject({
      method: 'OPTIONS',
      url: '/sera/v2/jobs/failover/job-1',
      headers: { ...preflight, origin: 'https://dashboard.example:8443' },
    });
    expect(mine.statusCode).toBe(204);
    expect(mine.headers).toMatchObject({
      'access-control-allow-origin': 'https://dashboard.example:8443',
      'access-control-allow-methods': 'GET, POST, DELETE',
      'access-control-allow-headers': 'api_key, content-type',
      'access-control-max-age': '600',
    });
    expect(mine.body).toBe('');
    const theirs = await app.inject({
      method: 'OPTIONS',
      url: '/sera/v2/jobs/failover/job-1',
      headers: { ...preflight, origin: other },
    });
    expect(theirs.statusCode).toBe(405);
    expect(corsHeaders(theirs.headers)).toEqual([]);
  });
});

describe('parseCorsOrigins', () => {
  it.each([
    '*',
    'localhost:5173',
    'http://localhost:5173/',
    'http://localhost:5173/app',
    'ftp://files.example',
    'null',
    '',
  ])('refuses %j, which is not an origin', (origin) => {
    expect(() => parseCorsOrigins([origin])).toThrow(/is not an origin: give scheme, host and port only/);
  });

  it('keeps origins as they are', () => {
    expect(parseCorsOrigins(['http://localhost:5173', 'https://a.example:8443'])).toEqual([
      'http://localhost:5173',
      'https://a.example:8443',
    ]);
  });
});

describe('eyeglass-sim --cors', () => {
  afterEach(killLeftoverSimulators);

  it('serves CORS to the origins given, says so at start-up, and refuses what is not an origin', async () => {
    const started = await runSimulatorProcess(['--api-key', key, '--cors', allowed, '--cors', 'http://127.0.0.1:3000']);
    expect(started.output()).toContain(`  cors       ${allowed}, http://127.0.0.1:3000`);
    const response = await fetch(`${started.url}/v2/jobs/failover`, { headers: { api_key: key, origin: allowed } });
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    await started.stop();
    await expect(runSimulatorProcess(['--api-key', key, '--cors', '*'])).rejects.toThrow(
      'eyeglass-sim: CORS origin "*" is not an origin: give scheme, host and port only, as in http://localhost:5173.',
    );
  }, 20_000);
});

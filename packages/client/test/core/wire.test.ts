import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEyeglassClient } from '../../src/index.js';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  contentLength: string | undefined;
  body: string;
}

const job = {
  id: 'job-1',
  name: 'Zone failover finance',
  jobType: 'zone_failover',
  started: 1,
  finished: 2,
  success: true,
  jobStatusDetails: { id: 'job-1', name: 'x', state: 'finished', status: 'OK', info: '', started: 1, finished: 2 },
};

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

async function read(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    seen.push({
      method: request.method ?? '',
      url: request.url ?? '',
      contentType: request.headers['content-type'],
      contentLength: request.headers['content-length'],
      body: await read(request),
    });
    const created = request.method === 'POST';
    response.writeHead(created ? 201 : 200, { 'content-type': 'application/json' });
    const list = request.url?.split('?')[0]?.endsWith('/failover');
    response.end(JSON.stringify(created ? { id: 'job-1' } : list ? [job] : job));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sera`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('what the client puts on the wire', () => {
  it("sends POST and DELETE as the vendor's generated client does: the JSON {} with a JSON Content-Type", async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-wire' });
    seen.length = 0;
    await eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' });
    await eg.readiness.run();
    await eg.failover.drTest({ policy: 'p', enable: true });
    await eg.failover.cancel('job-1');
    expect(seen.map((request) => request.method)).toEqual(['POST', 'POST', 'POST', 'DELETE']);
    for (const request of seen) {
      expect(request, request.url).toMatchObject({ contentType: 'application/json', contentLength: '2', body: '{}' });
    }
  });

  it('sends GETs with no body and no Content-Type', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-wire' });
    seen.length = 0;
    await eg.failover.get('job-1');
    await eg.failover.list({ state: 'running' });
    expect(seen).toHaveLength(2);
    for (const request of seen) expect(request).toMatchObject({ contentType: undefined, body: '' });
  });

  it('keeps a Content-Type the caller set', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-wire' });
    seen.length = 0;
    await eg.readiness.run({ headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(seen[0]).toMatchObject({ contentType: 'application/json; charset=utf-8', body: '{}' });
  });

  it('sends the same through a custom fetch', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey: 'igls-wire', fetch: (request) => fetch(request) });
    seen.length = 0;
    await eg.failover.cancel('job-1');
    expect(seen[0]).toMatchObject({ method: 'DELETE', contentType: 'application/json', body: '{}' });
  });

  it('waits a job without jobStatusDetails to its end by its finished time', async () => {
    const bare = { id: 'job-2', name: 'x', finished: 0 };
    let polls = 0;
    const eg = createEyeglassClient({
      baseUrl,
      apiKey: 'igls-wire',
      fetch: async () => {
        polls++;
        const body = polls < 3 ? bare : { ...bare, finished: 5, success: true };
        return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
      },
    });
    const done = await eg.failover.waitFor('job-2', { intervalMs: 1 });
    expect(done).toEqual({ id: 'job-2', name: 'x', finished: 5, success: true });
    expect(polls).toBe(3);
  });

  it('does not call a finished job without success a success', async () => {
    const eg = createEyeglassClient({
      baseUrl,
      apiKey: 'igls-wire',
      fetch: async () =>
        new Response(JSON.stringify({ id: 'job-3', jobStatusDetails: { state: 'finished' } }), {
          headers: { 'content-type': 'application/json' },
        }),
    });
    await expect(eg.failover.waitFor('job-3', { intervalMs: 1, throwOnFailure: true })).rejects.toThrow(
      /success is undefined/,
    );
  });
});

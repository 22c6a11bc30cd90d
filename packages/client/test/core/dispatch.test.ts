import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEyeglassClient } from '../../src/index.js';
import { finishedJob } from '../support/fixtures.js';
import { json, scriptedFetch } from '../support/scripted-fetch.js';

const baseUrl = 'https://eyeglass.test/sera';
const apiKey = 'igls-0123456789abcdef';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('how a request reaches fetch', () => {
  it('the global fetch gets the URL and an init, so that it builds the one Request', async () => {
    const calls: Array<[unknown, RequestInit | undefined]> = [];
    vi.stubGlobal('fetch', async (input: unknown, init?: RequestInit) => {
      calls.push([input, init]);
      return json(finishedJob());
    });
    const eg = createEyeglassClient({ baseUrl, apiKey, dispatcher: { name: 'agent' } });
    await expect(eg.failover.get('job 1')).resolves.toEqual(finishedJob());
    expect(calls).toHaveLength(1);
    const [input, init] = calls[0]!;
    expect(input).toBe(`${baseUrl}/v2/jobs/failover/job%201`);
    const request = new Request(input as string, init);
    expect(request.method).toBe('GET');
    expect(request.headers.get('api_key')).toBe(apiKey);
    expect(request.redirect).toBe('manual');
    expect(init!.signal).toBeInstanceOf(AbortSignal);
    expect((init as { dispatcher?: unknown }).dispatcher).toEqual({ name: 'agent' });
  });

  it('a custom fetch gets a Request that carries the attempt signal', async () => {
    const { fetch, requests } = scriptedFetch(json({ id: 'job-2' }, 201));
    const seen: Request[] = [];
    const eg = createEyeglassClient({
      baseUrl,
      apiKey,
      fetch: (request, init) => {
        seen.push(request);
        return fetch(request, init);
      },
    });
    await eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' });
    expect(seen[0]).toBeInstanceOf(Request);
    expect(seen[0]!.method).toBe('POST');
    expect(requests[0]!.url.searchParams.get('sourceid')).toBe('a');
  });

  it('middleware added to eg.raw sees real Requests from the client methods', async () => {
    const { fetch, requests } = scriptedFetch(json([]), json([]));
    const eg = createEyeglassClient({ baseUrl, apiKey, fetch });
    const seen: unknown[] = [];
    eg.raw.use({
      onRequest: ({ request }) => {
        seen.push(request);
        request.headers.set('x-trace', 'on');
        return request;
      },
    });
    await eg.failover.list();
    await eg.raw.GET('/v2/jobs/readiness');
    expect(seen).toHaveLength(2);
    for (const request of seen) expect(request).toBeInstanceOf(Request);
    expect(requests.map((r) => r.headers.get('x-trace'))).toEqual(['on', 'on']);
  });

  it('once eg.raw has middleware, a launch still sends the JSON {} and the call keeps its query, headers and errors', async () => {
    const scripted = scriptedFetch(json({ id: 'job-3' }, 201), json({ code: 404, message: 'no such job' }, 404));
    const { requests } = scripted;
    const bodies: string[] = [];
    const fetch = async (request: Request, init?: RequestInit) => {
      bodies.push(await request.clone().text());
      return scripted.fetch(request, init);
    };
    const eg = createEyeglassClient({ baseUrl, apiKey, fetch });
    eg.raw.use({ onRequest: ({ request }) => request });
    await eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' }, { headers: { 'x-trace': 'on' } });
    await expect(eg.failover.get('missing job')).rejects.toMatchObject({ status: 404, apiMessage: 'no such job' });
    const [launch, get] = requests;
    expect(launch!.method).toBe('POST');
    expect(launch!.url.searchParams.get('failovertarget')).toBe('z');
    expect(launch!.headers.get('content-type')).toBe('application/json');
    expect(launch!.headers.get('x-trace')).toBe('on');
    expect(launch!.headers.get('api_key')).toBe(apiKey);
    expect(bodies).toEqual(['{}', '']);
    expect(get!.url.pathname).toBe('/sera/v2/jobs/failover/missing%20job');
  });
});

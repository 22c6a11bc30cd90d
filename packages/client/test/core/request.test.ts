import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createEyeglassClient,
  EyeglassAbortError,
  EyeglassApiError,
  EyeglassAuthenticationError,
  type EyeglassClientOptions,
  EyeglassConflictError,
  EyeglassError,
  EyeglassNetworkError,
  EyeglassNotFoundError,
  EyeglassTimeoutError,
  EyeglassUnexpectedResponseError,
} from '../../src/index.js';
import { rejection, settle } from '../support/clock.js';
import { finishedJob } from '../support/fixtures.js';
import { callOperation, safeOperations, unsafeOperations } from '../support/operation-calls.js';
import { errorBody, json, type Reply, scriptedFetch, text } from '../support/scripted-fetch.js';

const baseUrl = 'https://eyeglass.test/sera';
const apiKey = 'igls-0123456789abcdef';

function client(replies: Reply[], options: Partial<EyeglassClientOptions> = {}) {
  const { fetch, requests } = scriptedFetch(...replies);
  return { eg: createEyeglassClient({ baseUrl, apiKey, fetch, ...options }), requests };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('requests', () => {
  it('sends the key raw in the api_key header, to the base URL, with the query parameters', async () => {
    const { eg, requests } = client([json([finishedJob()])]);
    const jobs = await eg.failover.list({ state: 'running', success: true });
    expect(jobs).toEqual([finishedJob()]);
    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent!.method).toBe('GET');
    expect(sent!.url.href).toBe(`${baseUrl}/v2/jobs/failover?state=running&success=true`);
    expect(sent!.headers.get('api_key')).toBe(apiKey);
    expect(sent!.headers.get('authorization')).toBeNull();
  });

  it('puts path parameters in the path, encoded', async () => {
    const { eg, requests } = client([json(finishedJob())]);
    await eg.failover.get('job/1 2');
    expect(requests[0]!.url.pathname).toBe('/sera/v2/jobs/failover/job%2F1%202');
  });

  it.each([200, 201, 202])('accepts %i for a launch, whatever the spec says', async (status) => {
    const { eg } = client([json({ id: 'job-1' }, status)]);
    await expect(eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' })).resolves.toEqual({
      id: 'job-1',
    });
  });

  it('reads the log as text', async () => {
    const { eg } = client([text('line 1\nline 2\n')]);
    await expect(eg.failover.log('job-1')).resolves.toBe('line 1\nline 2\n');
  });

  it('merges per-call headers over the client headers', async () => {
    const { eg, requests } = client([json([])], { headers: { 'x-team': 'dr' } });
    await eg.readiness.list(undefined, { headers: { 'x-run': '7' } });
    expect(requests[0]!.headers.get('x-team')).toBe('dr');
    expect(requests[0]!.headers.get('x-run')).toBe('7');
  });

  it('passes a configured dispatcher to fetch as init.dispatcher', async () => {
    const dispatcher = { dispatch: () => true };
    const { eg, requests } = client([json([])], { dispatcher });
    await eg.replication.list();
    expect((requests[0]!.init as { dispatcher?: unknown }).dispatcher).toBe(dispatcher);
  });
});

describe('errors from answers', () => {
  it('turns an Error body into EyeglassApiError with status, code, message, operation, method and URL', async () => {
    const { eg } = client([errorBody(404, 'Failover job job-9 was not found.')]);
    const error = await eg.failover.get('job-9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassNotFoundError);
    expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 404,
      apiMessage: 'Failover job job-9 was not found.',
      operationId: 'getFailoverJob',
      method: 'GET',
      url: `${baseUrl}/v2/jobs/failover/job-9`,
      outcomeUnknown: false,
    });
    expect((error as Error).message).toContain('Failover job job-9 was not found.');
  });

  it('keeps the headers of the answer on the error', async () => {
    const headers = { 'retry-after': '3', 'x-request-id': 'req-41' };
    const { eg } = client([errorBody(503, 'Busy.', headers)], { retry: false });
    const error = (await rejection(eg.failover.list())) as EyeglassApiError;
    expect(error.headers.get('retry-after')).toBe('3');
    expect(error.headers.get('x-request-id')).toBe('req-41');
    expect(error.headers.get('content-type')).toBe('application/json');
  });

  it.each([
    ['the appliance', 403, { code: 403, message: 'Missing or invalid api_key header.' }],
    ['Prism', 401, { code: 500, message: 'Internal server error.' }],
    ['a proxy without a body', 401, undefined],
  ])('surfaces a refusal from %s as EyeglassAuthenticationError', async (_who, status, body) => {
    const answer = body ? json(body, status) : new Response(null, { status });
    const { eg } = client([answer]);
    const error = await eg.failover.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassAuthenticationError);
    expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error).toMatchObject({ status });
    expect((error as Error).message).toContain('Admin → API Tokens');
  });

  it.each([
    ['an HTML page from a proxy', text('<html><body>Bad gateway</body></html>', 200, 'text/html'), 'not JSON'],
    ['an empty body', new Response('', { status: 200 }), 'empty body'],
    ['an array where the spec says object', json([]), 'JSON of type array'],
  ])('rejects a 200 with %s as EyeglassUnexpectedResponseError', async (_what, answer, problem) => {
    const { eg } = client([answer]);
    const error = await eg.failover.get('job-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassUnexpectedResponseError);
    expect((error as Error).message).toContain(problem);
    expect(error).toMatchObject({ status: 200 });
  });

  it('returns a job that lacks fields the call does not need, as the vendor model allows', async () => {
    const { eg } = client([json({ id: 'job-1', name: 'x' })]);
    await expect(eg.failover.get('job-1')).resolves.toEqual({ id: 'job-1', name: 'x' });
  });

  it.each([
    ['an object without id', json({ jobId: 'job-1' }, 201), 'without id'],
    ['an empty object', json({}, 200), 'without id'],
    ['a bare string', json('job-1', 201), 'JSON of type string'],
  ])('rejects a launch answered with %s: it cannot be followed', async (_what, answer, problem) => {
    const { eg } = client([answer]);
    const error = await eg.failover
      .launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassUnexpectedResponseError);
    expect((error as Error).message).toContain(problem);
    expect(error).toMatchObject({ outcomeUnknown: true });
  });

  it.each([301, 302, 307, 308])('does not follow a %i redirect: it fails, naming where it pointed', async (status) => {
    const location = 'https://elsewhere.test/sera/v2/jobs/failover';
    const { eg, requests } = client([new Response(null, { status, headers: { location } }), json({ id: 'job-2' })]);
    const error = await eg.failover
      .launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassUnexpectedResponseError);
    expect((error as Error).message).toContain(`a redirect to ${location}, which the client does not follow`);
    expect(requests).toHaveLength(1);
  });

  it('fails on the opaque answer a browser gives for a redirect it did not follow', async () => {
    const opaque = Object.defineProperties(new Response(''), {
      type: { value: 'opaqueredirect' },
      status: { value: 0 },
      ok: { value: false },
    });
    const { eg, requests } = client([opaque, json([])]);
    const error = await eg.failover.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassUnexpectedResponseError);
    expect((error as Error).message).toContain('a redirect, which the client does not follow');
    expect(requests).toHaveLength(1);
  });

  it('asks fetch not to follow redirects, so the key is never sent elsewhere', async () => {
    const { fetch } = scriptedFetch(json([]));
    const seen: Request[] = [];
    const recording = (request: Request): Promise<Response> => {
      seen.push(request);
      return fetch(request);
    };
    const eg = createEyeglassClient({ baseUrl, apiKey, fetch: recording });
    await eg.failover.list();
    expect(seen[0]!.redirect).toBe('manual');
  });

  it('keeps the start of an unexpected body for diagnosis', async () => {
    const { eg } = client([text(`<html>${'x'.repeat(500)}</html>`, 500, 'text/html')]);
    const error = (await eg.failover.cancel('job-1').catch((e: unknown) => e)) as EyeglassUnexpectedResponseError;
    expect(error).toBeInstanceOf(EyeglassUnexpectedResponseError);
    expect(error.contentType).toBe('text/html');
    expect(error.bodySnippet.startsWith('<html>xxx')).toBe(true);
    expect(error.bodySnippet.length).toBeLessThanOrEqual(201);
  });
});

describe('retries of operations that are safe to repeat', () => {
  it.each([429, 502, 503, 504])('retries a GET answered %i, then returns the result', async (status) => {
    const { eg, requests } = client([errorBody(status), json(finishedJob())]);
    const result = await settle(eg.failover.get('job-1'));
    expect(result.value).toEqual(finishedJob());
    expect(requests).toHaveLength(2);
  });

  it.each([400, 404, 409, 500])('does not retry a GET answered %i', async (status) => {
    const { eg, requests } = client([errorBody(status), json(finishedJob())]);
    const error = await rejection(eg.failover.get('job-1'));
    expect(error).toMatchObject({ status });
    expect(requests).toHaveLength(1);
  });

  it('waits a full-jitter backoff that doubles up to the cap', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const retry = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    const { eg, requests } = client(
      [503, 503, 503, 503, 503, 200].map((s) => (s === 200 ? json([]) : errorBody(s))),
      { retry },
    );
    await settle(eg.failover.list());
    const waits = requests.slice(1).map((r, i) => r.at - requests[i]!.at);
    expect(waits).toEqual([99, 199, 399, 799, 999]);
  });

  it('can retry at once when the jitter draws zero', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { eg, requests } = client([errorBody(503), errorBody(503), json([])]);
    await settle(eg.failover.list());
    expect(requests.map((r) => r.at - requests[0]!.at)).toEqual([0, 0, 0]);
  });

  it.each([
    ['delta-seconds', () => '7', 7000],
    ['an HTTP date', () => new Date(Date.now() + 3000).toUTCString(), 3000],
  ])('honours Retry-After given as %s', async (_form, header, wait) => {
    vi.setSystemTime(new Date('2025-06-01T12:00:00.000Z'));
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fetch, requests } = scriptedFetch(
      (_request) => errorBody(429, 'slow down', { 'retry-after': header() }),
      json([]),
    );
    const eg = createEyeglassClient({ baseUrl, apiKey, fetch });
    await settle(eg.failover.list());
    expect(requests[1]!.at - requests[0]!.at).toBe(wait);
  });

  it('gives up at once when Retry-After reaches past the deadline', async () => {
    const { eg, requests } = client([errorBody(503, 'maintenance', { 'retry-after': '600' }), json([])], {
      deadlineMs: 60_000,
    });
    const error = await rejection(eg.failover.list());
    expect(error).toMatchObject({ status: 503, apiMessage: 'maintenance' });
    expect(requests).toHaveLength(1);
  });

  it('throws the last error once the retries are spent', async () => {
    const { eg, requests } = client(
      [502, 503, 504, 503].map((s) => errorBody(s)),
      { retry: { retries: 3 } },
    );
    const error = await rejection(eg.readiness.list());
    expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error).toMatchObject({ status: 503 });
    expect(requests).toHaveLength(4);
  });

  it('retries a network failure, unless told not to', async () => {
    const first = client([new TypeError('fetch failed'), json([])]);
    await expect(settle(first.eg.failover.list())).resolves.toEqual({ value: [] });
    expect(first.requests).toHaveLength(2);

    const second = client([new TypeError('fetch failed'), json([])], { retry: { networkErrors: false } });
    expect(await rejection(second.eg.failover.list())).toBeInstanceOf(EyeglassNetworkError);
    expect(second.requests).toHaveLength(1);
  });

  it('turns retries off with retry: false, per client or per call', async () => {
    const perClient = client([errorBody(503), json([])], { retry: false });
    expect(await rejection(perClient.eg.failover.list())).toMatchObject({ status: 503 });
    const perCall = client([errorBody(503), json([])]);
    expect(await rejection(perCall.eg.failover.list({}, { retry: false }))).toMatchObject({ status: 503 });
    expect(perClient.requests.length + perCall.requests.length).toBe(2);
  });

  it.each(safeOperations)('%s is retried', async (operationId) => {
    const { eg, requests } = client([new TypeError('fetch failed'), errorBody(503), errorBody(504)], {
      retry: { retries: 2 },
    });
    await rejection(callOperation(eg, operationId));
    expect(requests).toHaveLength(3);
  });
});

describe('operations that are not safe to repeat', () => {
  it.each(unsafeOperations)('%s is sent once, whatever the failure', async (operationId) => {
    for (const reply of [errorBody(503), errorBody(429), new TypeError('fetch failed')]) {
      const { eg, requests } = client([reply, json({ id: 'job-2' })]);
      const error = await rejection(callOperation(eg, operationId));
      expect(error).toBeInstanceOf(EyeglassError);
      expect(requests).toHaveLength(1);
    }
  });

  it.each(unsafeOperations)('%s that timed out says the outcome is unknown and how to check', async (operationId) => {
    const { eg, requests } = client(['hang'], { timeoutMs: 5000 });
    const error = (await rejection(callOperation(eg, operationId))) as EyeglassTimeoutError;
    expect(error).toBeInstanceOf(EyeglassTimeoutError);
    expect(error.scope).toBe('attempt');
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/may have (been created|taken effect): check with eg\.\w+\.\w+\(/);
    expect(requests).toHaveLength(1);
  });

  it('a launch that hit a network error tells to list the running jobs before launching again', async () => {
    const { eg } = client([new TypeError('fetch failed', { cause: new Error('read ECONNRESET') })]);
    const error = (await rejection(
      eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' }),
    )) as EyeglassError;
    expect(error).toBeInstanceOf(EyeglassNetworkError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain("The job may have been created: check with eg.failover.list({ state: 'running' })");
    expect(error.message).toContain('read ECONNRESET');
  });

  it('a cancel answered 504 by a gateway says to get the job', async () => {
    const { eg } = client([errorBody(504, 'Gateway timeout')]);
    const error = (await rejection(eg.failover.cancel('job-1'))) as EyeglassApiError;
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain('check with eg.failover.get(id)');
  });

  it('a launch refused with 409 is known not to have run, and names the job in the way', async () => {
    const { eg } = client([errorBody(409, 'Zone finance is already part of running failover job job-3.')]);
    const launch = eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' });
    const error = (await rejection(launch)) as EyeglassConflictError;
    expect(error).toBeInstanceOf(EyeglassConflictError);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.status).toBe(409);
    expect(error.blockingJobId).toBe('job-3');
  });

  it('a cancel of a finished job is a conflict with no job in the way', async () => {
    const { eg } = client([errorBody(409, 'Failover job job-4 is already finished (success): nothing to cancel.')]);
    const error = (await rejection(eg.failover.cancel('job-4'))) as EyeglassConflictError;
    expect(error).toBeInstanceOf(EyeglassConflictError);
    expect(error.blockingJobId).toBeUndefined();
  });
});

describe('timeouts and cancellation', () => {
  it('times out one attempt of a GET, and retries it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { eg, requests } = client(['hang', json([])], { timeoutMs: 1000 });
    const result = await settle(eg.failover.list());
    expect(result.value).toEqual([]);
    expect(requests[1]!.at - requests[0]!.at).toBe(1000);
  });

  it('stops at the overall deadline, retries included', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { eg, requests } = client(['hang', 'hang', 'hang', 'hang'], { timeoutMs: 1000, deadlineMs: 2500 });
    const error = (await rejection(eg.failover.list())) as EyeglassTimeoutError;
    expect(error).toBeInstanceOf(EyeglassTimeoutError);
    expect(error.scope).toBe('deadline');
    expect(error.timeoutMs).toBe(2500);
    expect(requests).toHaveLength(3);
  });

  it('retries a network failure when the deadline is shorter than one attempt timeout', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { eg, requests } = client([new TypeError('fetch failed'), json([])], { timeoutMs: 30_000, deadlineMs: 5000 });
    const result = await settle(eg.failover.list());
    expect(result.value).toEqual([]);
    expect(requests).toHaveLength(2);
  });

  it('times out a fetch that ignores its abort signal', async () => {
    const { eg } = client(['hang-ignoring-abort'], { timeoutMs: 1000, retry: false });
    const error = await rejection(eg.failover.get('job-1'));
    expect(error).toBeInstanceOf(EyeglassTimeoutError);
  });

  it('aborts a request in flight, without retrying', async () => {
    const controller = new AbortController();
    const { eg, requests } = client(['hang', json([])]);
    const pending = eg.failover.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('operator stopped')), 100);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(EyeglassAbortError);
    expect((error as Error).message).toContain('operator stopped');
    expect(requests).toHaveLength(1);
  });

  it('aborts during the wait between retries', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const controller = new AbortController();
    const { eg, requests } = client([errorBody(503), json([])]);
    const pending = eg.failover.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect(await rejection(pending)).toBeInstanceOf(EyeglassAbortError);
    expect(requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { eg, requests } = client([json([])]);
    const error = await rejection(
      eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' }, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(EyeglassAbortError);
    expect((error as EyeglassError).outcomeUnknown).toBe(false);
    expect(requests).toHaveLength(0);
  });

  it('an aborted launch that was already sent says the job may have been created', async () => {
    const controller = new AbortController();
    const { eg } = client(['hang']);
    const pending = eg.failover.launch(
      { sourceid: 'a', targetid: 'b', failovertarget: 'z' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);
    const error = (await rejection(pending)) as EyeglassAbortError;
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain('may have been created');
  });

  it('leaves no timer behind once a call has settled', async () => {
    const { eg } = client([json([])]);
    await eg.failover.list();
    expect(vi.getTimerCount()).toBe(0);
  });
});

/**
 * The client against a real local server that misbehaves: resets, hangs, slow and cut bodies,
 * gateway and throttling answers, HTML pages, a wrong Content-Type and redirects, for every
 * operation. The server counts what it receives, so retries are counted exactly, and it quotes the
 * api key in its error pages, so redaction is tested on real answers. Real fetch, real sockets, small
 * real timeouts; each call is raced against a guard timer.
 */
import { type OperationId, operations } from '@eyeglass-jobs/spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createEyeglassClient,
  EyeglassAbortError,
  EyeglassApiError,
  EyeglassAuthenticationError,
  type EyeglassClientOptions,
  EyeglassConflictError,
  type EyeglassError,
  EyeglassNetworkError,
  EyeglassNotFoundError,
  EyeglassTimeoutError,
  EyeglassUnexpectedResponseError,
  type RequestOptions,
} from '../../src/index.js';
import { type Fault, type FaultServer, startFaultServer, successAnswer } from '../support/fault-server.js';
import { expectNoSecret, expectTypedFailure, settleWithin } from '../support/invariants.js';
import { callOperation, safeOperations, sentPath, unsafeOperations } from '../support/operation-calls.js';

const apiKey = 'igls-9e41c7b2d05a836f';
/**
 * The attempt timeout of calls whose plan has no stalling fault: long enough that a loaded machine
 * never times out an attempt the server answers. Calls that plan a stall pass STALL_TIMEOUT_MS.
 */
const TIMEOUT_MS = 500;
const STALL_TIMEOUT_MS = 150;
const DEADLINE_MS = 600;
/** How long after its deadline a call may take to settle before the guard fails the test. */
const GRACE_MS = 300;
const RETRIES = 2;

let server: FaultServer;
let elsewhere: FaultServer;
let lines: string[] = [];

beforeAll(async () => {
  [server, elsewhere] = await Promise.all([startFaultServer(), startFaultServer()]);
  // The first call of a process loads and compiles the client and fetch: keep it out of the counts.
  await callOperation(client(), 'listFailoverJobs');
});
afterAll(async () => {
  await Promise.all([server.close(), elsewhere.close()]);
});
beforeEach(() => {
  server.clear();
  elsewhere.clear();
  lines = [];
});

function client(options: Partial<EyeglassClientOptions> = {}) {
  return createEyeglassClient({
    baseUrl: server.baseUrl,
    apiKey,
    timeoutMs: TIMEOUT_MS,
    deadlineMs: DEADLINE_MS,
    retry: { retries: RETRIES, baseDelayMs: 1, maxDelayMs: 5 },
    log: (line) => lines.push(line),
    headers: server.planHeaders(),
    ...options,
  });
}

/** Calls an operation against the fault server; fails the test if it is pending past its deadline. */
async function call(operationId: OperationId, options: RequestOptions & Partial<EyeglassClientOptions> = {}) {
  const { signal, headers, ...clientOptions } = options;
  const deadline = options.deadlineMs ?? DEADLINE_MS;
  const settled = await settleWithin(
    callOperation(client(clientOptions), operationId, 'required', { signal, headers }),
    deadline + GRACE_MS,
  );
  expectNoSecret(apiKey, settled.error, ...lines);
  return settled;
}

function expectedValue(operationId: OperationId): unknown {
  const answer = successAnswer(operationId);
  return answer.contentType.includes('json') ? JSON.parse(answer.body) : answer.body;
}

const entryOf = (operationId: OperationId) => operations.find((op) => op.operationId === operationId)!;

/** Fails unless the server received exactly `times` requests, all to the operation's path. */
function expectSent(operationId: OperationId, times: number): void {
  expect(server.count(entryOf(operationId).method, sentPath(operationId))).toBe(times);
  expect(server.requests).toHaveLength(times);
  expect(server.requests.every((r) => r.apiKey === apiKey)).toBe(true);
}

const repeat = (fault: Fault, times: number): Fault[] => Array.from({ length: times }, () => fault);

type ErrorType = abstract new (...args: never[]) => EyeglassError;

/** Every fault the server is asked for, by the name the tests print. */
const faults = {
  'a reset': { kind: 'reset' },
  'a hang before the headers': { kind: 'hang-headers' },
  'a hang in the middle of the body': { kind: 'hang-body' },
  'a body sent byte by byte, slower than the timeout': { kind: 'slow-body', totalMs: 5000 },
  'JSON cut short of its Content-Length': { kind: 'truncated', contentLength: 'promised' },
  'JSON cut short with a matching Content-Length': { kind: 'truncated', contentLength: 'exact' },
  'a Content-Length shorter than the body': { kind: 'truncated', contentLength: 'short' },
  '500': { kind: 'status', status: 500 },
  '502': { kind: 'status', status: 502 },
  '503': { kind: 'status', status: 503 },
  '504': { kind: 'status', status: 504 },
  '429': { kind: 'status', status: 429 },
  '429 with Retry-After: 0': { kind: 'status', status: 429, retryAfter: '0' },
  '503 with a Retry-After date in the past': {
    kind: 'status',
    status: 503,
    retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT',
  },
  '404': { kind: 'status', status: 404 },
  '403': { kind: 'status', status: 403 },
  'an HTML 200 page': { kind: 'html', status: 200 },
  'an HTML 502 page': { kind: 'html', status: 502 },
  'a 307 redirect to the same path': { kind: 'redirect', status: 307, location: '' },
  'a wrong Content-Type': { kind: 'content-type', contentType: 'text/plain' },
} satisfies Record<string, Fault>;
type FaultName = keyof typeof faults;

/** Faults a GET retries, with the error it ends with once its budget is spent. */
const transientFaults: Array<[FaultName, ErrorType]> = [
  ['a reset', EyeglassNetworkError],
  ['JSON cut short of its Content-Length', EyeglassNetworkError],
  ['502', EyeglassApiError],
  ['503', EyeglassApiError],
  ['504', EyeglassApiError],
  ['429', EyeglassApiError],
  ['429 with Retry-After: 0', EyeglassApiError],
  ['503 with a Retry-After date in the past', EyeglassApiError],
  ['an HTML 502 page', EyeglassUnexpectedResponseError],
];

/** Faults that cost an attempt its whole timeout. */
const stallingFaults: FaultName[] = [
  'a hang before the headers',
  'a hang in the middle of the body',
  'a body sent byte by byte, slower than the timeout',
];

/**
 * Faults a GET does not retry, with the error it ends with for JSON and for the log's text
 * (undefined: the cut text is read as it came, since nothing tells it from a shorter log).
 */
const finalFaults: Array<[FaultName, ErrorType, ErrorType | undefined]> = [
  ['500', EyeglassApiError, EyeglassApiError],
  ['404', EyeglassNotFoundError, EyeglassNotFoundError],
  ['403', EyeglassAuthenticationError, EyeglassAuthenticationError],
  ['an HTML 200 page', EyeglassUnexpectedResponseError, EyeglassUnexpectedResponseError],
  ['JSON cut short with a matching Content-Length', EyeglassUnexpectedResponseError, undefined],
  ['a Content-Length shorter than the body', EyeglassUnexpectedResponseError, undefined],
  ['a 307 redirect to the same path', EyeglassUnexpectedResponseError, EyeglassUnexpectedResponseError],
];

const isText = (operationId: OperationId): boolean => !successAnswer(operationId).contentType.includes('json');

/** A redirect fault aimed at the operation's own path, as the server sees it. */
function aimed(fault: Fault, operationId: OperationId): Fault {
  return fault.kind === 'redirect' && !fault.location ? { ...fault, location: sentPath(operationId) } : fault;
}

describe('GETs retry within their budget', () => {
  describe.each(safeOperations)('%s', (operationId) => {
    it.each(transientFaults)(
      'answered %s every time: tried exactly 1 + retries times, then the typed error',
      async (name, type) => {
        server.plan(...repeat(faults[name], RETRIES + 1));
        const error = expectTypedFailure(await call(operationId), type);
        expectSent(operationId, RETRIES + 1);
        expect(error.outcomeUnknown).toBe(false);
        expect(lines.filter((line) => line.startsWith('retrying'))).toHaveLength(RETRIES);
      },
    );

    it('recovers from every kind of transient fault in one call, within its deadline', async () => {
      // One stalling fault per operation, in turn, keeps the file fast; each is also tested alone below.
      const stall = stallingFaults[safeOperations.indexOf(operationId) % stallingFaults.length]!;
      const sequence = [...transientFaults.map(([name]) => faults[name]), faults[stall]];
      server.plan(...sequence);
      const settled = await call(operationId, {
        retry: { retries: sequence.length, baseDelayMs: 1, maxDelayMs: 2 },
        timeoutMs: 300,
        deadlineMs: 2000,
      });
      expect(settled.error).toBeUndefined();
      expect(settled.value).toEqual(expectedValue(operationId));
      expectSent(operationId, sequence.length + 1);
    });

    it.each(finalFaults)('answered %s: not retried', async (name, type, textType) => {
      server.plan(aimed(faults[name], operationId), { kind: 'answer' });
      const settled = await call(operationId);
      const expected = isText(operationId) ? textType : type;
      const { body } = successAnswer(operationId);
      if (expected) expectTypedFailure(settled, expected);
      else expect(settled.value).toBe(body.slice(0, body.length / 2));
      expectSent(operationId, 1);
    });

    it('reads the body whatever its Content-Type says, when it is what the spec says', async () => {
      server.plan({ kind: 'content-type', contentType: 'application/octet-stream' });
      const settled = await call(operationId);
      expect(settled.value).toEqual(expectedValue(operationId));
      expectSent(operationId, 1);
    });

    it('reads a body sent byte by byte within the timeout', async () => {
      server.plan({ kind: 'slow-body', totalMs: 20 });
      const settled = await call(operationId, { timeoutMs: 1000 });
      expect(settled.value).toEqual(expectedValue(operationId));
      expectSent(operationId, 1);
    });
  });

  it.each(stallingFaults)(
    'after %s every time: tried exactly 1 + retries times, each attempt timed out',
    async (name) => {
      server.plan(...repeat(faults[name], 2));
      const error = expectTypedFailure(
        await call('getFailoverJob', {
          timeoutMs: STALL_TIMEOUT_MS,
          retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
        }),
        EyeglassTimeoutError,
      );
      expect(error).toMatchObject({ scope: 'attempt', timeoutMs: STALL_TIMEOUT_MS, outcomeUnknown: false });
      expectSent('getFailoverJob', 2);
    },
  );

  it('gives up at once when Retry-After would pass the deadline', async () => {
    server.plan({ kind: 'status', status: 503, retryAfter: '1' });
    const started = Date.now();
    const error = expectTypedFailure(await call('listFailoverJobs'), EyeglassApiError);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
    expect(error).toMatchObject({ status: 503 });
    expectSent('listFailoverJobs', 1);
  });

  it('retries a reset when the deadline is shorter than one attempt timeout', async () => {
    server.plan({ kind: 'reset' });
    const settled = await call('getFailoverJob', { timeoutMs: 10_000, deadlineMs: 400 });
    expect(settled.value).toEqual(expectedValue('getFailoverJob'));
    expectSent('getFailoverJob', 2);
  });
});

/** What an operation that is not safe to repeat ends with after each fault, and whether its outcome is unknown. */
const unsafeOutcomes: Array<[FaultName, ErrorType | 'answer', boolean]> = [
  ['a reset', EyeglassNetworkError, true],
  ['a hang before the headers', EyeglassTimeoutError, true],
  ['a hang in the middle of the body', EyeglassTimeoutError, true],
  ['a body sent byte by byte, slower than the timeout', EyeglassTimeoutError, true],
  ['JSON cut short of its Content-Length', EyeglassNetworkError, true],
  ['JSON cut short with a matching Content-Length', EyeglassUnexpectedResponseError, true],
  ['a Content-Length shorter than the body', EyeglassUnexpectedResponseError, true],
  ['an HTML 200 page', EyeglassUnexpectedResponseError, true],
  ['an HTML 502 page', EyeglassUnexpectedResponseError, true],
  ['502', EyeglassApiError, true],
  ['504', EyeglassApiError, true],
  ['503', EyeglassApiError, false],
  ['429 with Retry-After: 0', EyeglassApiError, false],
  ['500', EyeglassApiError, false],
  ['403', EyeglassAuthenticationError, false],
  ['a 307 redirect to the same path', EyeglassUnexpectedResponseError, false],
  ['a wrong Content-Type', 'answer', false],
];

describe('POST and DELETE are never sent twice', () => {
  describe.each(unsafeOperations)('%s', (operationId) => {
    it.each(unsafeOutcomes)('after %s: sent once', async (name, outcome, outcomeUnknown) => {
      server.plan(aimed(faults[name], operationId), { kind: 'answer' }, { kind: 'answer' });
      const settled = await call(operationId, {
        timeoutMs: stallingFaults.includes(name) ? STALL_TIMEOUT_MS : TIMEOUT_MS,
      });
      expectSent(operationId, 1);
      if (outcome === 'answer') {
        expect(settled.value).toEqual(expectedValue(operationId));
        return;
      }
      const error = expectTypedFailure(settled, outcome);
      expect(error.outcomeUnknown).toBe(outcomeUnknown);
      if (outcomeUnknown)
        expect(error.message).toMatch(/may have (been created|taken effect): check with eg\.\w+\.\w+\(/);
    });
  });
});

describe('every failure is a typed error with the key redacted', () => {
  it('an Error body that quotes the key keeps its message, with the key replaced', async () => {
    server.plan({ kind: 'status', status: 409 });
    const error = expectTypedFailure(await call('launchFailover'), EyeglassConflictError);
    expect(error.apiMessage).toBe('Refused the request with api_key=[redacted].');
    expect(error.message).toContain('[redacted]');
  });

  it('an HTML page that quotes the key is quoted with the key replaced', async () => {
    server.plan(...repeat({ kind: 'html', status: 502 }, RETRIES + 1));
    const error = expectTypedFailure(await call('getReadinessJob'), EyeglassUnexpectedResponseError);
    expect(error).toMatchObject({ status: 502, contentType: 'text/html' });
    expect(error.bodySnippet).toContain('api_key=[redacted]');
  });

  it('a redirect is not followed, so the key never goes to another origin', async () => {
    for (const operationId of [...safeOperations, ...unsafeOperations]) {
      server.clear();
      server.plan({ kind: 'redirect', status: 302, location: `${elsewhere.origin}${sentPath(operationId)}` });
      const error = expectTypedFailure(await call(operationId), EyeglassUnexpectedResponseError);
      expect(error.message).toContain(`a redirect to ${elsewhere.origin}`);
      expectSent(operationId, 1);
    }
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('no promise stays pending past its deadline', () => {
  const allOperations = operations.map((op) => op.operationId);

  it.each(allOperations)('%s, never answered, fails at its deadline', async (operationId) => {
    server.plan({ kind: 'hang-headers' });
    const deadlineMs = 250;
    const started = Date.now();
    const error = expectTypedFailure(await call(operationId, { timeoutMs: 10_000, deadlineMs }), EyeglassTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(deadlineMs - 5);
    expect(error).toMatchObject({ scope: 'deadline', timeoutMs: deadlineMs });
    expectSent(operationId, 1);
  });

  it.each(allOperations)('%s, hanging mid-body, stops when the caller aborts', async (operationId) => {
    server.plan({ kind: 'hang-body' });
    const controller = new AbortController();
    const pending = call(operationId, { timeoutMs: 10_000, signal: controller.signal });
    await server.nextRequest();
    controller.abort(new Error('the operator stopped it'));
    const settled = await pending;
    const error = expectTypedFailure(settled, EyeglassAbortError);
    expect(error.outcomeUnknown).toBe(!entryOf(operationId).idempotent);
    expectSent(operationId, 1);
  });

  it('a GET that stalls on every attempt ends at its deadline, within its budget', async () => {
    server.plan(...repeat(faults['a body sent byte by byte, slower than the timeout'], 10));
    const settled = await call('listReplicationJobs', {
      timeoutMs: STALL_TIMEOUT_MS,
      deadlineMs: 400,
      retry: { retries: 9, baseDelayMs: 1, maxDelayMs: 2 },
    });
    expect(expectTypedFailure(settled, EyeglassTimeoutError).scope).toBe('deadline');
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });
});

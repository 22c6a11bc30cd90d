import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedactor, REDACTED, redactBody, redactCause } from '../../src/core/redact.js';
import { createEyeglassClient, type EyeglassClient } from '../../src/index.js';
import { settle } from '../support/clock.js';
import { renderings } from '../support/invariants.js';
import { errorBody, json, type Reply, scriptedFetch, text } from '../support/scripted-fetch.js';

const apiKey = 'igls-4f9c2a7e5b1d8c3a6e0f';

describe('createRedactor', () => {
  it.each([
    ['a text without the key', 'plain', 'plain'],
    ['the key once', `key ${apiKey}!`, `key ${REDACTED}!`],
    ['the key twice', `${apiKey}/${apiKey}`, `${REDACTED}/${REDACTED}`],
  ])('redacts %s', (_name, given, want) => {
    expect(createRedactor(apiKey)(given)).toBe(want);
  });

  it('leaves text alone when there is no key', () => {
    expect(createRedactor('')('anything')).toBe('anything');
  });

  it('redacts bodies and causes, keeping the codes', () => {
    const redact = createRedactor(apiKey);
    expect(redactBody({ code: 400, message: `bad ${apiKey}` }, redact)).toEqual({
      code: 400,
      message: `bad ${REDACTED}`,
    });
    const cause = redactCause(
      new TypeError('fetch failed', { cause: Object.assign(new Error(`x ${apiKey}`), { code: 'EPIPE' }) }),
      redact,
    );
    expect(cause.name).toBe('TypeError');
    expect((cause.cause as Error).message).toBe(`x ${REDACTED}`);
    expect((cause.cause as { code?: string }).code).toBe('EPIPE');
  });
});

describe('the api key never leaks', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const echoingFailure = (): Error =>
    new TypeError(`request with api_key: ${apiKey} failed`, {
      cause: Object.assign(new Error(`socket hang up (api_key=${apiKey})`), { code: 'ECONNRESET' }),
    });

  it.each<[string, (eg: EyeglassClient) => Promise<unknown>, Reply[]]>([
    ['a network error whose text quotes the key', (eg) => eg.failover.list(), [echoingFailure(), echoingFailure()]],
    ['a launch that failed on the network', (eg) => eg.readiness.run(), [echoingFailure()]],
    ['an Error body that quotes the key', (eg) => eg.failover.get('j'), [errorBody(400, `Unknown api_key ${apiKey}.`)]],
    ['a refusal that quotes the key', (eg) => eg.failover.get('j'), [errorBody(403, `Token ${apiKey} is revoked.`)]],
    [
      'an error answer whose headers echo the key',
      (eg) => eg.failover.get('j'),
      [errorBody(404, 'Not found.', { 'x-echo-api-key': apiKey })],
    ],
    [
      'a proxy page that echoes the headers',
      (eg) => eg.failover.get('j'),
      [text(`<pre>api_key: ${apiKey}</pre>`, 200, 'text/html')],
    ],
    [
      'a retried 503 that quotes the key',
      (eg) => eg.replication.list(),
      [errorBody(503, apiKey), errorBody(503, apiKey)],
    ],
    ['a timeout', (eg) => eg.failover.cancel('j', { timeoutMs: 10 }), ['hang']],
  ])('in %s: not in the message, toString, JSON, inspect, stack or log lines', async (_name, call, replies) => {
    const lines: string[] = [];
    const { fetch, requests } = scriptedFetch(...replies);
    const eg = createEyeglassClient({
      baseUrl: 'https://eyeglass.test/sera',
      apiKey,
      fetch,
      log: (line) => lines.push(line),
      retry: { retries: replies.length - 1 },
    });
    const result = await settle(call(eg));
    expect(result.error).toBeInstanceOf(Error);
    expect(requests[0]!.headers.get('api_key')).toBe(apiKey);
    expect(lines.length).toBeGreaterThan(0);
    for (const rendering of [...renderings(result.error), ...lines, ...renderings(eg)]) {
      expect(rendering).not.toContain(apiKey);
    }
  });

  it('keeps the successful answer as it came', async () => {
    const { fetch } = scriptedFetch(json([]));
    const eg = createEyeglassClient({ baseUrl: 'https://eyeglass.test/sera', apiKey, fetch });
    await expect(eg.failover.list()).resolves.toEqual([]);
  });
});

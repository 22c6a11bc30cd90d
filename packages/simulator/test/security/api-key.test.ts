import * as crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeClock, createSimulator } from '../../src/index.js';

// The real comparison, watched: every call is recorded with its arguments.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);

const keys = ['igls-firstAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'igls-secondBBBBBBBBBBBBBBBBBBBBBBBBB', 'igls-3'];
let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await createSimulator({ apiKeys: keys, clock: createFakeClock() }));
  await app.ready();
});
afterAll(() => app.close());
// A function returned by beforeEach would be called as a teardown: return nothing.
beforeEach(() => {
  timingSafeEqual.mockClear();
});

const list = (apiKey: string) =>
  app.inject({ method: 'GET', url: '/sera/v2/jobs/readiness', headers: { api_key: apiKey } });

describe('the api_key check', () => {
  const presented: Array<[string, string, number]> = [
    ['the first key', keys[0]!, 200],
    ['the last key, shorter than the others', keys[2]!, 200],
    ['a wrong key of the same length', `${keys[0]!.slice(0, -1)}Z`, 403],
    ['a prefix of a key', keys[0]!.slice(0, 10), 403],
    ['a key with a character more', `${keys[1]}x`, 403],
    ['a one-character key', 'i', 403],
    ['a 6000-character key', `igls-${'k'.repeat(6000)}`, 403],
    ['a key in another case', keys[0]!.toUpperCase(), 403],
  ];
  it.each(presented)(
    'compares %s with timingSafeEqual over SHA-256 digests, against every key',
    async (_name, apiKey, status) => {
      expect((await list(apiKey)).statusCode).toBe(status);
      // Every configured key is compared, whatever matched, so the time says nothing about which.
      expect(timingSafeEqual).toHaveBeenCalledTimes(keys.length);
      const expected = crypto.createHash('sha256').update(apiKey).digest();
      for (const [presentedDigest, knownDigest] of timingSafeEqual.mock.calls) {
        // Equal-length digests: the key's length never decides how long the comparison takes.
        expect(Buffer.isBuffer(presentedDigest) && Buffer.isBuffer(knownDigest)).toBe(true);
        expect([(presentedDigest as Buffer).length, (knownDigest as Buffer).length]).toEqual([32, 32]);
        expect(presentedDigest).toEqual(expected);
      }
      const known = timingSafeEqual.mock.calls.map(([, digest]) => (digest as Buffer).toString('hex'));
      expect(known).toEqual(keys.map((key) => crypto.createHash('sha256').update(key).digest('hex')));
    },
  );

  it('refuses a missing or empty key without comparing anything', async () => {
    expect((await app.inject({ method: 'GET', url: '/sera/v2/jobs/readiness' })).statusCode).toBe(403);
    expect((await list('')).statusCode).toBe(403);
    expect(timingSafeEqual).not.toHaveBeenCalled();
  });
});

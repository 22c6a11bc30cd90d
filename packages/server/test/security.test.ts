import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { acceptApiKeys, authenticator } from '../src/security.js';

const request = {} as FastifyRequest;

describe('acceptApiKeys', () => {
  const accepts = acceptApiKeys(['igls-first', 'igls-second-and-longer']);

  it.each([
    ['the first key', 'igls-first', true],
    ['the second key', 'igls-second-and-longer', true],
    ['a prefix of a key', 'igls-fir', false],
    ['a key with a suffix', 'igls-firstx', false],
    ['a key in another case', 'IGLS-FIRST', false],
    ['an unknown key', 'igls-third', false],
  ])('%s → %s', (_name, key, want) => {
    expect(accepts(key, request)).toBe(want);
  });

  it('never accepts the empty key, even when it is listed', () => {
    expect(acceptApiKeys([''])('', request)).toBe(false);
  });
});

describe('authenticator', () => {
  it('accepts a key that either the list or the function accepts', async () => {
    const check = authenticator({ apiKeys: ['igls-listed'], authenticate: async (key) => key === 'igls-vault' });
    expect(await check('igls-listed', request)).toBe(true);
    expect(await check('igls-vault', request)).toBe(true);
    expect(await check('igls-neither', request)).toBe(false);
  });

  it('refuses to be built without a way to tell keys apart', () => {
    expect(() => authenticator({})).toThrow(/apiKeys.*authenticate/);
  });
});

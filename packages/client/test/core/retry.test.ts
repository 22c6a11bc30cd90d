import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryOptions, mergeRetryOptions, retryAfterDelay } from '../../src/core/retry.js';

const options = { ...defaultRetryOptions, baseDelayMs: 200, maxDelayMs: 1500 };

describe('backoffDelay', () => {
  it.each([
    ['the first retry, highest draw', 1, 0.9999, 199],
    ['the second retry doubles the bound', 2, 0.9999, 399],
    ['the third retry doubles it again', 3, 0.9999, 799],
    ['the fourth retry is capped', 4, 0.9999, 1499],
    ['the tenth retry stays capped', 10, 0.9999, 1499],
    ['the lowest draw waits nothing', 3, 0, 0],
    ['a middle draw waits half the bound', 2, 0.5, 200],
  ])('%s', (_name, retry, draw, want) => {
    expect(backoffDelay(retry, options, () => draw)).toBe(want);
  });

  it('stays within [0, bound) over many draws', () => {
    for (let retry = 1; retry <= 8; retry++) {
      const bound = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(retry, options);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(bound);
      }
    }
  });
});

describe('retryAfterDelay', () => {
  const now = Date.parse('2025-06-01T12:00:00.000Z');
  it.each([
    ['absent', null, undefined],
    ['delta-seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['delta-seconds with spaces', ' 5 ', 5000],
    ['an HTTP date in the future', 'Sun, 01 Jun 2025 12:00:30 GMT', 30_000],
    ['an HTTP date in the past', 'Sun, 01 Jun 2025 11:00:00 GMT', 0],
    ['garbage', 'soon', undefined],
    ['a negative number', '-5', undefined],
  ])('reads %s', (_name, header, want) => {
    expect(retryAfterDelay(header, now)).toBe(want);
  });
});

describe('mergeRetryOptions', () => {
  it.each([
    ['nothing keeps the base', undefined, defaultRetryOptions],
    ['false turns retries off', false, { ...defaultRetryOptions, retries: 0 }],
    ['a partial override replaces only its fields', { retries: 7 }, { ...defaultRetryOptions, retries: 7 }],
  ] as const)('%s', (_name, override, want) => {
    expect(mergeRetryOptions(defaultRetryOptions, override)).toEqual(want);
  });
});

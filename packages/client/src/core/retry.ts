/**
 * When and how long to wait before trying a request again: exponential backoff with full jitter
 * and a cap, or the server's `Retry-After`. Only operations that are safe to repeat are retried.
 */
import type { RetryOptions } from './types.js';

export const defaultRetryOptions: RetryOptions = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  statuses: [429, 502, 503, 504],
  networkErrors: true,
};

/** Merges caller options over a base; `false` turns retries off. */
export function mergeRetryOptions(
  base: RetryOptions,
  override: Partial<RetryOptions> | false | undefined,
): RetryOptions {
  if (override === false) return { ...base, retries: 0 };
  return override ? { ...base, ...override } : base;
}

/**
 * The delay before retry number `retry` (1 for the first): a uniform random value between 0 and
 * min(maxDelayMs, baseDelayMs × 2^(retry−1)), so that many clients do not retry in step.
 */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const bound = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * bound);
}

/**
 * The delay a `Retry-After` header asks for, in milliseconds: delta-seconds or an HTTP date.
 * Undefined when the header is absent or unreadable. See RFC 9110, section 10.2.3.
 */
export function retryAfterDelay(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names the day and month; without letters, Date.parse would read '-5' as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The checks every call must pass whatever the server does: it settles before its deadline, and
 * when it fails, the error is one of the client's typed errors and no rendering of it holds the key.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { EyeglassError } from '../../src/index.js';
import type { Settled } from './clock.js';

/** Every way an error or the client can be turned into text by a program or a logger. */
export function renderings(value: unknown): string[] {
  return [
    String(value),
    JSON.stringify(value) ?? '',
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    value instanceof Error ? `${value.message}\n${value.stack}` : '',
  ];
}

/** Fails unless `secret` is absent from every rendering of each value. */
export function expectNoSecret(secret: string, ...values: unknown[]): void {
  for (const value of values) for (const text of renderings(value)) expect(text).not.toContain(secret);
}

/**
 * How the call settled, on the real clock; rejects (failing the test) if it is still pending
 * `withinMs` after this was called.
 */
export async function settleWithin<T>(promise: Promise<T>, withinMs: number): Promise<Settled<T>> {
  const settled = promise.then(
    (value): Settled<T> => ({ value }),
    (error: unknown): Settled<T> => ({ error }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the call was still pending after ${withinMs} ms`)), withinMs);
  });
  try {
    return await Promise.race([settled, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails unless the call failed with an instance of `type` (a subclass of EyeglassError); returns the error. */
export function expectTypedFailure<E extends EyeglassError>(
  settled: Settled<unknown>,
  type: abstract new (...args: never[]) => E,
): E {
  expect(settled.error, `resolved with ${JSON.stringify(settled.value)?.slice(0, 80)}`).toBeInstanceOf(EyeglassError);
  expect(settled.error).toBeInstanceOf(type);
  expect((settled.error as Error).constructor).toBe(type);
  return settled.error as E;
}

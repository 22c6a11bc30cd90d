/** Runs a promise to its end on the fake clock: fires every pending timer, then reports how it settled. */
import { vi } from 'vitest';

export type Settled<T> = { value: T; error?: undefined } | { value?: undefined; error: unknown };

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return settled;
}

/** The error a promise rejects with on the fake clock; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  const result = await settle(promise);
  if (!('error' in result) || result.error === undefined) throw new Error('expected a rejection, got a value');
  return result.error;
}

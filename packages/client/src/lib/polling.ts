/**
 * The timing of a poll loop, shared by waiters and log followers: an interval that starts short,
 * grows while nothing changes and is capped, an overall time limit, and the caller's signal.
 */
import { linkSignals, sleep, startTimer } from '../core/abort.js';
import { EyeglassAbortError, type EyeglassError } from '../core/errors.js';

export interface PollOptions {
  /** The first wait between polls, and the wait after a poll that saw a change. Default 2000 ms. */
  intervalMs?: number;
  /** The cap on the wait between polls. Default 30000 ms. */
  maxIntervalMs?: number;
  /** Gives up after this long. Default: no limit (a failover can take hours). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Each poll that sees no change waits this many times longer than the last, up to the cap. */
export const POLL_BACKOFF_FACTOR = 1.5;

export interface PollSession {
  /** Aborts on the caller's signal or at the time limit; pass it to each request. */
  readonly signal: AbortSignal;
  /** Waits before the next poll: the first interval again after a change, a longer one otherwise. */
  pause(changed: boolean): Promise<void>;
  /** What to throw for an error raised while polling: the time limit, the caller's abort, or the error itself. */
  failure(error: unknown): unknown;
  close(): void;
}

export function startPolling(what: string, options: PollOptions, timeoutError: () => EyeglassError): PollSession {
  const first = options.intervalMs ?? 2000;
  const cap = Math.max(first, options.maxIntervalMs ?? 30_000);
  let interval = first;
  let timedOut = false;
  const linked = linkSignals([options.signal]);
  const stopTimer = startTimer(options.timeoutMs, () => {
    timedOut = true;
    linked.abort();
  });
  return {
    signal: linked.signal,
    pause(changed) {
      interval = changed ? first : Math.min(cap, interval * POLL_BACKOFF_FACTOR);
      return sleep(interval, linked.signal);
    },
    failure(error) {
      if (timedOut) return timeoutError();
      if (options.signal?.aborted) return new EyeglassAbortError(what, options.signal.reason);
      return error;
    },
    close() {
      stopTimer();
      linked.dispose();
    },
  };
}

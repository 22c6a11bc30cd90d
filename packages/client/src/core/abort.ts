/**
 * Cancellation plumbing shared by requests and waiters: signals linked to their parents, timers that
 * abort, and sleeps that stop on abort. Timers use the global `setTimeout`, so a fake clock drives them.
 */

/** The longest delay `setTimeout` accepts; longer ones would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

export interface LinkedSignal {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Stops listening to the parents, so a long-lived parent does not keep this one alive. */
  dispose(): void;
}

/** A signal that aborts when any parent does, or when `abort` is called. */
export function linkSignals(parents: ReadonlyArray<AbortSignal | undefined>): LinkedSignal {
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    const onAbort = (): void => controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => parent.removeEventListener('abort', onAbort));
  }
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => {
      for (const cleanup of cleanups) cleanup();
    },
  };
}

/**
 * Calls `fire(subject)` after `ms`, and returns the timer for `clearTimeout`; no timer for an infinite
 * or huge delay. Passing the subject, rather than a closure over it, keeps a hot path free of closures.
 */
export function armTimer<S>(
  ms: number | undefined,
  fire: (subject: S) => void,
  subject: S,
): ReturnType<typeof setTimeout> | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms > MAX_TIMER_MS) return undefined;
  return setTimeout(fire, Math.max(0, ms), subject);
}

/** Calls `fire` after `ms`; returns the function that cancels it. No timer for an infinite or huge delay. */
export function startTimer(ms: number | undefined, fire: () => void): () => void {
  const timer = armTimer(ms, fire, undefined);
  return () => clearTimeout(timer);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = startTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

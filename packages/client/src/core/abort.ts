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

/** Calls `fire` after `ms`; returns the function that cancels it. No timer for an infinite or huge delay. */
export function startTimer(ms: number | undefined, fire: () => void): () => void {
  if (ms === undefined || !Number.isFinite(ms) || ms > MAX_TIMER_MS) return () => {};
  const timer = setTimeout(fire, Math.max(0, ms));
  return () => clearTimeout(timer);
}

/** A promise that rejects with the signal's reason once it aborts, and never settles otherwise. */
export function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
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

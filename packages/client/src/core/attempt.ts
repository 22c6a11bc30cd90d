/**
 * One attempt of a call: openapi-fetch sends the request, bounded by the attempt's timeout or by
 * what is left of the deadline, whichever ends first, and by the caller's signal. The attempt
 * settles at the first of the answer, the timer and the signal; its fetch is aborted on the last two
 * (also a fetch that would ignore the abort cannot hold the call), and whatever that fetch does
 * afterwards is ignored. Each attempt is one object whose methods are its callbacks, so that the hot
 * path allocates little.
 */
import { armTimer } from './abort.js';
import type { Dispatch } from './dispatch.js';
import { abortError, type CallState, Failure, noAnswer, readAnswer } from './outcome.js';
import type { AttemptInit, RawCall } from './types.js';

/** What every attempt of one transport sends with. */
export interface Sender {
  readonly dispatch: Dispatch;
  readonly pathSerializer: AttemptInit['pathSerializer'];
  /** The Request type openapi-fetch builds: a prepared one, or a real one once eg.raw has middleware. */
  Request: typeof Request;
}

class Attempt {
  readonly controller = new AbortController();
  readonly started: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  settled = false;

  constructor(
    readonly state: CallState,
    readonly sender: Sender,
    readonly scope: 'attempt' | 'deadline',
    readonly resolve: (outcome: unknown) => void,
  ) {
    this.started = state.log ? Date.now() : 0;
  }

  settle(outcome: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.state.options.signal?.removeEventListener('abort', this);
    this.resolve(outcome);
  }

  /** The caller's signal aborted (an EventListener object, so no closure is made for it). */
  handleEvent(): void {
    const { signal } = this.state.options;
    this.controller.abort(signal?.reason);
    this.settle(new Failure(abortError(this.state), false));
  }

  readonly send = (request: Request): Promise<Response> => {
    this.state.sent = request;
    return this.sender.dispatch(request);
  };

  readonly answered = (answer: Awaited<ReturnType<RawCall>>): void =>
    this.settle(readAnswer(this.state, answer, this.started));

  readonly failed = (cause: unknown): void => this.settle(noAnswer(this.state, cause, undefined));
}

function expire(attempt: Attempt): void {
  attempt.controller.abort();
  attempt.settle(noAnswer(attempt.state, undefined, attempt.scope));
}

/** Runs one attempt with `left` ms to the deadline; resolves with the call's value or a Failure. */
export function runAttempt(state: CallState, sender: Sender, rawCall: RawCall, left: number): Promise<unknown> {
  return new Promise((resolve) => {
    const attempt = new Attempt(state, sender, left <= state.timeoutMs ? 'deadline' : 'attempt', resolve);
    const { signal } = state.options;
    // A signal that aborted after the last check (during a wait, say) fires no more events.
    if (signal?.aborted) return attempt.handleEvent();
    attempt.timer = armTimer(Math.min(left, state.timeoutMs), expire, attempt);
    signal?.addEventListener('abort', attempt, { once: true });
    rawCall({
      signal: attempt.controller.signal,
      parseAs: 'text',
      headers: state.options.headers,
      fetch: attempt.send,
      Request: sender.Request,
      pathSerializer: sender.pathSerializer,
    }).then(attempt.answered, attempt.failed);
  });
}

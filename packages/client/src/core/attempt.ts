/**
 * One attempt of a call: its request is sent, bounded by the attempt's timeout or by what is left of
 * the deadline, whichever ends first, and by the caller's signal. The attempt settles at the first of
 * the answer (its body read), the timer and the signal; its fetch is aborted on the last two (also a
 * fetch that would ignore the abort cannot hold the call), and whatever that fetch does afterwards is
 * ignored. Each attempt is one object whose methods are its callbacks, so that the hot path
 * allocates little.
 */
import { armTimer } from './abort.js';
import type { Dispatch, Dispatcher, DispatchHandler, PreparedRequest } from './dispatch.js';
import { type Answer, abortError, type CallState, Failure, noAnswer, readAnswer } from './outcome.js';
import type { Prepare } from './prepare.js';

/** What an attempt gives the openapi-fetch route: its signal, and the fetch that records what it sent. */
export interface RawAttempt {
  readonly signal: AbortSignal;
  send(request: Request): Promise<Response>;
}

/** One attempt sent through openapi-fetch. */
export type RawRoute = (state: CallState, attempt: RawAttempt) => Promise<Answer>;

/** What every attempt of one transport sends with. */
export interface Sender {
  readonly dispatch: Dispatch;
  readonly prepare: Prepare;
  /**
   * Set once middleware is added to `eg.raw`: each attempt then goes through openapi-fetch, so that
   * the middleware sees the client's requests too.
   */
  viaRaw: RawRoute | undefined;
}

/** An error answer's body: its JSON when it parses, else its text. */
function errorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const stopped = (): DOMException => new DOMException('The operation was aborted.', 'AbortError');

class Attempt implements Dispatcher {
  /** The signal's controller, made only for a request that is stopped through a signal. */
  controller: AbortController | undefined;
  /** The dispatcher this attempt stands in front of, for a request it stops itself. */
  base: Dispatcher | undefined;
  /** The request's own abort, once undici has it on a connection. */
  abortRequest: ((reason?: unknown) => void) | undefined;
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

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  start(): void {
    const { state, sender } = this;
    if (sender.viaRaw) {
      sender.viaRaw(state, this).then(
        (answer) => this.answered(answer),
        (cause) => this.failed(cause),
      );
      return;
    }
    this.base = sender.dispatch.stoppable();
    const stop = this.base ? { dispatcher: this } : { signal: this.signal };
    const request: PreparedRequest = sender.prepare(state.operation, state.input, state.options.headers, stop);
    state.sent = request;
    void this.exchange(request);
  }

  /** Sends the request and reads its answer; settles the attempt, and never rejects. */
  async exchange(request: PreparedRequest): Promise<void> {
    let answer: Answer;
    try {
      const response = await this.sender.dispatch(request);
      if (this.settled) return;
      // A 204 has no body to read; any other empty body reads as ''.
      const text = response.status === 204 ? '' : await response.text();
      answer = response.ok
        ? { data: text || undefined, response }
        : { error: text ? errorBody(text) : undefined, response };
    } catch (cause) {
      this.failed(cause);
      return;
    }
    this.answered(answer);
  }

  /** Node's fetch hands its request to the attempt, its dispatcher, which keeps the request's abort. */
  dispatch(options: object, handler: DispatchHandler): boolean {
    const onConnect = handler.onConnect;
    handler.onConnect = (abort, context) => {
      onConnect?.call(handler, abort, context);
      // An attempt that ended before its request reached a connection stops it there.
      if (this.settled) abort(stopped());
      else this.abortRequest = abort;
    };
    return this.base!.dispatch(options, handler);
  }

  /** Stops the request, socket included, whichever way it can be stopped. */
  stop(reason?: unknown): void {
    this.controller?.abort(reason);
    this.abortRequest?.(reason ?? stopped());
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
    this.stop(this.state.options.signal?.reason);
    this.settle(new Failure(abortError(this.state), false));
  }

  /** Sends a Request openapi-fetch built (the path taken once `eg.raw` has middleware). */
  send(request: Request): Promise<Response> {
    this.state.sent = request;
    return this.sender.dispatch(request);
  }

  answered(answer: Answer): void {
    this.settle(readAnswer(this.state, answer, this.started));
  }

  failed(cause: unknown): void {
    this.settle(noAnswer(this.state, cause, undefined));
  }
}

function expire(attempt: Attempt): void {
  attempt.stop();
  attempt.settle(noAnswer(attempt.state, undefined, attempt.scope));
}

/** Runs one attempt with `left` ms to the deadline; resolves with the call's value or a Failure. */
export function runAttempt(state: CallState, sender: Sender, left: number): Promise<unknown> {
  return new Promise((resolve) => {
    const attempt = new Attempt(state, sender, left <= state.timeoutMs ? 'deadline' : 'attempt', resolve);
    const { signal } = state.options;
    // A signal that aborted after the last check (during a wait, say) fires no more events.
    if (signal?.aborted) return attempt.handleEvent();
    attempt.timer = armTimer(Math.min(left, state.timeoutMs), expire, attempt);
    signal?.addEventListener('abort', attempt, { once: true });
    attempt.start();
  });
}

/**
 * One call of a client method, from its first attempt to its outcome. The call is the state every
 * error reads, and it settles the method's promise once: with the value of the first answer that
 * reads as the spec says, or with the typed error of the last failed attempt, after whatever retries
 * the operation, its retry options and its deadline allow. The caller's signal ends the call at any
 * point, a wait between attempts included.
 *
 * Each attempt is bounded by its timeout or by what is left of the deadline, whichever ends first.
 * It ends at the first of its answer (the body read), its timer and the caller's signal; its request
 * is stopped on the last two (also a request that would ignore the stop cannot hold the call), and
 * whatever that request does afterwards is ignored. A request goes straight to Node's dispatcher,
 * which hands over its own abort, or through fetch with a signal (see ./dispatch.ts).
 */

import { canSendDirect, type Receiver, sendDirect } from '#direct';
import { armTimer } from './abort.js';
import type { Dispatch, PreparedRequest } from './dispatch.js';
import { type Answer, abortError, type CallState, Failure, FetchAnswer, noAnswer, readAnswer } from './outcome.js';
import type { Prepare } from './prepare.js';
import type { Redact } from './redact.js';
import { backoffDelay, mergeRetryOptions } from './retry.js';
import type { CallInput, Operation, RequestOptions, RetryOptions } from './types.js';

/** What an attempt gives the openapi-fetch route: its signal, and the fetch that records what it sent. */
export interface RawAttempt {
  readonly signal: AbortSignal;
  send(request: Request): Promise<Response>;
}

/** One attempt sent through openapi-fetch. */
export type RawRoute = (state: CallState, attempt: RawAttempt) => Promise<Answer>;

/** What every call of one transport shares: how it sends, and the client's defaults. */
export interface CallSettings {
  readonly dispatch: Dispatch;
  readonly prepare: Prepare;
  /**
   * Set once middleware is added to `eg.raw`: each attempt then goes through openapi-fetch, so that
   * the middleware sees the client's requests too.
   */
  viaRaw: RawRoute | undefined;
  readonly redact: Redact;
  /** The client's log, the key already redacted from its lines. */
  readonly log: ((line: string) => void) | undefined;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly retry: RetryOptions;
}

const stopped = (): DOMException => new DOMException('The operation was aborted.', 'AbortError');

/**
 * A call and its current attempt in one object: a call that succeeds at once makes no other but its
 * request and the exchange that reads it. An attempt is known by its number, so that whatever an
 * earlier attempt's request does late is ignored.
 */
export class Call implements CallState, RawAttempt, Receiver {
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly deadlineAt: number;
  readonly retry: RetryOptions;
  readonly redact: Redact;
  readonly log: ((line: string) => void) | undefined;
  sent: Request | PreparedRequest | undefined = undefined;
  retries = 0;
  ended = false;
  /** The number of the current attempt, from 1. */
  attempt = 0;
  /** Whether the current attempt has ended (its answer read, failed, timed out or abandoned). */
  settled = true;
  /** The current attempt's timer, or the wait before the next attempt. */
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  started = 0;
  scope: 'attempt' | 'deadline' = 'attempt';
  /** The current attempt's signal controller, made only for a request sent through fetch. */
  controller: AbortController | undefined = undefined;
  /** The current request's own abort, once the dispatcher has it on a connection. */
  abortRequest: ((reason?: unknown) => void) | undefined = undefined;

  constructor(
    readonly settings: CallSettings,
    readonly operation: Operation,
    readonly input: CallInput,
    readonly options: RequestOptions,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    this.deadlineMs = options.deadlineMs ?? settings.deadlineMs;
    this.deadlineAt = Date.now() + this.deadlineMs;
    this.retry = mergeRetryOptions(settings.retry, options.retry);
    this.redact = settings.redact;
    this.log = settings.log;
  }

  start(): void {
    const { signal } = this.options;
    if (signal) {
      if (signal.aborted) {
        this.fail(abortError(this));
        return;
      }
      signal.addEventListener('abort', this, { once: true });
    }
    this.next(this.deadlineMs);
  }

  /** Starts an attempt with `left` ms to the deadline. */
  next(left: number): void {
    const attempt = ++this.attempt;
    this.settled = false;
    this.started = this.log ? Date.now() : 0;
    this.scope = left <= this.timeoutMs ? 'deadline' : 'attempt';
    this.timer = armTimer(Math.min(left, this.timeoutMs), expire, this);
    const { settings } = this;
    if (settings.viaRaw) {
      settings.viaRaw(this, this).then(
        (answer) => this.answered(attempt, answer),
        (cause) => this.failed(attempt, cause),
      );
      return;
    }
    let request: PreparedRequest;
    try {
      request = settings.prepare(this.operation, this.input, this.options.headers);
    } catch (error) {
      // A request that cannot be built (a body JSON cannot hold, say) is the caller's error, as thrown.
      this.abandon(undefined);
      this.fail(error);
      return;
    }
    this.sent = request;
    const direct = canSendDirect && request.origin !== undefined ? settings.dispatch.direct() : undefined;
    if (direct) sendDirect(direct, request, this, attempt);
    else void this.exchange(attempt, request);
  }

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** Whether `attempt` is the attempt under way. */
  current(attempt: number): boolean {
    return attempt === this.attempt && !this.settled;
  }

  /** Sends an attempt's request through fetch and reads its answer; never rejects. */
  async exchange(attempt: number, request: PreparedRequest): Promise<void> {
    let answer: Answer;
    try {
      const response = await this.settings.dispatch.fetch(request, this.signal);
      if (!this.current(attempt)) return;
      // A 204 has no body to read; any other empty body reads as ''.
      answer = new FetchAnswer(response, response.status === 204 ? '' : await response.text());
    } catch (cause) {
      this.failed(attempt, cause);
      return;
    }
    this.answered(attempt, answer);
  }

  /** The dispatcher put the request on a connection: its abort stops it, socket included. */
  connected(attempt: number, abort: (reason?: unknown) => void): void {
    // An attempt that ended before its request reached a connection stops it there.
    if (this.current(attempt)) this.abortRequest = abort;
    else abort(stopped());
  }

  /** Sends a Request openapi-fetch built (the path taken once `eg.raw` has middleware). */
  send(request: Request): Promise<Response> {
    this.sent = request;
    return this.settings.dispatch.request(request);
  }

  /** Marks the current attempt ended: its timer cleared, and its request no longer to be stopped. */
  close(): void {
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.controller = undefined;
    this.abortRequest = undefined;
  }

  /** Ends the current attempt, its timer and its request, and says nothing of it. */
  abandon(reason: unknown): void {
    const { controller, abortRequest } = this;
    this.close();
    controller?.abort(reason);
    abortRequest?.(reason ?? stopped());
  }

  answered(attempt: number, answer: Answer): void {
    if (!this.current(attempt)) return;
    let outcome: unknown;
    try {
      outcome = readAnswer(this, answer, this.started);
    } catch (error) {
      // Reading cannot fail but by a fault of the client's own: it ends the call, and is not taken
      // for a failure of the request (that would retry it).
      this.close();
      this.fail(error);
      return;
    }
    this.attemptEnded(outcome);
  }

  failed(attempt: number, cause: unknown): void {
    if (this.current(attempt)) this.attemptEnded(noAnswer(this, cause, undefined));
  }

  /** The current attempt ended, with the call's value or a Failure. */
  attemptEnded(outcome: unknown): void {
    this.close();
    if (!(outcome instanceof Failure)) {
      this.succeed(outcome);
      return;
    }
    const delay = this.retryDelay(outcome);
    if (delay === undefined) {
      this.fail(outcome.error);
      return;
    }
    this.retries++;
    this.log?.(
      `retrying ${this.operation.operationId} in ${delay} ms (retry ${this.retries} of ${this.retry.retries})`,
    );
    // A jittered backoff of 0 ms tries again at once.
    if (delay <= 0) this.next(this.deadlineAt - Date.now());
    else this.timer = armTimer(delay, tryAgain, this);
  }

  /** How long to wait before trying again after `failure`; undefined when the call may not. */
  retryDelay({ retryable, retryAfterMs }: Failure): number | undefined {
    const { retry } = this;
    if (!retryable || this.retries >= retry.retries) return undefined;
    const delay = retryAfterMs ?? backoffDelay(this.retries + 1, retry);
    // A wait that would reach the deadline only delays the same failure.
    return Date.now() + delay >= this.deadlineAt ? undefined : delay;
  }

  /** The caller's signal aborted (an EventListener object, so no closure is made for it). */
  handleEvent(): void {
    if (this.ended) return;
    this.abandon(this.options.signal?.reason);
    this.fail(abortError(this));
  }

  succeed(value: unknown): void {
    this.end();
    this.resolve(value);
  }

  fail(error: unknown): void {
    this.end();
    this.reject(error);
  }

  end(): void {
    this.ended = true;
    this.options.signal?.removeEventListener('abort', this);
  }
}

function tryAgain(call: Call): void {
  call.timer = undefined;
  call.next(call.deadlineAt - Date.now());
}

/** The current attempt's time ran out: its request is stopped first, so that its error goes unheard. */
function expire(call: Call): void {
  const outcome = noAnswer(call, undefined, call.scope);
  call.abandon(undefined);
  call.attemptEnded(outcome);
}

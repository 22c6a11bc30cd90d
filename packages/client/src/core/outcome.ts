/**
 * What one attempt of a call ends with: the call's value, or a Failure that carries the typed error
 * and whether the call may try again. This is where answers, their absence and aborts become the
 * client's errors, with the key redacted and, for a request that is not safe to repeat, what to
 * check before sending it again.
 */
import type { PreparedRequest } from './dispatch.js';
import {
  type ErrorDetails,
  EyeglassAbortError,
  type EyeglassError,
  EyeglassNetworkError,
  EyeglassTimeoutError,
  errorFromAnswer,
  type RequestContext,
} from './errors.js';
import { causeCodes, type Redact, redactBody, redactCause, redactHeaders } from './redact.js';
import { Problem, readResult } from './result.js';
import { retryAfterDelay } from './retry.js';
import type { CallInput, Operation, RequestOptions, RetryOptions } from './types.js';

/** What one call knows across its attempts. */
export interface CallState {
  readonly operation: Operation;
  readonly input: CallInput;
  readonly options: RequestOptions;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly retry: RetryOptions;
  readonly redact: Redact;
  /** The client's log, the key already redacted from its lines. */
  readonly log: ((line: string) => void) | undefined;
  /** The request of the last attempt that was sent. */
  sent: Request | PreparedRequest | undefined;
}

/**
 * What an attempt read, whichever way it was sent: the status and headers, with the text of a 2xx
 * answer or the parsed body of any other.
 */
export interface Answer {
  readonly status: number;
  /** The answer's headers; read only for a text result or a failure. */
  readonly headers: Headers;
  /** A browser's answer to a redirect that was not followed, which shows no status. */
  readonly opaqueRedirect: boolean;
  readonly data: string | undefined;
  readonly error: unknown;
}

/** An error answer's body: its JSON when it parses, else its text. */
function errorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Whether a status is a success (2xx), as `Response.ok` says. */
export function succeeded(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** An Answer read from its body's text: the text of a 2xx, the parsed body of any other. */
export abstract class TextAnswer implements Answer {
  readonly data: string | undefined;
  readonly error: unknown;
  abstract readonly headers: Headers;

  constructor(
    readonly status: number,
    readonly opaqueRedirect: boolean,
    text: string,
  ) {
    const ok = succeeded(status);
    this.data = ok ? text || undefined : undefined;
    this.error = !ok && text ? errorBody(text) : undefined;
  }
}

/** The Answer of a fetch Response and its text. */
export class FetchAnswer extends TextAnswer {
  readonly headers: Headers;

  constructor(response: Response, text: string) {
    super(response.status, response.type === 'opaqueredirect', text);
    this.headers = response.headers;
  }
}

/** An attempt that failed; any other outcome of an attempt is the call's value. */
export class Failure {
  constructor(
    readonly error: EyeglassError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {}
}

const GATEWAY_STATUSES = [502, 504];
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/;
const NO_DETAILS: ErrorDetails = {};

function context(state: CallState): RequestContext {
  const url = state.sent?.url ?? '';
  return { operationId: state.operation.operationId, method: state.operation.method, url: state.redact(url) };
}

function outcomeHint(operation: Operation): string {
  const effect = operation.method === 'POST' ? 'The job may have been created' : 'It may have taken effect';
  const check = operation.check ? `check with ${operation.check}` : 'check the appliance';
  return `${effect}: ${check} before sending it again.`;
}

/** What an error says about a request that may have been acted on: nothing for a GET, or before it was sent. */
function unsafeDetails(state: CallState): ErrorDetails {
  const { operation } = state;
  return operation.idempotent || !state.sent ? NO_DETAILS : { outcomeUnknown: true, hint: outcomeHint(operation) };
}

/** Whether a request failed because the appliance's certificate is not trusted: trying again cannot help. */
function untrusted(cause: unknown): boolean {
  return causeCodes(cause).some((code) => TLS_CODE.test(code));
}

function networkFailure(context: RequestContext, cause: unknown, redact: Redact, details: ErrorDetails) {
  const safe = redactCause(cause, redact);
  const reasons: string[] = [];
  for (let current: unknown = safe; current instanceof Error; current = current.cause) reasons.push(current.message);
  const tls = untrusted(safe)
    ? "The appliance's TLS certificate is not trusted: give the client its CA (see TLS in the client's README)."
    : undefined;
  const hint = [tls, details.hint].filter(Boolean).join(' ');
  return new EyeglassNetworkError(context, reasons.join(': '), { ...details, hint, cause: safe });
}

/** A 3xx answer, or in a browser the opaque answer that stands for one. */
function isRedirect({ opaqueRedirect, status }: Answer): boolean {
  return opaqueRedirect || (status >= 300 && status < 400);
}

function redirectProblem(location: string | null, redact: Redact): string {
  const to = location ? ` to ${redact(location)}` : '';
  return `a redirect${to}, which the client does not follow: set baseUrl to the address the API answers at`;
}

/** The caller's signal stopped the call. */
export function abortError(state: CallState): EyeglassError {
  const { operation, options } = state;
  return new EyeglassAbortError(operation.operationId, options.signal?.reason, context(state), unsafeDetails(state));
}

function contentTypeOf(answer: Answer): string {
  return answer.headers.get('content-type') ?? '';
}

/** The answer's status, content type, body and headers, the key redacted, as an error holds them. */
function errorAnswer(state: CallState, answer: Answer, body: unknown) {
  const { redact } = state;
  return {
    status: answer.status,
    contentType: contentTypeOf(answer),
    body: redactBody(body, redact),
    headers: redactHeaders(answer.headers, redact),
  };
}

/** A 2xx answer that does not read as the spec says. */
function unreadable(state: CallState, answer: Answer, problem: Problem): Failure {
  const details = errorAnswer(state, answer, answer.data);
  return new Failure(errorFromAnswer(context(state), details, unsafeDetails(state), problem.problem), false);
}

/** An answer that is not a 2xx. */
function refused(state: CallState, answer: Answer): Failure {
  const details = errorAnswer(state, answer, answer.error);
  const { status, headers } = answer;
  if (isRedirect(answer)) {
    const problem = redirectProblem(headers.get('location'), state.redact);
    return new Failure(errorFromAnswer(context(state), details, NO_DETAILS, problem), false);
  }
  const unsafe = GATEWAY_STATUSES.includes(status) ? unsafeDetails(state) : NO_DETAILS;
  return new Failure(
    errorFromAnswer(context(state), details, unsafe),
    state.operation.idempotent && state.retry.statuses.includes(status),
    retryAfterDelay(headers.get('retry-after')),
  );
}

/** Reads an answer: the call's value, or a Failure. */
export function readAnswer(state: CallState, answer: Answer, started: number): unknown {
  const { operation, log } = state;
  const { status } = answer;
  if (log) log(`${operation.method} ${context(state).url} → ${status} in ${Date.now() - started} ms`);
  if (!succeeded(status)) return refused(state, answer);
  const shape = operation.result;
  // Only a text result reads the Content-Type; a JSON one is read as JSON whatever it says.
  const value = readResult(shape, shape.media === 'text' ? contentTypeOf(answer) : '', answer.data);
  return value instanceof Problem ? unreadable(state, answer, value) : value;
}

/** A request that got no answer: a network failure (`timedOut` undefined), or its time ran out. */
export function noAnswer(state: CallState, cause: unknown, timedOut: 'attempt' | 'deadline' | undefined): Failure {
  const { operation, retry } = state;
  const where = context(state);
  const details = unsafeDetails(state);
  const error =
    timedOut === undefined
      ? networkFailure(where, cause, state.redact, details)
      : timedOut === 'deadline'
        ? EyeglassTimeoutError.forRequest(where, state.deadlineMs, 'deadline', details)
        : EyeglassTimeoutError.forRequest(where, state.timeoutMs, 'attempt', details);
  state.log?.(`${operation.method} ${where.url} failed: ${error.message}`);
  // Only the deadline running out ends the call; a failure before it leaves time to retry, unless
  // it is a certificate that is not trusted, which the next attempt would meet again.
  const retryable = timedOut !== 'deadline' && operation.idempotent && retry.networkErrors;
  return new Failure(error, retryable && !(timedOut === undefined && untrusted(cause)));
}

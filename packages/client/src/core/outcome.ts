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
import { readResult } from './result.js';
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
  /** The request of the last attempt that reached `fetch`. */
  sent: Request | PreparedRequest | undefined;
}

/** What an attempt read: the answer, with its text when it succeeded, or its parsed body when it did not. */
export interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
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

function context(state: CallState, response?: Response): RequestContext {
  const url = state.sent?.url ?? response?.url ?? '';
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
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
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

/** Reads an answer: the call's value, or a Failure. */
export function readAnswer(state: CallState, { data, error, response }: Answer, started: number) {
  const { operation, redact } = state;
  const status = response.status;
  const contentType = response.headers.get('content-type') ?? '';
  state.log?.(`${operation.method} ${context(state, response).url} → ${status} in ${Date.now() - started} ms`);
  if (response.ok) {
    const reading = readResult(operation.result, contentType, data as string | undefined);
    if (reading.ok) return reading.value;
    const answer = {
      status,
      contentType,
      body: redactBody(data, redact),
      headers: redactHeaders(response.headers, redact),
    };
    return new Failure(errorFromAnswer(context(state, response), answer, unsafeDetails(state), reading.problem), false);
  }
  const answer = {
    status,
    contentType,
    body: redactBody(error, redact),
    headers: redactHeaders(response.headers, redact),
  };
  if (isRedirect(response)) {
    const problem = redirectProblem(response.headers.get('location'), redact);
    return new Failure(errorFromAnswer(context(state, response), answer, NO_DETAILS, problem), false);
  }
  const details = GATEWAY_STATUSES.includes(status) ? unsafeDetails(state) : NO_DETAILS;
  return new Failure(
    errorFromAnswer(context(state, response), answer, details),
    operation.idempotent && state.retry.statuses.includes(status),
    retryAfterDelay(response.headers.get('retry-after')),
  );
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

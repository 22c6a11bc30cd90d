/**
 * The transport under every generated method: openapi-fetch sends the request; this module adds the
 * api key, a timeout per attempt, an overall deadline, cancellation, retries for operations that are
 * safe to repeat, and typed errors. Operations that are not safe to repeat are sent exactly once.
 */
import type { paths } from '@eyeglass-jobs/types';
import createClient, { type Client } from 'openapi-fetch';
import { linkSignals, rejectOnAbort, sleep, startTimer } from './abort.js';
import {
  type ErrorDetails,
  EyeglassAbortError,
  type EyeglassError,
  EyeglassNetworkError,
  EyeglassTimeoutError,
  errorFromAnswer,
  type RequestContext,
} from './errors.js';
import { causeCodes, createRedactor, type Redact, redactBody, redactCause } from './redact.js';
import { type ResultShape, readResult } from './result.js';
import { backoffDelay, defaultRetryOptions, mergeRetryOptions, type RetryOptions, retryAfterDelay } from './retry.js';

/** One operation of the spec, as a generated method describes it to the transport. */
export interface Operation {
  operationId: string;
  /** The HTTP method, upper case. */
  method: string;
  /** Safe to repeat (a GET): only these are retried. */
  idempotent: boolean;
  result: ResultShape;
  /** For an operation that is not safe to repeat: the call that shows whether it took effect. */
  check?: string;
}

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Aborts the call, including its retries. */
  signal?: AbortSignal;
  /** The time one attempt may take, until its body is read. */
  timeoutMs?: number;
  /** The time the whole call may take, retries and their waits included. */
  deadlineMs?: number;
  /** Retry settings for this call; `false` turns retries off. Never applies to launch, run or cancel. */
  retry?: Partial<RetryOptions> | false;
  /** Extra request headers for this call. */
  headers?: Record<string, string>;
}

/** A `fetch` as the client calls it: with a Request, and with `{ dispatcher }` when one is configured. */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions extends Omit<RequestOptions, 'signal'> {
  baseUrl: string;
  apiKey: string;
  fetch?: FetchFunction;
  /** Node only: an undici dispatcher (such as an `Agent` with a custom CA), passed to `fetch`. */
  dispatcher?: unknown;
  /** Receives one line per attempt and per retry; the api key never appears in them. */
  log?: (line: string) => void;
}

/** What a generated method passes to openapi-fetch for one attempt (a type, so it has an index signature). */
export type AttemptInit = {
  signal: AbortSignal;
  parseAs: 'text';
  headers: Record<string, string> | undefined;
  fetch: (request: Request) => Promise<Response>;
};

export type RawCall = (init: AttemptInit) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export interface Transport {
  /** The openapi-fetch client, with the base URL and api key set. */
  readonly raw: Client<paths>;
  send<T>(operation: Operation, options: RequestOptions | undefined, call: RawCall): Promise<T>;
}

type Attempt = { value: unknown } | { error: EyeglassError; retryable: boolean; retryAfterMs?: number | undefined };

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 120_000;
const GATEWAY_STATUSES = [502, 504];
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/;

function outcomeHint(operation: Operation): string {
  const effect = operation.method === 'POST' ? 'The job may have been created' : 'It may have taken effect';
  const check = operation.check ? `check with ${operation.check}` : 'check the appliance';
  return `${effect}: ${check} before sending it again.`;
}

function networkFailure(context: RequestContext, cause: unknown, redact: Redact, details: ErrorDetails) {
  const safe = redactCause(cause, redact);
  const reasons: string[] = [];
  for (let current: unknown = safe; current instanceof Error; current = current.cause) reasons.push(current.message);
  const tls = causeCodes(safe).some((code) => TLS_CODE.test(code))
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

export function createTransport(options: TransportOptions): Transport {
  const redact = createRedactor(options.apiKey);
  const fetchInit = options.dispatcher === undefined ? undefined : ({ dispatcher: options.dispatcher } as RequestInit);
  const dispatch = (request: Request): Promise<Response> => (options.fetch ?? globalThis.fetch)(request, fetchInit);
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { ...options.headers, ...(options.apiKey ? { api_key: options.apiKey } : {}) },
    fetch: dispatch,
    // A redirect would carry the api_key header to wherever it points, and a 307 or 308 would send a
    // launch again: redirects are answers, never followed.
    redirect: 'manual',
  });
  const sink = options.log;
  const log = sink ? (line: string): void => sink(redact(line)) : undefined;
  const clientRetry = mergeRetryOptions(defaultRetryOptions, options.retry);

  async function send<T>(operation: Operation, call: RequestOptions = {}, rawCall: RawCall): Promise<T> {
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadlineMs = call.deadlineMs ?? options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const deadlineAt = Date.now() + deadlineMs;
    const retry = mergeRetryOptions(clientRetry, call.retry);
    const context: RequestContext = { operationId: operation.operationId, method: operation.method, url: '' };
    const unsafe: ErrorDetails = operation.idempotent ? {} : { outcomeUnknown: true, hint: outcomeHint(operation) };
    let dispatched = false;
    const aborted = (): EyeglassError =>
      new EyeglassAbortError(operation.operationId, call.signal?.reason, context, dispatched ? unsafe : {});

    // One attempt, bounded by its timeout or by what is left of the deadline, whichever ends first.
    async function attempt(): Promise<Attempt> {
      const left = deadlineAt - Date.now();
      const scope = left <= timeoutMs ? 'deadline' : 'attempt';
      const one = linkSignals([call.signal]);
      let timedOut = false;
      const stopTimer = startTimer(Math.min(left, timeoutMs), () => {
        timedOut = true;
        one.abort();
      });
      const started = Date.now();
      const init: AttemptInit = {
        signal: one.signal,
        parseAs: 'text',
        headers: call.headers,
        fetch: (request) => {
          context.url = redact(request.url);
          dispatched = true;
          return dispatch(request);
        },
      };
      try {
        const { data, error, response } = await Promise.race([rawCall(init), rejectOnAbort(one.signal)]);
        context.url ||= redact(response.url);
        const status = response.status;
        const contentType = response.headers.get('content-type') ?? '';
        log?.(`${operation.method} ${context.url} → ${status} in ${Date.now() - started} ms`);
        if (response.ok) {
          const reading = readResult(operation.result, contentType, data as string | undefined);
          if (reading.ok) return { value: reading.value };
          const answer = { status, contentType, body: redactBody(data, redact) };
          return { error: errorFromAnswer(context, answer, unsafe, reading.problem), retryable: false };
        }
        const answer = { status, contentType, body: redactBody(error, redact) };
        if (isRedirect(response)) {
          const problem = redirectProblem(response.headers.get('location'), redact);
          return { error: errorFromAnswer(context, answer, {}, problem), retryable: false };
        }
        return {
          error: errorFromAnswer(context, answer, GATEWAY_STATUSES.includes(status) ? unsafe : {}),
          retryable: operation.idempotent && retry.statuses.includes(status),
          retryAfterMs: retryAfterDelay(response.headers.get('retry-after')),
        };
      } catch (cause) {
        if (call.signal?.aborted) return { error: aborted(), retryable: false };
        const details = dispatched ? unsafe : {};
        const error = !timedOut
          ? networkFailure(context, cause, redact, details)
          : scope === 'deadline'
            ? EyeglassTimeoutError.forRequest(context, deadlineMs, 'deadline', details)
            : EyeglassTimeoutError.forRequest(context, timeoutMs, 'attempt', details);
        log?.(`${operation.method} ${context.url} failed: ${error.message}`);
        // Only the deadline running out ends the call; a failure before it leaves time to retry.
        const deadlineReached = timedOut && scope === 'deadline';
        return { error, retryable: !deadlineReached && operation.idempotent && retry.networkErrors };
      } finally {
        stopTimer();
        one.dispose();
      }
    }

    if (call.signal?.aborted) throw aborted();
    for (let retries = 0; ; retries++) {
      const outcome = await attempt();
      if ('value' in outcome) return outcome.value as T;
      const { error } = outcome;
      if (!outcome.retryable || retries >= retry.retries) throw error;
      const delay = outcome.retryAfterMs ?? backoffDelay(retries + 1, retry);
      // A wait that would reach the deadline only delays the same failure.
      if (Date.now() + delay >= deadlineAt) throw error;
      log?.(`retrying ${operation.operationId} in ${delay} ms (retry ${retries + 1} of ${retry.retries})`);
      await sleep(delay, call.signal).catch(() => {
        throw aborted();
      });
    }
  }

  return { raw, send };
}

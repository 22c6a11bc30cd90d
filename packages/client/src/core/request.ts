/**
 * The transport under every generated method: the api key, a timeout per attempt, an overall
 * deadline, cancellation, retries for operations that are safe to repeat, and typed errors.
 * Operations that are not safe to repeat are sent exactly once. The methods' requests are built
 * directly (./prepare.ts); `eg.raw` is the openapi-fetch client over the same settings, and once it
 * has middleware the methods' requests go through it too.
 */
import type { paths } from '@eyeglass-jobs/types';
import createClient, { createQuerySerializer } from 'openapi-fetch';
import { sleep } from './abort.js';
import { type RawRoute, runAttempt, type Sender } from './attempt.js';
import { createDispatch } from './dispatch.js';
import { type Answer, abortError, type CallState, Failure } from './outcome.js';
import { serializePath } from './path-template.js';
import { createPrepare, requestBody } from './prepare.js';
import { createRedactor } from './redact.js';
import { backoffDelay, defaultRetryOptions, mergeRetryOptions } from './retry.js';
import type { CallInput, FetchFunction, Operation, RequestOptions, Transport } from './types.js';

/** How a client reaches Eyeglass: the address, the key, and the defaults of every call. */
export interface TransportOptions extends Omit<RequestOptions, 'signal'> {
  baseUrl: string;
  apiKey: string;
  fetch?: FetchFunction;
  /** Node only: an undici dispatcher (such as an `Agent` with a custom CA), passed to `fetch`. */
  dispatcher?: unknown;
  /** Receives one line per attempt and per retry; the api key never appears in them. */
  log?: (line: string) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 120_000;
const NO_OPTIONS: RequestOptions = {};

export function createTransport(options: TransportOptions): Transport {
  const redact = createRedactor(options.apiKey);
  const dispatch = createDispatch(options.fetch, options.dispatcher);
  const headers = { ...options.headers, ...(options.apiKey ? { api_key: options.apiKey } : {}) };
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    headers,
    fetch: dispatch.request,
    // A redirect would carry the api_key header to wherever it points, and a 307 or 308 would send a
    // launch again: redirects are answers, never followed.
    redirect: 'manual',
    // openapi-fetch's own serializer, made once rather than on every request.
    querySerializer: createQuerySerializer(),
  });
  const sender: Sender = { dispatch, prepare: createPrepare(options.baseUrl, headers), viaRaw: undefined };
  // Middleware added to eg.raw sees the client's requests too: they are then sent through it.
  const request = raw.request as unknown as (method: string, path: string, init: object) => Promise<Answer>;
  const viaRaw: RawRoute = ({ operation, input, options: call }, attempt) =>
    request(operation.method, operation.path, {
      params: { path: input.path, query: input.query },
      body: requestBody(operation.method, input.body),
      headers: call.headers,
      signal: attempt.signal,
      parseAs: 'text',
      fetch: (sent: Request) => attempt.send(sent),
      pathSerializer: serializePath,
    });
  const use = raw.use;
  raw.use = (...middleware) => {
    sender.viaRaw = viaRaw;
    use(...middleware);
  };
  const sink = options.log;
  const log = sink ? (line: string): void => sink(redact(line)) : undefined;
  const clientRetry = mergeRetryOptions(defaultRetryOptions, options.retry);

  /** After a failed attempt: waits and tries again while the call may, else throws its error. */
  async function retryAfter(state: CallState, failure: Failure, deadlineAt: number): Promise<unknown> {
    const { operation, options: call, retry } = state;
    for (let retries = 0, outcome: unknown = failure; ; retries++) {
      if (!(outcome instanceof Failure)) return outcome;
      const { error } = outcome;
      if (!outcome.retryable || retries >= retry.retries) throw error;
      const delay = outcome.retryAfterMs ?? backoffDelay(retries + 1, retry);
      // A wait that would reach the deadline only delays the same failure.
      if (Date.now() + delay >= deadlineAt) throw error;
      log?.(`retrying ${operation.operationId} in ${delay} ms (retry ${retries + 1} of ${retry.retries})`);
      await sleep(delay, call.signal).catch(() => {
        throw abortError(state);
      });
      outcome = await runAttempt(state, sender, deadlineAt - Date.now());
    }
  }

  function send<T>(operation: Operation, input: CallInput, call: RequestOptions = NO_OPTIONS): Promise<T> {
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadlineMs = call.deadlineMs ?? options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const deadlineAt = Date.now() + deadlineMs;
    const retry = mergeRetryOptions(clientRetry, call.retry);
    const state: CallState = {
      operation,
      input,
      options: call,
      timeoutMs,
      deadlineMs,
      retry,
      redact,
      log,
      sent: undefined,
    };
    if (call.signal?.aborted) return Promise.reject(abortError(state));
    // The first attempt has the whole deadline; only a failed one takes the slower path of retries.
    return runAttempt(state, sender, deadlineMs).then((outcome) =>
      outcome instanceof Failure ? retryAfter(state, outcome, deadlineAt) : outcome,
    ) as Promise<T>;
  }

  return { raw, send };
}

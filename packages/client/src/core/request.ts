/**
 * The transport under every generated method: the api key, a timeout per attempt, an overall
 * deadline, cancellation, retries for operations that are safe to repeat, and typed errors.
 * Operations that are not safe to repeat are sent exactly once. The methods' requests are built
 * directly (./prepare.ts); `eg.raw` is the openapi-fetch client over the same settings, and once it
 * has middleware the methods' requests go through it too.
 */
import type { paths } from '@eyeglass-jobs/types';
import createClient, { createQuerySerializer } from 'openapi-fetch';
import { Call, type CallSettings, type RawRoute } from './call.js';
import { createDispatch } from './dispatch.js';
import { serializePath } from './path-template.js';
import { createPrepare, requestBody } from './prepare.js';
import { createRedactor } from './redact.js';
import { defaultRetryOptions, mergeRetryOptions } from './retry.js';
import type { CallInput, FetchFunction, Operation, RequestOptions, Transport } from './types.js';

/** How a client reaches Eyeglass: the address, the key, and the defaults of every call. */
export interface TransportOptions extends Omit<RequestOptions, 'signal'> {
  baseUrl: string;
  apiKey: string;
  fetch?: FetchFunction;
  /**
   * Node only: an undici dispatcher (such as an `Agent` with a custom CA). The methods' requests are
   * sent through it directly; a custom `fetch` and `eg.raw` get it as `init.dispatcher`.
   */
  dispatcher?: unknown;
  /** Receives one line per attempt and per retry; the api key never appears in them. */
  log?: (line: string) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 120_000;
const NO_OPTIONS: RequestOptions = {};

/** What openapi-fetch answers with `parseAs: 'text'`: the text of a 2xx, the parsed body of any other. */
interface RawAnswer {
  data?: string;
  error?: unknown;
  response: Response;
}

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
  const sink = options.log;
  const settings: CallSettings = {
    dispatch,
    prepare: createPrepare(options.baseUrl, headers),
    viaRaw: undefined,
    redact,
    // A log that throws loses its line, never the call's outcome.
    log: sink
      ? (line: string): void => {
          try {
            sink(redact(line));
          } catch {}
        }
      : undefined,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    retry: mergeRetryOptions(defaultRetryOptions, options.retry),
  };
  // Middleware added to eg.raw sees the client's requests too: they are then sent through it.
  const request = raw.request as unknown as (method: string, path: string, init: object) => Promise<RawAnswer>;
  const viaRaw: RawRoute = async ({ operation, input, options: call }, attempt) => {
    const { data, error, response } = await request(operation.method, operation.path, {
      params: { path: input.path, query: input.query },
      body: requestBody(operation.method, input.body),
      headers: call.headers,
      signal: attempt.signal,
      parseAs: 'text',
      fetch: (sent: Request) => attempt.send(sent),
      pathSerializer: serializePath,
    });
    const { status, headers, type } = response;
    return { status, headers, opaqueRedirect: type === 'opaqueredirect', data, error };
  };
  const use = raw.use;
  raw.use = (...middleware) => {
    settings.viaRaw = viaRaw;
    use(...middleware);
  };
  function send<T>(operation: Operation, input: CallInput, call: RequestOptions = NO_OPTIONS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      new Call(settings, operation, input, call, resolve as (value: unknown) => void, reject).start();
    });
  }

  return { raw, send };
}

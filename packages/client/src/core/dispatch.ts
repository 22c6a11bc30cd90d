/**
 * How one request leaves the client. On Node, with Node's own `fetch` in place, a client method's
 * request goes straight to the dispatcher Node's fetch itself sends through (undici's Dispatcher:
 * the configured one, or the global one), as ./direct.ts describes: fetch's Request, Response,
 * Headers, streams and signal cost more than the whole exchange over a local socket. A custom
 * `fetch`, a `fetch` replaced after the client was loaded (a mock, say), a configured dispatcher
 * that is no Dispatcher, and browsers get `fetch`, with a signal to stop the request; so do the
 * requests of `eg.raw`, and the methods' requests once `eg.raw` has middleware.
 */
import type { FetchFunction } from './types.js';

/** One request of a client method, before it is sent either way. */
export class PreparedRequest {
  constructor(
    /** The whole URL, as fetch takes it and errors show it. */
    readonly url: string,
    /** The scheme, host and port; undefined when the base URL does not parse. */
    readonly origin: string | undefined,
    /** The path and query under the origin. */
    readonly path: string,
    readonly method: string,
    /** The headers, names in lower case. */
    readonly headers: Record<string, string>,
    readonly body: string | undefined,
  ) {}
}

/** The callbacks undici's Dispatcher calls as a request goes (its handler interface). */
export interface DispatchHandler {
  onConnect?(abort: (reason?: unknown) => void, context?: unknown): void;
  onHeaders?(status: number, rawHeaders: Uint8Array[], resume: () => void, statusText: string): boolean;
  onData?(chunk: Uint8Array): boolean;
  onComplete?(trailers: unknown): void;
  onError?(error: unknown): void;
}

/** What a request sent to a Dispatcher is. */
export interface DispatchOptions {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Always 0: a redirect is an answer (see ./direct.ts). */
  maxRedirections: 0;
}

/** undici's Dispatcher, as Node's fetch uses the one it is given. */
export interface Dispatcher {
  dispatch(options: DispatchOptions, handler: DispatchHandler): boolean;
}

/** Where undici keeps the dispatcher Node's fetch uses when it is given none. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** Node's own fetch, when this runs on Node; read once, so that a fetch replaced later is told apart. */
const runtime = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process;
const nodeFetch: typeof fetch | undefined =
  typeof runtime?.versions?.undici === 'string' ? globalThis.fetch : undefined;

function isDispatcher(value: unknown): value is Dispatcher {
  return typeof (value as Partial<Dispatcher> | undefined)?.dispatch === 'function';
}

export interface Dispatch {
  /** Sends a prepared request through `fetch`, stopped by `signal`. */
  fetch(request: PreparedRequest, signal: AbortSignal): Promise<Response>;
  /** Sends a real Request, as openapi-fetch's `fetch` option expects. */
  request(request: Request): Promise<Response>;
  /** The dispatcher a prepared request goes straight to; undefined when it must go through `fetch`. */
  direct(): Dispatcher | undefined;
}

export function createDispatch(custom: FetchFunction | undefined, dispatcher: unknown): Dispatch {
  const extra = dispatcher === undefined ? undefined : ({ dispatcher } as RequestInit);
  const request = (sent: Request): Promise<Response> => (custom ?? globalThis.fetch)(sent, extra);
  const direct = (): Dispatcher | undefined => {
    if (custom || nodeFetch === undefined || globalThis.fetch !== nodeFetch) return undefined;
    const base = dispatcher ?? (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
    return isDispatcher(base) ? base : undefined;
  };
  return {
    fetch: ({ url, method, headers, body }, signal) => {
      // A redirect would carry the api_key header to wherever it points, and a 307 or 308 would send
      // a launch again: redirects are answers, never followed.
      const init: RequestInit = { method, headers, body, redirect: 'manual', signal };
      if (custom) return custom(new Request(url, init), extra);
      return globalThis.fetch(url, extra ? { ...init, ...extra } : init);
    },
    request,
    direct,
  };
}

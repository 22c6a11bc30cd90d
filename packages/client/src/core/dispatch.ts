/**
 * How one request reaches `fetch`. A client method's request is kept as the URL and init it was
 * built with (`PreparedRequest`), so that the global fetch builds the one Request from them: building
 * a Request first and handing it to Node's fetch makes it build a second one, following the signal a
 * second time, which costs more than the rest of the client together. A custom `fetch` still gets a
 * real Request, as does middleware added to `eg.raw`.
 *
 * On Node, with Node's own fetch, an attempt is stopped without an AbortSignal: it is the request's
 * dispatcher (undici's Dispatcher interface, in front of the configured or the global one), so it
 * holds the request's own abort. A signal costs each request an AbortController, an event listener,
 * a WeakRef and a FinalizationRegistry entry inside fetch, more than the rest of the client; the
 * dispatcher stops the request, socket included, all the same. A custom `fetch`, a `fetch` replaced
 * after the client was loaded (a mock, say) and browsers get a signal.
 */
import type { FetchFunction } from './types.js';

/** The URL and init of one request, before any Request is built. */
export class PreparedRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}
}

/** What undici calls back as a request goes; only `onConnect` is of interest here. */
export interface DispatchHandler {
  onConnect?(abort: (reason?: unknown) => void, context?: unknown): void;
}

/** undici's Dispatcher, as Node's fetch uses the one it is given. */
export interface Dispatcher {
  dispatch(options: object, handler: DispatchHandler): boolean;
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
  /** Sends a prepared or a real Request. */
  (request: Request | PreparedRequest): Promise<Response>;
  /** Sends a real Request, as openapi-fetch's `fetch` option expects. */
  request(request: Request): Promise<Response>;
  /**
   * The dispatcher an attempt can put itself in front of, so that it can stop its request without
   * a signal; undefined when requests must carry a signal (see the module's comment).
   */
  stoppable(): Dispatcher | undefined;
}

export function createDispatch(custom: FetchFunction | undefined, dispatcher: unknown): Dispatch {
  const extra = dispatcher === undefined ? undefined : ({ dispatcher } as RequestInit);
  const send = (request: Request): Promise<Response> => (custom ?? globalThis.fetch)(request, extra);
  const dispatch = (request: Request | PreparedRequest): Promise<Response> => {
    if (!(request instanceof PreparedRequest)) return send(request);
    if (custom) return custom(new Request(request.url, request.init), extra);
    // An init that names its dispatcher already stands in front of the configured one.
    const { init } = request;
    return globalThis.fetch(request.url, extra && !('dispatcher' in init) ? { ...init, ...extra } : init);
  };
  const stoppable = (): Dispatcher | undefined => {
    if (custom || nodeFetch === undefined || globalThis.fetch !== nodeFetch) return undefined;
    const base = dispatcher ?? (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
    return isDispatcher(base) ? base : undefined;
  };
  return Object.assign(dispatch, { request: send, stoppable });
}

/**
 * How one request reaches `fetch`. openapi-fetch builds a `Request` and hands it to `fetch`, and
 * Node's fetch then builds a second one from it, following its signal a second time: the two cost
 * more than the rest of the client together. For the client's own calls openapi-fetch is given
 * `PreparedRequest` instead, which only keeps the URL and init it was built with, so that the global
 * fetch builds the one Request. A custom `fetch`, or middleware added to `eg.raw`, still gets a real
 * Request.
 *
 * A POST or DELETE without a body is sent as the vendor's generated client sends it, which is the
 * shape the appliance is known to accept: the JSON `{}` with `Content-Type: application/json`.
 */
import type { FetchFunction } from './types.js';

const BODY_METHODS = new Set(['POST', 'DELETE']);

function withEmptyObjectBody(init: RequestInit): RequestInit {
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { ...init, body: '{}', headers };
}

/** The URL and init openapi-fetch prepared for one request, before any Request is built. */
export class PreparedRequest {
  readonly url: string;
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init.body == null && BODY_METHODS.has(init.method ?? 'GET') ? withEmptyObjectBody(init) : init;
  }

  get method(): string {
    return this.init.method ?? 'GET';
  }
}

export interface Dispatch {
  /** Sends a prepared or a real Request. */
  (request: Request | PreparedRequest): Promise<Response>;
  /** Sends a real Request, as openapi-fetch's `fetch` option expects. */
  request(request: Request): Promise<Response>;
}

export function createDispatch(custom: FetchFunction | undefined, dispatcher: unknown): Dispatch {
  const extra = dispatcher === undefined ? undefined : ({ dispatcher } as RequestInit);
  const send = (request: Request): Promise<Response> => (custom ?? globalThis.fetch)(request, extra);
  const dispatch = (request: Request | PreparedRequest): Promise<Response> => {
    if (!(request instanceof PreparedRequest)) return send(request);
    if (custom) return custom(new Request(request.url, request.init), extra);
    return globalThis.fetch(request.url, extra ? { ...request.init, ...extra } : request.init);
  };
  return Object.assign(dispatch, { request: send });
}

/**
 * Builds the request of one attempt of a client method, as openapi-fetch would build it but without
 * going through it: the URL from the base URL, the operation's path template and openapi-fetch's own
 * query serializer; the client's headers, then the call's; and the body. Going through openapi-fetch
 * merges every header into a new `Headers`, copies the init twice and walks its middleware list on
 * each request, which costs more than the timeout, the deadline and the error handling together.
 *
 * A POST or DELETE without a body is sent as the vendor's generated client sends it, which is the
 * shape the appliance is known to accept: the JSON `{}` with `Content-Type: application/json`.
 */
import { createQuerySerializer } from 'openapi-fetch';
import { type Dispatcher, PreparedRequest } from './dispatch.js';
import { fillPath } from './path-template.js';
import type { CallInput, Operation } from './types.js';

/** The methods that carry a body; the others are sent without one. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'DELETE']);

/** The body a request carries: the JSON of the input's, `{}` for a body method without one, or none. */
export function requestBody(method: string, body: unknown): unknown {
  return body === undefined && BODY_METHODS.has(method) ? {} : body;
}

const NO_PARAMETERS: Record<string, string> = {};

/** How an attempt stops its request: a signal, or itself as the request's dispatcher (./dispatch.ts). */
export type Stop = { signal: AbortSignal } | { dispatcher: Dispatcher };

/** Builds one attempt's request; `headers` are the call's own, over the client's. */
export type Prepare = (
  operation: Operation,
  input: CallInput,
  headers: Record<string, string> | undefined,
  stop: Stop,
) => PreparedRequest;

/** Sets headers as openapi-fetch merges them: a later value replaces, `null` removes, `undefined` is skipped. */
function mergeInto(target: Headers, headers: Record<string, string | null | undefined>): Headers {
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === null) target.delete(name);
    else if (value !== undefined) target.set(name, value);
  }
  return target;
}

export function createPrepare(baseUrl: string, clientHeaders: Record<string, string | null | undefined>): Prepare {
  const root = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const querySerializer = createQuerySerializer();
  // Built once, with names in lower case as Headers keeps them; fetch copies them into its Request.
  const plain = Object.fromEntries(mergeInto(new Headers(), clientHeaders));
  const json: Record<string, string> = { 'content-type': 'application/json', ...plain };
  return (operation, input, headers, stop) => {
    let url = root + fillPath(operation.path, input.path ?? NO_PARAMETERS);
    if (input.query) {
      const search = querySerializer(input.query as Record<string, unknown>);
      if (search) url += `?${search}`;
    }
    const body = requestBody(operation.method, input.body);
    const base = body === undefined ? plain : json;
    const init: RequestInit & { dispatcher?: Dispatcher } = {
      headers: headers ? mergeInto(new Headers(base), headers) : base,
      // A redirect would carry the api_key header to wherever it points, and a 307 or 308 would send
      // a launch again: redirects are answers, never followed.
      redirect: 'manual',
    };
    // fetch's defaults (GET, no body) are left out: each field given is one more for it to read.
    if (operation.method !== 'GET') init.method = operation.method;
    if (body !== undefined) init.body = JSON.stringify(body);
    if ('dispatcher' in stop) init.dispatcher = stop.dispatcher;
    else init.signal = stop.signal;
    return new PreparedRequest(url, init);
  };
}

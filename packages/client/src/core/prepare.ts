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
import { PreparedRequest } from './dispatch.js';
import { fillPath } from './path-template.js';
import type { CallInput, Operation } from './types.js';

/** The methods that carry a body; the others are sent without one. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'DELETE']);

/** The body a request carries: the JSON of the input's, `{}` for a body method without one, or none. */
export function requestBody(method: string, body: unknown): unknown {
  return body === undefined && BODY_METHODS.has(method) ? {} : body;
}

const NO_PARAMETERS: Record<string, string> = {};

/** Builds one attempt's request; `headers` are the call's own, over the client's. */
export type Prepare = (
  operation: Operation,
  input: CallInput,
  headers: Record<string, string> | undefined,
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

/** Where the base URL's origin ends and its path begins; no origin when it does not parse. */
function splitBase(root: string): { origin: string | undefined; prefix: string } {
  try {
    const { origin, pathname, username, password, search, hash } = new URL(root);
    // fetch refuses credentials in a URL; a query or fragment in a base URL is left to it as well.
    if (username || password || search || hash) return { origin: undefined, prefix: '' };
    return { origin, prefix: pathname.endsWith('/') ? pathname.slice(0, -1) : pathname };
  } catch {
    return { origin: undefined, prefix: '' };
  }
}

export function createPrepare(baseUrl: string, clientHeaders: Record<string, string | null | undefined>): Prepare {
  const root = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const { origin, prefix } = splitBase(root);
  const querySerializer = createQuerySerializer();
  // Built once, with names in lower case as Headers keeps them.
  const plain = Object.fromEntries(mergeInto(new Headers(), clientHeaders));
  const json: Record<string, string> = { 'content-type': 'application/json', ...plain };
  return (operation, input, headers) => {
    let path = fillPath(operation.path, input.path ?? NO_PARAMETERS);
    if (input.query) {
      const search = querySerializer(input.query as Record<string, unknown>);
      if (search) path += `?${search}`;
    }
    const { method } = operation;
    const body = method === 'GET' ? undefined : requestBody(method, input.body);
    const base = body === undefined ? plain : json;
    const sent = headers ? Object.fromEntries(mergeInto(new Headers(base), headers)) : base;
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new PreparedRequest(root + path, origin, prefix + path, method, sent, text);
  };
}

/**
 * A `fetch` that answers from a script, records every request with the (fake) time it was sent, and
 * honours the request's AbortSignal as a real fetch does.
 */

export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** Date.now() when the request was sent; fake timers make it exact. */
  at: number;
  init: RequestInit | undefined;
}

/** A scripted reply: an answer, a thrown error, a function of the request, or a request that never answers. */
export type Reply =
  | Response
  | Error
  | ((request: Request) => Response | Promise<Response>)
  | 'hang'
  | 'hang-ignoring-abort';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function text(body: string, status = 200, contentType = 'text/plain'): Response {
  return new Response(body, { status, headers: { 'content-type': contentType } });
}

export function errorBody(status: number, message = `error ${status}`, headers: Record<string, string> = {}): Response {
  return json({ code: status, message }, status, headers);
}

/** Answers each request with the next scripted reply. */
export function scriptedFetch(...replies: Reply[]) {
  return routedFetch((request) => {
    const reply = replies.shift();
    if (reply === undefined) throw new Error(`no scripted reply left for ${request.method} ${request.url}`);
    return reply;
  });
}

/** Answers each request with the reply the route function picks for it. */
export function routedFetch(route: (request: Request) => Reply) {
  const requests: SentRequest[] = [];
  const fetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      at: Date.now(),
      init,
    });
    const reply = route(request);
    if (reply === 'hang-ignoring-abort') return new Promise<never>(() => {});
    if (reply === 'hang') {
      return new Promise<never>((_resolve, reject) => {
        const fail = (): void => reject(new DOMException('This operation was aborted', 'AbortError'));
        if (request.signal.aborted) fail();
        request.signal.addEventListener('abort', fail, { once: true });
      });
    }
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? reply(request) : reply;
  };
  return { fetch, requests };
}

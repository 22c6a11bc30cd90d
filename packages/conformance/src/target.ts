/**
 * What the kit sends requests to: a function from request to response, built from a base URL
 * (real HTTP) or from a Fastify instance (`inject`, no socket).
 */

export interface ConformanceRequest {
  method: string;
  /** The path with the base path and an already encoded query string, such as `/sera/v2/jobs/failover?state=all`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ConformanceResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export type ConformanceTarget = (request: ConformanceRequest) => Promise<ConformanceResponse>;

/** Sends requests over HTTP to `origin` (for example `http://127.0.0.1:8080`), with the global or a given fetch. */
export function httpTarget(origin: string, fetchImpl: typeof fetch = fetch): ConformanceTarget {
  const base = origin.replace(/\/$/, '');
  return async (request) => {
    const response = await fetchImpl(`${base}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
}

/** The part of a Fastify instance the kit uses. */
export interface Injectable {
  inject(options: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    payload?: string;
  }): PromiseLike<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
}

/** Sends requests in process to a Fastify instance with `inject()`. */
export function injectTarget(app: Injectable): ConformanceTarget {
  return async (request) => {
    const response = await app.inject({
      method: request.method,
      url: request.path,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { payload: request.body } : {}),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { status: response.statusCode, headers, body: response.body };
  };
}

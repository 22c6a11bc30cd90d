/**
 * What the kit sends requests to: a function from request to response, built from a base URL
 * (real HTTP) or from a Fastify instance (`inject`, no socket).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

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

export interface HttpTargetOptions {
  /** Certificates to trust for HTTPS, such as a simulator's self-signed one. */
  ca?: string | Buffer;
  /** Gives up on a request after this long, in milliseconds (10 s by default). */
  timeoutMs?: number;
}

/**
 * Sends requests over HTTP or HTTPS to `origin` (for example `http://127.0.0.1:8080`) with Node's
 * own client, which sends the path exactly as built (a percent-encoded `..` stays an id instead of
 * being resolved as a path step, as a WHATWG URL would) and a body on GET when asked to.
 */
export function httpTarget(origin: string, options: HttpTargetOptions = {}): ConformanceTarget {
  const base = new URL(origin);
  const prefix = base.pathname.replace(/\/$/, '');
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  return (request) =>
    new Promise<ConformanceResponse>((resolve, reject) => {
      const outgoing = send(
        {
          host: base.hostname.replace(/^\[|\]$/g, ''),
          port: base.port || undefined,
          method: request.method,
          path: `${prefix}${request.path}`,
          headers: {
            ...request.headers,
            ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}),
          },
          timeout: options.timeoutMs ?? 10_000,
          ...(options.ca !== undefined ? { ca: options.ca } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error(`No answer to ${request.method} ${request.path} in time.`)),
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
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

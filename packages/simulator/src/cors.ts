/**
 * Cross-origin access for browser tools (a dashboard on its own dev server), off unless origins
 * are configured. Only the listed origins get CORS headers; a preflight from one of them is
 * answered 204 with the methods and headers the API uses. Other origins, and requests without
 * an `Origin`, are answered as if CORS did not exist: no `Access-Control-*` header.
 * See https://fetch.spec.whatwg.org/#http-cors-protocol.
 */
import type { FastifyInstance } from 'fastify';

/** The methods and request headers of the Jobs v2 API. */
const allowMethods = 'GET, POST, DELETE';
const allowHeaders = 'api_key, content-type';

/** Checks that each entry is an origin (`http(s)://host[:port]`, no path); returns them. */
export function parseCorsOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(
        `CORS origin ${JSON.stringify(origin)} is not an origin: give scheme, host and port only, as in http://localhost:5173.`,
      );
    }
    return origin;
  });
}

/** The methods and request headers of the control API, for preflights of paths under its prefix. */
const controlMethods = 'GET, PUT, PATCH, POST, DELETE';
const controlHeaders = 'x-control-key, content-type';

/**
 * Adds the CORS headers for the configured origins to every answer of `app`, and answers their
 * preflights; under `controlPrefix` (the control API, when it is on) with its methods and key header.
 */
export function allowCrossOrigin(app: FastifyInstance, origins: readonly string[], controlPrefix?: string): void {
  const allowed = new Set(parseCorsOrigins(origins));
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !allowed.has(origin)) {
      done();
      return;
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      const control = controlPrefix !== undefined && request.url.startsWith(`${controlPrefix}/`);
      reply
        .code(204)
        .header('access-control-allow-methods', control ? controlMethods : allowMethods)
        .header('access-control-allow-headers', control ? controlHeaders : allowHeaders)
        .header('access-control-max-age', '600')
        .send();
      return;
    }
    done();
  });
}

/**
 * A `node:http` request listener that serves the docs page where the appliance serves it,
 * `/sera/docs/`, and redirects `/sera/docs` there. Anything else is answered 404.
 */
import type { RequestListener } from 'node:http';
import { basePath } from '@eyeglass-jobs/spec';

/** Where the appliance serves its API reference. */
export const docsRoute = `${basePath}/docs/`;

export function docsRequestListener(readPage: () => Promise<string>, route: string = docsRoute): RequestListener {
  return (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (pathname === route.replace(/\/$/, '')) {
      response.writeHead(301, { location: route }).end();
    } else if (pathname !== route) {
      response.writeHead(404).end();
    } else {
      readPage().then(
        (html) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
        (error: unknown) =>
          response.writeHead(500, { 'content-type': 'text/plain' }).end(`docs page: ${String(error)}`),
      );
    }
  };
}

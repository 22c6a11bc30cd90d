/**
 * Serves a built API reference page at `<prefix>/docs/` (and redirects `<prefix>/docs` there), as
 * the appliance serves its own. The page is only read: one that cannot be read (a workspace before
 * `pnpm run docs`) answers 503 saying why, and the server stays up.
 */
import type { FastifyInstance } from 'fastify';

export function serveDocsPage(scope: FastifyInstance, prefix: string, docsPage: () => Promise<string>): void {
  scope.get('/docs', async (_request, reply) => reply.redirect(`${prefix}/docs/`, 301));
  scope.get('/docs/', async (request, reply) => {
    let page: string;
    try {
      page = await docsPage();
    } catch (error) {
      request.log.warn({ err: error }, 'docs page unavailable');
      return reply.code(503).send({ code: 503, message: (error as Error).message });
    }
    return reply.type('text/html; charset=utf-8').send(page);
  });
}

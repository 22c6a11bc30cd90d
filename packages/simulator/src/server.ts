/**
 * The simulator as an HTTP server: the Jobs v2 routes of `@eyeglass-jobs/server` under the
 * appliance's base path, answered by the simulator service, plus the bundled spec at
 * `<basePath>/openapi.json`. The service is closed as soon as the server starts closing.
 */
import { createEyeglassJobsServer } from '@eyeglass-jobs/server';
import { basePath, document } from '@eyeglass-jobs/spec';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { allowCrossOrigin, parseCorsOrigins } from './cors.js';
import { createSimulatorService, type SimulatorOptions, type SimulatorService } from './service.js';

export interface SimulatorServerOptions extends SimulatorOptions {
  /** The api_key tokens the route layer accepts. */
  apiKeys: string[];
  /** A pino logger; none by default. */
  logger?: Logger;
  /** Serves HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Checks every answer against the spec and answers 500 when one breaks it (for tests). */
  validateResponses?: boolean;
  /** Serves this HTML page at `<basePath>/docs/`, as the appliance serves its API reference. */
  docsPage?: () => Promise<string>;
  /** Origins whose browser pages may call the API (CORS); none by default. */
  cors?: readonly string[];
  /** How long closing lets requests in flight finish before their connections are closed; 5 s by default. */
  shutdownGraceMs?: number;
}

export interface SimulatorServer {
  app: FastifyInstance;
  service: SimulatorService;
}

/** Builds the simulator's HTTP server; call `app.listen()` to serve it. */
export async function createSimulator(options: SimulatorServerOptions): Promise<SimulatorServer> {
  if (options.apiKeys.length === 0) throw new Error('The simulator needs at least one API key.');
  const corsOrigins = parseCorsOrigins(options.cors ?? []);
  const service = createSimulatorService(options);
  const app = createEyeglassJobsServer({
    handlers: service,
    apiKeys: options.apiKeys,
    validateResponses: options.validateResponses ?? false,
    ...(options.shutdownGraceMs !== undefined ? { shutdownGraceMs: options.shutdownGraceMs } : {}),
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    ...(options.tls ? { https: options.tls } : {}),
  });
  if (corsOrigins.length > 0) allowCrossOrigin(app, corsOrigins);
  // At the start of closing, before requests in flight are drained: jobs end as interrupted at
  // once, and whatever request still reaches the service answers 503.
  app.addHook('preClose', async () => service.close());
  await app.register(
    async (sera) => {
      sera.get('/openapi.json', async () => document);
      const { docsPage } = options;
      if (docsPage) {
        sera.get('/docs', async (_request, reply) => reply.redirect(`${basePath}/docs/`, 301));
        sera.get('/docs/', async (request, reply) => {
          let page: string;
          try {
            page = await docsPage();
          } catch (error) {
            // A page that cannot be read (a workspace before its first build) is unavailable, not a crash.
            request.log.warn({ err: error }, 'docs page unavailable');
            return reply.code(503).send({ code: 503, message: (error as Error).message });
          }
          return reply.type('text/html; charset=utf-8').send(page);
        });
      }
    },
    { prefix: basePath },
  );
  return { app, service };
}

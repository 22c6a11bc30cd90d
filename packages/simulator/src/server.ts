/**
 * The simulator as an HTTP server: a Fastify instance under the appliance's base path, serving
 * the bundled spec at `<basePath>/openapi.json`, with the simulator service closed when the
 * server closes. The Jobs v2 routes come from the generated route plugin of
 * `@eyeglass-jobs/server`, registered at the marked place below.
 */
import { basePath, document } from '@eyeglass-jobs/spec';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createSimulatorService, type SimulatorOptions, type SimulatorService } from './service.js';

export interface SimulatorServerOptions extends SimulatorOptions {
  /** The api_key tokens the route layer accepts. */
  apiKeys: string[];
  /** A pino logger; none by default. */
  logger?: Logger;
  /** Serves HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface SimulatorServer {
  app: FastifyInstance;
  service: SimulatorService;
}

/** Builds the simulator's HTTP server; call `app.listen()` to serve it. */
export async function createSimulator(options: SimulatorServerOptions): Promise<SimulatorServer> {
  if (options.apiKeys.length === 0) throw new Error('The simulator needs at least one API key.');
  const service = createSimulatorService(options);
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    ...(options.tls ? { https: options.tls } : {}),
  }) as unknown as FastifyInstance;
  app.addHook('onClose', async () => service.close());

  await app.register(
    async (sera) => {
      sera.get('/openapi.json', async () => document);

      // ── Jobs v2 route plugin ──────────────────────────────────────────────────────────────
      // The 13 operations are served by the generated route plugin of @eyeglass-jobs/server,
      // registered here with `handlers: service` and `apiKeys: options.apiKeys`. It checks the
      // api_key header, validates and coerces parameters, fills in their defaults and calls
      // the handler of each operation. Until it is registered, those paths answer 404.
      // ──────────────────────────────────────────────────────────────────────────────────────

      sera.setNotFoundHandler(async (request, reply) =>
        reply.code(404).send({ code: 404, message: `No route ${request.method} ${request.url}.` }),
      );
    },
    { prefix: basePath },
  );
  return { app, service };
}

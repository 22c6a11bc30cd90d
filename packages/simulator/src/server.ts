/**
 * The simulator as an HTTP server: the Jobs v2 routes of `@eyeglass-jobs/server` under the
 * appliance's base path, answered by the simulator service, plus the bundled spec at
 * `<basePath>/openapi.json`. The service is closed as soon as the server starts closing.
 */
import { createEyeglassJobsServer } from '@eyeglass-jobs/server';
import { basePath, document } from '@eyeglass-jobs/spec';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { controlBasePath } from './control/plugin.js';
import { type ControlOptions, prepareControl } from './control/setup.js';
import { allowCrossOrigin, parseCorsOrigins } from './cors.js';
import { serveDocsPage } from './docs-route.js';
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
  /** Serves the control API under `/control` with its own key; off when absent. */
  control?: ControlOptions;
}

export interface SimulatorServer {
  app: FastifyInstance;
  /** The service answering now (with the control API, a reset or restore starts a new one). */
  readonly service: SimulatorService;
}

/** Builds the simulator's HTTP server; call `app.listen()` to serve it. */
export async function createSimulator(options: SimulatorServerOptions): Promise<SimulatorServer> {
  if (options.apiKeys.length === 0) throw new Error('The simulator needs at least one API key.');
  const corsOrigins = parseCorsOrigins(options.cors ?? []);
  const control = prepareControl(options);
  const service = control ? control.plane.service : createSimulatorService(options);
  const app = createEyeglassJobsServer({
    handlers: control ? control.plane.host.handlers : service,
    apiKeys: options.apiKeys,
    validateResponses: options.validateResponses ?? false,
    ...(options.shutdownGraceMs !== undefined ? { shutdownGraceMs: options.shutdownGraceMs } : {}),
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    ...(options.tls ? { https: options.tls } : {}),
  });
  if (corsOrigins.length > 0) allowCrossOrigin(app, corsOrigins, control ? controlBasePath : undefined);
  if (control) await control.register(app);
  // At the start of closing, before requests in flight are drained: jobs end as interrupted at
  // once, requests the control API holds are released, and whatever request still reaches the
  // service answers 503.
  app.addHook('preClose', async () => (control ? control.plane.close() : service.close()));
  await app.register(
    async (sera) => {
      sera.get('/openapi.json', async () => document);
      const { docsPage } = options;
      if (docsPage) serveDocsPage(sera, basePath, docsPage);
    },
    { prefix: basePath },
  );
  return {
    app,
    get service() {
      return control ? control.plane.service : service;
    },
  };
}

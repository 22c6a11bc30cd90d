/**
 * `createEyeglassJobsServer`: a Fastify instance with the plugin registered and defaults suited to
 * the API: small body and URL limits, Error-shaped answers even for malformed requests and paths
 * outside the prefix, no CORS, and no logging unless asked (and then no credentials in logged URLs).
 */
import type { Server as HttpsServer, ServerOptions as HttpsServerOptions } from 'node:https';
import fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { handleClientError, handleError, handleFrameworkError } from './error-handler.js';
import { sendError } from './errors.js';
import { answerHttpEdges, httpEdgeServerOptions } from './http-edges.js';
import { type EyeglassJobsOptions, eyeglassJobs } from './plugin.js';
import { logSerializers } from './request-log.js';

export interface EyeglassJobsServerOptions extends EyeglassJobsOptions {
  /** Fastify's logger option; off by default. */
  logger?: FastifyServerOptions['logger'];
  /** A logger instance of your own, such as a configured pino logger; takes the place of `logger`. */
  loggerInstance?: FastifyBaseLogger;
  /** The largest request body accepted, in bytes; larger ones answer 413. 64 KiB by default. */
  bodyLimit?: number;
  /** How long a client may take to send a whole request, in milliseconds; 408 after. 30 s by default. */
  requestTimeout?: number;
  /** Serves HTTPS with this key and certificate (Eyeglass appliances use a self-signed one). */
  https?: HttpsServerOptions;
  /**
   * How long `close()` lets requests in flight finish, in milliseconds; then every connection still
   * open (a half-sent request, a slow reader) is closed. 5 s by default.
   */
  shutdownGraceMs?: number;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export const DEFAULT_SHUTDOWN_GRACE_MS = 5_000;

/** Long enough for any job id the spec allows (256 characters), percent-encoded. */
const MAX_PARAM_LENGTH = 1024;

/** The logger options, with request URLs and errors logged without credentials or `secrets` (see `request-log.ts`). */
function withRequestSerializer(
  logger: FastifyServerOptions['logger'],
  loggerInstance: FastifyBaseLogger | undefined,
  secrets: readonly string[],
): Pick<FastifyServerOptions, 'logger' | 'loggerInstance'> {
  const serializers = logSerializers(secrets);
  if (loggerInstance) return { loggerInstance: loggerInstance.child({}, { serializers }) };
  if (!logger) return { logger: false };
  if (logger === true) return { logger: { serializers } };
  if (typeof logger === 'object' && !('child' in logger)) {
    return { logger: { ...logger, serializers: { ...logger.serializers, ...serializers } } };
  }
  return { logger };
}

/**
 * Bounds `close()`: from its start, requests that arrive answer 503 with the Error shape and every
 * answer carries `Connection: close`; requests in flight get `graceMs` to finish, then the
 * connections still open are closed, so that closing never waits on a client.
 */
function closeWithin(app: FastifyInstance, graceMs: number): void {
  let closing = false;
  let deadline: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    closing = true;
    if (app.server.listening) {
      deadline = setTimeout(() => app.server.closeAllConnections(), graceMs);
      deadline.unref();
    }
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearTimeout(deadline);
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (closing) sendError(reply, 503, 'The server is shutting down.', { connection: 'close' });
    else done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}

/** A Fastify instance serving the API; call `listen` on it. */
export function createEyeglassJobsServer(
  options: EyeglassJobsServerOptions & { https: HttpsServerOptions },
): FastifyInstance<HttpsServer>;
export function createEyeglassJobsServer(options: EyeglassJobsServerOptions): FastifyInstance;
export function createEyeglassJobsServer(options: EyeglassJobsServerOptions): FastifyInstance {
  const {
    logger = false,
    loggerInstance,
    bodyLimit = DEFAULT_BODY_LIMIT,
    requestTimeout = 30_000,
    https,
    shutdownGraceMs = DEFAULT_SHUTDOWN_GRACE_MS,
    ...pluginOptions
  } = options;
  const app = fastify({
    ...withRequestSerializer(logger, loggerInstance, pluginOptions.apiKeys ?? []),
    bodyLimit,
    requestTimeout,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: handleFrameworkError,
    // Answered below with the Error shape.
    return503OnClosing: false,
    clientErrorHandler: handleClientError,
    ...(https ? { https: { ...https, ...httpEdgeServerOptions } } : { http: httpEdgeServerOptions }),
  }) as unknown as FastifyInstance;
  app.setErrorHandler(handleError);
  closeWithin(app, shutdownGraceMs);
  answerHttpEdges(app);
  // With the API at the root, the plugin's own not-found handler covers every path.
  if (pluginOptions.prefix !== '') {
    const notFound = (request: FastifyRequest, reply: FastifyReply) =>
      sendError(reply, 404, `No operation matches ${request.method} ${request.url.split('?')[0]}.`);
    // Answered before the body is waited for or parsed (the plugin does the same under its prefix,
    // where `request.server` is its own instance).
    app.addHook('preParsing', (request, reply, payload, done) => {
      if (request.is404 && request.server === app) notFound(request, reply);
      else done(null, payload);
    });
    app.setNotFoundHandler(notFound);
  }
  app.register(eyeglassJobs, pluginOptions);
  return app;
}

/**
 * `createApiPlugin`: builds the Fastify plugin that serves every operation of a generated route
 * table and calls the application's handlers with validated, typed input. `eyeglassJobs` is the
 * one for Jobs v2; another spec run through the generators gets its own from its own table. A
 * plugin is encapsulated: its error handler, not-found handler, body parsers and schemas apply
 * only under its prefix.
 */
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  preParsingHookHandler,
  preValidationHookHandler,
} from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { handleError } from './error-handler.js';
import { sendError } from './errors.js';
import { type UnmatchedAnswer, unmatchedAnswer } from './not-found.js';
import { sendResult } from './results.js';
import { type Authenticate, authenticator } from './security.js';
import type { HandlerContext, JsonSchema, RouteDefinition } from './types.js';
import {
  compileRequestPart,
  compileResponseSchemas,
  type RequestPart,
  registerComponentSchemas,
} from './validation.js';

/** What the generators produce for one spec: its route table and its component schemas. */
export interface ApiDefinition {
  /** The plugin's name, as Fastify reports it. */
  name: string;
  /** The path the spec's first server URL gives, such as `/sera`. */
  basePath: string;
  routes: readonly RouteDefinition<string>[];
  /** Every component schema under `$defs` of one schema with its own `$id`; routes refer to it. */
  componentSchemas: { $id: string } & JsonSchema;
}

export interface ApiPluginOptions<Handlers> {
  /** The handlers that implement the API. An operation without one answers 501. */
  handlers: Partial<Handlers>;
  /** Where the routes are mounted; the spec's base path by default, `''` for the root. */
  prefix?: string;
  /** The api keys to accept, compared in constant time. */
  apiKeys?: readonly string[];
  /** Decides whether an api key may use the API; consulted when `apiKeys` does not accept the key. */
  authenticate?: Authenticate;
  /** Checks every handler result against the spec and answers 500 when it breaks it. Off by default. */
  validateResponses?: boolean;
  /** The longest URL accepted, path and query together; longer ones answer 414. 8192 by default. */
  maxUrlLength?: number;
}

const DEFAULT_MAX_URL_LENGTH = 8192;

function mediaTypeOf(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  return header === undefined ? undefined : header.split(';')[0]!.trim().toLowerCase();
}

/** True when the request carries a body, whether or not Fastify read it (it never reads one on GET). */
function hasBody(request: FastifyRequest): boolean {
  if (request.body !== undefined && request.body !== null) return true;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
}

function isEmptyObjectText(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    return isEmptyObject(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * What a request's body amounts to. The vendor's clients send `{}` or an empty body where the
 * spec takes none (the generated Python client sends `{}` as JSON on every POST and DELETE), so
 * both count as no body, whatever the Content-Type says.
 */
function bodyKind(request: FastifyRequest): 'none' | 'empty object' | 'other' {
  const { body } = request;
  if (body === undefined || body === null) return hasBody(request) ? 'other' : 'none';
  // Fastify's own text/plain parser gives a string; the catch-all parser gives bytes.
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (body.length === 0) return 'none';
    return isEmptyObjectText(body.toString()) ? 'empty object' : 'other';
  }
  return isEmptyObject(body) ? 'empty object' : 'other';
}

/** Why the request's body does not suit the operation, as [status, message]; undefined when it does. */
type Route = RouteDefinition<string>;

function bodyProblem(route: Route, request: FastifyRequest): [number, string] | undefined {
  const kind = bodyKind(request);
  const accepted = route.requestBody;
  const takesJson = accepted === undefined || accepted.mediaTypes.includes('application/json');
  if (kind === 'none' || (kind === 'empty object' && takesJson)) {
    request.body = kind === 'none' || !accepted ? undefined : {};
    return kind === 'none' && accepted?.required ? [400, 'The request body is required.'] : undefined;
  }
  if (!accepted) {
    return [400, `${route.operationId} takes no request body: its inputs are query parameters. Send no body, or {}.`];
  }
  const mediaType = mediaTypeOf(request);
  if (mediaType !== undefined && accepted.mediaTypes.includes(mediaType)) return undefined;
  return [415, `Content-Type '${mediaType ?? ''}' is not supported; send ${accepted.mediaTypes.join(' or ')}.`];
}

// The hooks below take callbacks rather than returning promises: they run on every request, and
// a synchronous answer is cheaper. A hook that answers does not call `done`.

function checkBody(route: Route): preValidationHookHandler {
  return (request, reply, done) => {
    const problem = bodyProblem(route, request);
    if (problem) sendError(reply, ...problem);
    else done();
  };
}

function checkApiKey(header: string, authenticate: Authenticate): onRequestHookHandler {
  return (request, reply, done) => {
    const apiKey = request.headers[header];
    if (typeof apiKey !== 'string' || apiKey.length === 0) {
      sendError(reply, 403, `Missing ${header} header.`);
      return;
    }
    const verdict = authenticate(apiKey, request);
    if (typeof verdict === 'boolean') decideApiKey(verdict, header, reply, done);
    else verdict.then((accepted) => decideApiKey(accepted, header, reply, done), done);
  };
}

function decideApiKey(accepted: boolean, header: string, reply: FastifyReply, done: () => void): void {
  if (accepted) done();
  else sendError(reply, 403, `Invalid ${header} header.`);
}

/**
 * Answers a request no route matches (405 or 404) once the checks of `onRequest` have run, and
 * before its body is waited for or parsed: a bad or oversized body does not turn the answer into
 * a 400 or 413.
 */
function answerUnmatchedEarly(prefix: string, answerUnmatched: UnmatchedAnswer): preParsingHookHandler {
  return (request, reply, payload, done) => {
    if (request.is404) answerUnmatched(prefix, request, reply);
    else done(null, payload);
  };
}

function checkUrlLength(maxUrlLength: number): onRequestHookHandler {
  return (request, reply, done) => {
    if (request.url.length <= maxUrlLength) done();
    else sendError(reply, 414, `The URL is longer than ${maxUrlLength} characters.`);
  };
}

/** Reads bodies the routes do not parse as JSON as raw bytes, so the body checks can refuse them by status. */
function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // An empty JSON body means no body, as some clients send one with DELETE.
    if (body === '') done(null, undefined);
    else parseJson(request, body as string, done);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}

function registerRoute(
  app: FastifyInstance,
  route: Route,
  options: ApiPluginOptions<unknown>,
  authenticate: () => Authenticate,
): void {
  const handler = (options.handlers as Record<string, unknown>)[route.operationId] as
    | ((input: unknown, context: HandlerContext<string>) => unknown)
    | undefined;
  app.route({
    method: route.method,
    url: route.url,
    schema: route.schema,
    exposeHeadRoute: false,
    validatorCompiler: ({ schema, httpPart }) => compileRequestPart(httpPart as RequestPart, schema as never),
    onRequest: route.apiKeyHeader ? [checkApiKey(route.apiKeyHeader, authenticate())] : [],
    preValidation: checkBody(route),
    handler: async (request, reply) => {
      if (!handler) return sendError(reply, 501, `${route.operationId} is not implemented by this server.`);
      const input = { params: request.params, query: request.query, headers: request.headers, body: request.body };
      const result = await handler.call(options.handlers, input, { operationId: route.operationId, request, reply });
      return sendResult(route, request, reply, result, options.validateResponses === true);
    },
  });
}

/** The longest path parameter the spec allows (Infinity when one has no `maxLength`). */
function longestPathParameter(routes: readonly Route[]): number {
  return Math.max(
    0,
    ...routes.flatMap((route) =>
      Object.values((route.schema.params?.properties ?? {}) as Record<string, { maxLength?: number }>).map(
        (schema) => schema.maxLength ?? Number.POSITIVE_INFINITY,
      ),
    ),
  );
}

/**
 * Fastify's router refuses longer path parameters itself, with a 414 in its own shape; say so when
 * its limit is below what the spec allows.
 */
function warnAboutRouterLimit(app: FastifyInstance, longest: number): void {
  const config = app.initialConfig;
  const limit = config.routerOptions?.maxParamLength ?? config.maxParamLength ?? 100;
  if (limit >= longest) return;
  app.log.warn(
    `routerOptions.maxParamLength is ${limit}, below the ${longest} characters the spec allows in a path parameter: ` +
      'Fastify answers longer ones with 414 before the plugin sees them (createEyeglassJobsServer raises the limit)',
  );
}

/**
 * The plugin that serves one generated API: `app.register(plugin, { handlers, apiKeys })`. Routes
 * are mounted under the spec's base path unless `prefix` says otherwise.
 */
export function createApiPlugin<Handlers>(definition: ApiDefinition): FastifyPluginAsync<ApiPluginOptions<Handlers>> {
  const { routes, componentSchemas } = definition;
  const longest = longestPathParameter(routes);
  const answerUnmatched = unmatchedAnswer(routes);
  const plugin: FastifyPluginAsync<ApiPluginOptions<Handlers>> = async (app, options) => {
    warnAboutRouterLimit(app, longest);
    registerComponentSchemas(componentSchemas);
    if (options.validateResponses) compileResponseSchemas(routes);
    let check: Authenticate | undefined;
    const authenticate = (): Authenticate => {
      check ??= authenticator(options, definition.name);
      return check;
    };
    const mount = async (scope: FastifyInstance): Promise<void> => {
      scope.addSchema(componentSchemas);
      registerBodyParsers(scope);
      scope.setErrorHandler(handleError);
      scope.addHook('onRequest', checkUrlLength(options.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH));
      scope.addHook('preParsing', answerUnmatchedEarly(scope.prefix, answerUnmatched));
      for (const route of routes) registerRoute(scope, route, options as ApiPluginOptions<unknown>, authenticate);
      scope.setNotFoundHandler((request, reply) => answerUnmatched(scope.prefix, request, reply));
    };
    // Fastify applies a `prefix` given to `register` itself; only the default needs mounting here.
    if (options.prefix === undefined) await app.register(mount, { prefix: definition.basePath });
    else await mount(app);
  };
  return fastifyPlugin(plugin, { name: definition.name, fastify: '5.x', encapsulate: true });
}

/** Types shared by the generated handler interface, the generated route table and the plugin. */
import type { IncomingHttpHeaders } from 'node:http';
import type { OperationId } from '@eyeglass-jobs/spec';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The request headers as Node.js parsed them: names in lowercase. */
export type RequestHeaders = IncomingHttpHeaders;

/** What every handler receives beside its input. `Id` is the API's operationIds (Jobs v2 by default). */
export interface HandlerContext<Id extends string = OperationId> {
  /** The operation being answered. */
  operationId: Id;
  /** The Fastify request, for its logger, its id or the client address. */
  request: FastifyRequest;
  /** The Fastify reply, to set response headers. Answer by returning a result, not with `reply.send`. */
  reply: FastifyReply;
}

/**
 * The registered 4xx and 5xx statuses. An operation's `default` response is typed as these statuses,
 * less the ones the operation documents on their own.
 */
export type ErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 406
  | 407
  | 408
  | 409
  | 410
  | 411
  | 412
  | 413
  | 414
  | 415
  | 416
  | 417
  | 418
  | 421
  | 422
  | 423
  | 424
  | 425
  | 426
  | 428
  | 429
  | 431
  | 451
  | 500
  | 501
  | 502
  | 503
  | 504
  | 505
  | 506
  | 507
  | 508
  | 510
  | 511;

/** A JSON Schema (draft 2020-12), as plain data. */
export type JsonSchema = Record<string, unknown>;

/** One route of a generated table: an operation of a spec, ready for Fastify. */
export interface RouteDefinition<Id extends string = OperationId> {
  operationId: Id;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'TRACE';
  /** The spec's path template, such as `/v2/jobs/failover/{id}`. */
  path: string;
  /** The same path in Fastify's syntax, such as `/v2/jobs/failover/:id`. */
  url: string;
  /** The lowercase header that carries the api key; absent when the operation needs none. */
  apiKeyHeader?: string;
  /** The body the operation accepts; absent when it takes none. */
  requestBody?: { required: boolean; mediaTypes: string[] };
  /** Fastify schemas: `params`, `querystring` and `headers` as objects, `body` and `response` by media type. */
  schema: {
    params?: JsonSchema;
    querystring?: JsonSchema;
    headers?: JsonSchema;
    body?: { content: Record<string, { schema: JsonSchema }> };
    response: Record<string, JsonSchema>;
  };
  /** Every documented response: status (or `default`) → media type → schema. */
  responses: Record<string, Record<string, JsonSchema>>;
}

/**
 * Sends a handler's `{ status, body }` result: picks the documented media type, checks the result
 * against the spec when response validation is on, and lets Fastify serialize JSON from the schema
 * (once per frozen body: see frozen-bodies.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INTERNAL_ERROR_MESSAGE } from './error-handler.js';
import { sendError } from './errors.js';
import { frozenBodyBytes } from './frozen-bodies.js';
import type { JsonSchema, RouteDefinition } from './types.js';
import { responseViolation } from './validation.js';

export const isJsonMediaType = (mediaType: string): boolean => /^application\/(.+\+)?json$/.test(mediaType);

/** The documented response for `status`: the exact status, then its range (`4XX`), then `default`. */
function declaredResponse(route: RouteDefinition<string>, status: number): Record<string, JsonSchema> | undefined {
  const { responses } = route;
  return responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
}

/** A text body goes out as the response's text media type, anything else as its JSON one. */
function mediaTypeFor(content: Record<string, JsonSchema>, body: unknown): string | undefined {
  const mediaTypes = Object.keys(content);
  const text = mediaTypes.find((mediaType) => !isJsonMediaType(mediaType));
  const json = mediaTypes.find(isJsonMediaType);
  return (typeof body === 'string' ? (text ?? json) : (json ?? text)) ?? mediaTypes[0];
}

function violation(
  declared: Record<string, JsonSchema> | undefined,
  mediaType: string | undefined,
  result: { status: number; body?: unknown },
): string | undefined {
  if (!declared) return `status ${result.status} is not documented`;
  if (mediaType === undefined) return result.body === undefined ? undefined : `status ${result.status} has no body`;
  const problem = responseViolation(declared[mediaType]!, result.body);
  return problem && `status ${result.status}: ${problem}`;
}

function isResult(value: unknown): value is { status: number; body?: unknown } {
  const status = (value as { status?: unknown } | null)?.status;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
}

export function sendResult(
  route: RouteDefinition<string>,
  request: FastifyRequest,
  reply: FastifyReply,
  result: unknown,
  validate: boolean,
): FastifyReply {
  if (reply.sent) return reply;
  if (!isResult(result)) {
    request.log.error({ operationId: route.operationId }, 'the handler returned no { status, body } result');
    return sendError(reply, 500, INTERNAL_ERROR_MESSAGE);
  }
  const declared = declaredResponse(route, result.status);
  const mediaType = declared ? mediaTypeFor(declared, result.body) : undefined;
  if (validate) {
    const problem = violation(declared, mediaType, result);
    if (problem) {
      request.log.error({ operationId: route.operationId, problem }, 'the handler answered against the spec');
      return sendError(reply, 500, `The ${route.operationId} answer breaks the spec: ${problem}.`);
    }
  }
  reply.code(result.status);
  if (mediaType === undefined) return reply.send(result.body);
  const json = isJsonMediaType(mediaType);
  reply.type(json || mediaType.startsWith('text/') ? `${mediaType}; charset=utf-8` : mediaType);
  if (!json) return reply.send(result.body);
  // Fastify sends strings as they are, so a JSON string body is encoded here.
  if (typeof result.body === 'string') return reply.send(JSON.stringify(result.body));
  return reply.send(frozenBodyBytes(route, reply, result.status, result.body) ?? result.body);
}

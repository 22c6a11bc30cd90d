/**
 * Maps whatever went wrong during a request — a validation failure, an error Fastify raised while
 * reading the request, an error a handler threw — to a status and a message for the Error body.
 * Only client errors keep their message; anything else is a 500 that reveals nothing.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { EyeglassJobsError, errorBody, sendError } from './errors.js';

export const INTERNAL_ERROR_MESSAGE = 'Internal server error.';

/** Messages for the errors Fastify raises before a handler runs, by error code. */
const FASTIFY_ERRORS: Record<string, (error: FastifyError, request: FastifyRequest) => [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => [400, 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: () => [400, 'The request body is empty but its Content-Type is application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => [400, 'The request body does not match its Content-Length header.'],
  FST_ERR_CTP_BODY_TOO_LARGE: (_error, request) => [
    413,
    `The request body is larger than the limit of ${request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit} bytes.`,
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (_error, request) => [
    415,
    `Content-Type '${String(request.headers['content-type'] ?? '')}' is not supported.`,
  ],
  FST_ERR_CTP_INVALID_TYPE: () => [415, 'The Content-Type header is not valid.'],
  FST_ERR_BAD_URL: () => [400, 'The URL is not valid: it holds a malformed percent-encoding.'],
  FST_ERR_MAX_PARAM_LENGTH: () => [414, 'A path parameter of the URL is too long.'],
};

/** The status and message of the Error body that answers `error`. */
export function errorAnswer(error: FastifyError | Error, request: FastifyRequest): [number, string] {
  if (error instanceof EyeglassJobsError) return [error.statusCode, error.message];
  const fastifyError = error as FastifyError;
  const known = fastifyError.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known) return known(fastifyError, request);
  if (fastifyError.validation) return [400, `The request is not valid: ${error.message}.`];
  // Another plugin's client error (a 4xx with a message meant for the client) keeps its status.
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return [status, error.message];
  return [500, INTERNAL_ERROR_MESSAGE];
}

/** A Fastify error handler that answers every error with the Error shape and logs server faults. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const [status, message] = errorAnswer(error, request);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ err: error }, 'request refused');
  return sendError(reply, status, message);
}

/**
 * Fastify's `frameworkErrors` option: bad URLs and over-long path parameters, which Fastify
 * answers before any plugin sees the request.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  handleError(error, request, reply);
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive.'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request line and headers are too large.'],
};

/**
 * Fastify's `clientErrorHandler` option: requests Node.js cannot parse as HTTP. The answer is
 * written to the socket by hand, because there is no request to reply to.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'The request is not valid HTTP.',
  ];
  const body = JSON.stringify(errorBody(status, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

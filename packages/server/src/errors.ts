/**
 * The one error factory of the server: every error answer, whether the plugin, Fastify or a handler
 * raised it, leaves as the spec's Error shape `{ code, message }` with `code` equal to the status.
 */
import type { Error as ApiError } from '@eyeglass-jobs/types';
import type { FastifyReply } from 'fastify';
import type { ErrorStatus } from './types.js';

/** The Error body for an answer with `status`. */
export function errorBody(status: number, message: string): ApiError {
  return { code: status, message };
}

/** A handler result carrying an Error body: `return errorResult(404, 'Failover job x was not found.')`. */
export function errorResult<S extends ErrorStatus>(status: S, message: string): { status: S; body: ApiError } {
  return { status, body: errorBody(status, message) };
}

/**
 * An error whose message is meant for the client. Thrown from a handler or a hook, it answers with
 * its status and message; any other thrown error answers 500 without details.
 */
export class EyeglassJobsError extends Error {
  override readonly name = 'EyeglassJobsError';

  constructor(
    readonly statusCode: ErrorStatus,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Sends the Error body for `status`, with extra headers (such as `Allow`) when given. */
export function sendError(
  reply: FastifyReply,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply.code(status).headers(headers).type('application/json; charset=utf-8').send(errorBody(status, message));
}

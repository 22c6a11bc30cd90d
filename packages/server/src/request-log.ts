/**
 * What the log says about a request. Fastify logs each request's URL, and some of its errors
 * quote the URL; a client that puts its key in the query string (`?api_key=…`, where the API
 * does not read it) would get the key written to the log. Credentials in query strings are
 * replaced before either is logged.
 */
import type { FastifyRequest } from 'fastify';

export const REDACTED = '[redacted]';

/** A query parameter that carries a credential in common APIs, whatever its case, up to the end of its value. */
const credentialParameter = /([?&](?:api[-_]?key|access[-_]?token|token|password|secret)=)[^&#\s'"]*/gi;

/** The text with the value of every credential-carrying query parameter replaced by `[redacted]`. */
export function redactCredentials(text: string): string {
  return text.replace(credentialParameter, `$1${REDACTED}`);
}

/** Fastify's request serializer, with credentials taken out of the URL. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactCredentials(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export interface ErrorRecord {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

/** An error as a log record (type, message, stack, its own properties and cause), with credentials taken out. */
export function serializeError(error: Error): ErrorRecord {
  const record: ErrorRecord = {
    type: error.constructor.name,
    message: redactCredentials(error.message),
    stack: redactCredentials(error.stack ?? ''),
  };
  for (const [key, value] of Object.entries(error)) {
    if (!(key in record)) record[key] = typeof value === 'string' ? redactCredentials(value) : value;
  }
  if (error.cause instanceof Error) record.cause = serializeError(error.cause);
  else if (error.cause !== undefined) record.cause = error.cause;
  return record;
}

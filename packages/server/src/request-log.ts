/**
 * What the log says about a request. Fastify logs each request's URL, and some of its errors
 * quote the URL; a client that puts its key in the query string (`?api_key=…`, where the API
 * does not read it) would get the key written to the log. Credentials are taken out before
 * either is logged: the value of every query parameter whose name holds a credential word, in any
 * case, spelling or encoding (`api_key`, `API-KEY`, `x_api_key`, `api%5Fkey`, `api_key[]`), and
 * every occurrence of a configured key, wherever it stands and however it is encoded.
 */
import type { FastifyRequest } from 'fastify';

export const REDACTED = '[redacted]';

/** A query parameter with its name and value, up to the end of the value. */
const queryParameter = /([?&])([^=&#\s'"]*)=([^&#\s'"]*)/g;

/** Words that mark a parameter name as a credential once decoded, lowercased and stripped of punctuation. */
const credentialWord = /key|token|secret|passw|auth|credential|signature/;

/** Runs of URL or message text between separators, each decoded on its own to look for a key. */
const textRun = /[^\s'"`?&=/#\\,;{}[\]()<>]+/g;

/** Percent-decodes what can be decoded; a malformed sequence is decoded byte by byte or left as it is. */
function decoded(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9a-f]{2}/gi, (sequence) => String.fromCharCode(Number.parseInt(sequence.slice(1), 16)));
  }
}

function isCredentialName(name: string): boolean {
  return credentialWord.test(
    decoded(name)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
}

/** The forms a key takes in a log line: as it is, percent-encoded, escaped in JSON. */
function spellings(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

/**
 * The text with the value of every credential-carrying query parameter replaced by `[redacted]`,
 * and every occurrence of one of `secrets` (such as the configured api keys) too.
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let redacted = text.replace(queryParameter, (whole, separator: string, name: string) =>
    isCredentialName(name) ? `${separator}${name}=${REDACTED}` : whole,
  );
  const known = secrets.filter((secret) => secret.length > 0);
  if (known.length === 0) return redacted;
  for (const secret of known) for (const form of spellings(secret)) redacted = redacted.split(form).join(REDACTED);
  return redacted.replace(textRun, (run) => {
    const plain = decoded(run);
    return known.some((secret) => plain.includes(secret)) ? REDACTED : run;
  });
}

export interface ErrorRecord {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

/** Fastify's `req` and `err` log serializers, taking out credentials and the given keys. */
export function logSerializers(secrets: readonly string[] = []) {
  const redact = (text: string) => redactCredentials(text, secrets);
  const serializeRequest = (request: FastifyRequest): Record<string, unknown> => ({
    method: request.method,
    url: redact(request.url),
    host: redact(request.host),
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  });
  const serializeError = (error: Error): ErrorRecord => {
    const record: ErrorRecord = {
      type: error.constructor.name,
      message: redact(error.message),
      stack: redact(error.stack ?? ''),
    };
    for (const [key, value] of Object.entries(error)) {
      if (!(key in record)) record[key] = typeof value === 'string' ? redact(value) : value;
    }
    if (error.cause instanceof Error) record.cause = serializeError(error.cause);
    else if (error.cause !== undefined) record.cause = error.cause;
    return record;
  };
  return { req: serializeRequest, err: serializeError };
}

const withoutSecrets = logSerializers();

/** Fastify's request serializer, with credentials taken out of the URL. */
export const serializeRequest: (request: FastifyRequest) => Record<string, unknown> = withoutSecrets.req;

/** An error as a log record (type, message, stack, its own properties and cause), with credentials taken out. */
export const serializeError: (error: Error) => ErrorRecord = withoutSecrets.err;

/**
 * Keeps the api key out of everything the client produces: error messages, error causes and log
 * lines. The key lives only in this closure and in the request headers.
 */

export type Redact = (text: string) => string;

export const REDACTED = '[redacted]';

export function createRedactor(secret: string): Redact {
  if (!secret) return (text) => text;
  return (text) => (text.includes(secret) ? text.split(secret).join(REDACTED) : text);
}

/** A parsed answer body with the secret redacted, for an error that quotes the body. */
export function redactBody(body: unknown, redact: Redact): unknown {
  if (typeof body === 'string') return redact(body);
  if (typeof body !== 'object' || body === null) return body;
  const json = JSON.stringify(body);
  const safe = redact(json);
  return safe === json ? body : JSON.parse(safe);
}

/** A copy of an answer's headers with the secret redacted from their values, for an error to keep. */
export function redactHeaders(headers: Headers, redact: Redact): Headers {
  const copy = new Headers();
  for (const [name, value] of headers) copy.append(name, redact(value));
  return copy;
}

const MAX_CAUSE_DEPTH = 4;

/**
 * A copy of a thrown value that is safe to keep as an error's `cause`: its name, redacted message,
 * `code` (such as a TLS or socket error code) and redacted causes, nothing else.
 */
export function redactCause(cause: unknown, redact: Redact, depth = 0): Error {
  if (!(cause instanceof Error)) return new Error(redact(String(cause)));
  const nested =
    depth < MAX_CAUSE_DEPTH && cause.cause !== undefined ? redactCause(cause.cause, redact, depth + 1) : undefined;
  const copy = new Error(redact(cause.message), nested ? { cause: nested } : undefined);
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  return copy;
}

/** The codes in an error and its causes, such as `ECONNREFUSED` or `DEPTH_ZERO_SELF_SIGNED_CERT`. */
export function causeCodes(cause: unknown): string[] {
  const codes: string[] = [];
  for (let current = cause, depth = 0; current instanceof Error && depth <= MAX_CAUSE_DEPTH; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}

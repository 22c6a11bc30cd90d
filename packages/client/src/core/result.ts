/**
 * Reads a successful answer as the spec describes it, and says what is wrong when it does not
 * match: an HTML page from a proxy, a truncated body, an object missing required fields. A full
 * schema validation would cost more bytes than the whole client; these checks catch the answers
 * that are not from Eyeglass at all.
 */

/** What a successful answer holds, as the generator reads it from the spec. */
export type ResultShape =
  | {
      media: 'json';
      type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
      required?: readonly string[];
    }
  | { media: 'text' }
  | { media: 'none' };

export type Reading = { ok: true; value: unknown } | { ok: false; problem: string };

function typeProblem(value: unknown, shape: Extract<ResultShape, { media: 'json' }>): string | undefined {
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const expected = shape.type === 'integer' ? 'number' : shape.type;
  if (expected && actual !== expected) return `JSON of type ${actual} where the spec says ${shape.type}`;
  if (shape.type !== 'object' || !shape.required) return undefined;
  const missing = shape.required.filter((key) => !(key in (value as object)));
  return missing.length > 0 ? `an object without ${missing.join(', ')}` : undefined;
}

/** Reads the text of a 2xx answer. */
export function readResult(shape: ResultShape, contentType: string, text: string | undefined): Reading {
  if (shape.media === 'none') return { ok: true, value: undefined };
  const isJson = /\bjson\b/i.test(contentType);
  if (shape.media === 'text') {
    if (/\bhtml\b/i.test(contentType)) return { ok: false, problem: 'an HTML page where the spec says text' };
    if (!isJson) return { ok: true, value: text ?? '' };
    try {
      const value: unknown = JSON.parse(text ?? '');
      return typeof value === 'string' ? { ok: true, value } : { ok: false, problem: 'JSON where the spec says text' };
    } catch {
      return { ok: true, value: text ?? '' };
    }
  }
  if (!text) return { ok: false, problem: 'an empty body where the spec says JSON' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'a body that is not JSON' };
  }
  const problem = typeProblem(value, shape);
  return problem ? { ok: false, problem } : { ok: true, value };
}

/**
 * Reads a successful answer as the spec describes it, and says what is wrong when it does not
 * match: an HTML page from a proxy, a truncated body, an object missing required fields. A full
 * schema validation would cost more bytes than the whole client; these checks catch the answers
 * that are not from Eyeglass at all.
 */
import type { ResultShape } from './types.js';

/** What is wrong with a successful answer; any other reading is the answer's value. */
export class Problem {
  constructor(readonly problem: string) {}
}

/** The names of `required` that `value` lacks, or undefined when it has them all. */
function missingFields(value: object, required: readonly string[]): string[] | undefined {
  for (const key of required) if (!(key in value)) return required.filter((name) => !(name in value));
  return undefined;
}

function typeProblem(value: unknown, shape: Extract<ResultShape, { media: 'json' }>): string | undefined {
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const expected = shape.type === 'integer' ? 'number' : shape.type;
  if (expected && actual !== expected) return `JSON of type ${actual} where the spec says ${shape.type}`;
  if (shape.type !== 'object' || !shape.required) return undefined;
  const missing = missingFields(value as object, shape.required);
  return missing ? `an object without ${missing.join(', ')}` : undefined;
}

/** What a Content-Type says the body is; answers repeat the same few types, so each is read once. */
type MediaKind = 'json' | 'html' | 'other';
const mediaKinds = new Map<string, MediaKind>();
const MAX_MEDIA_KINDS = 64;

function mediaKind(contentType: string): MediaKind {
  let kind = mediaKinds.get(contentType);
  if (kind === undefined) {
    kind = /\bhtml\b/i.test(contentType) ? 'html' : /\bjson\b/i.test(contentType) ? 'json' : 'other';
    if (mediaKinds.size >= MAX_MEDIA_KINDS) mediaKinds.clear();
    mediaKinds.set(contentType, kind);
  }
  return kind;
}

/** Reads the text of a 2xx answer: its value, or the Problem with it. */
export function readResult(shape: ResultShape, contentType: string, text: string | undefined): unknown {
  if (shape.media === 'none') return undefined;
  if (shape.media === 'text') {
    const kind = mediaKind(contentType);
    if (kind === 'html') return new Problem('an HTML page where the spec says text');
    if (kind !== 'json') return text ?? '';
    try {
      const value: unknown = JSON.parse(text ?? '');
      return typeof value === 'string' ? value : new Problem('JSON where the spec says text');
    } catch {
      return text ?? '';
    }
  }
  if (!text) return new Problem('an empty body where the spec says JSON');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Problem('a body that is not JSON');
  }
  const problem = typeProblem(value, shape);
  return problem ? new Problem(problem) : value;
}

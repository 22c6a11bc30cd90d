/**
 * Adds `x-codeSamples` to a copy of the bundled spec, so the hand-written spec stays free of
 * them. See https://redocly.com/docs/realm/content/api-docs/openapi-extensions/x-code-samples.
 */

/** One entry of an operation's `x-codeSamples`. */
export interface CodeSample {
  /** The language, which also picks the syntax highlighting (`curl`, `TypeScript`). */
  lang: string;
  /** The name of the tab the sample shows under. */
  label: string;
  source: string;
}

/** The sample tabs every operation has, in this order. `lang` also picks the highlighting. */
export const SAMPLE_LANGUAGES = [
  { lang: 'curl', label: 'curl' },
  { lang: 'TypeScript', label: 'TypeScript' },
] as const;

/** An OpenAPI document as plain JSON; only `paths` is read. */
export interface OpenApiJson {
  paths?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Returns a copy of the document in which every operation carries the samples listed for its
 * operationId. An operation without samples, or samples for an unknown operation, is an error:
 * the samples and the spec must describe the same operations.
 */
export function withCodeSamples(
  document: OpenApiJson,
  samples: Readonly<Record<string, readonly CodeSample[]>>,
): OpenApiJson {
  const copy = structuredClone(document) as OpenApiJson;
  const unused = new Set(Object.keys(samples));
  for (const [path, item] of Object.entries(copy.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const id = String(operation.operationId);
      const forOperation = samples[id];
      if (!forOperation || forOperation.length === 0) {
        throw new Error(`${method.toUpperCase()} ${path} (${id}) has no code samples`);
      }
      operation['x-codeSamples'] = forOperation.map((s) => ({ lang: s.lang, label: s.label, source: s.source }));
      unused.delete(id);
    }
  }
  if (unused.size > 0) throw new Error(`code samples for operations the spec does not have: ${[...unused].join(', ')}`);
  return copy;
}

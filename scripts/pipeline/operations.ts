/**
 * The operation index every generator walks: one entry per OpenAPI Operation Object, with its
 * parameters and responses resolved. See https://spec.openapis.org/oas/v3.1.0#operation-object.
 */
import type { OpenApiDocument } from './spec-loader.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type JsonSchema = Record<string, unknown>;

export interface ParameterInfo {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  deprecated: boolean;
  description: string;
  schema: JsonSchema;
  /** The schema with every `$ref` replaced by its target (parameter schemas are never recursive). */
  resolvedSchema: JsonSchema;
  example: unknown;
}

export interface ResponseInfo {
  /** An HTTP status such as '200', or 'default'. */
  status: string;
  description: string;
  /** Media type → schema (with component $refs left in place). */
  content: Record<string, JsonSchema>;
  /** Media type → JSON pointer of its schema in the bundled document, for validators. */
  schemaPointers: Record<string, string>;
}

export interface OperationInfo {
  operationId: string;
  method: HttpMethod;
  path: string;
  tag: string;
  /** The method name in the client's group for the tag (x-client-method, or the operationId). */
  clientMethod: string;
  summary: string;
  description: string;
  parameters: ParameterInfo[];
  requestBody?: { required: boolean; content: Record<string, JsonSchema> };
  responses: ResponseInfo[];
  /** True when the operation is safe to repeat (GET, HEAD, OPTIONS). */
  idempotent: boolean;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows local `#/…` references inside the bundled document, and says where it ended up. */
export function follow<T = Record<string, unknown>>(
  spec: OpenApiDocument,
  node: unknown,
  pointer = '',
): { node: T; pointer: string } {
  let current = node as Record<string, unknown>;
  let at = pointer;
  const seen = new Set<string>();
  while (current && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local references can be resolved, got ${ref}`);
    if (seen.has(ref)) throw new Error(`circular reference ${ref}`);
    seen.add(ref);
    let target: unknown = spec;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    if (target === undefined) throw new Error(`unresolved reference ${ref}`);
    current = target as Record<string, unknown>;
    at = ref.slice(1);
  }
  return { node: current as T, pointer: at };
}

/** Follows a local `#/…` reference inside the bundled document. */
export function resolveRef<T = Record<string, unknown>>(spec: OpenApiDocument, node: unknown): T {
  return follow<T>(spec, node).node;
}

/** Replaces every `$ref` in a non-recursive schema by its target. */
export function derefSchema(spec: OpenApiDocument, schema: unknown): JsonSchema {
  const resolved = resolveRef<unknown>(spec, schema);
  if (Array.isArray(resolved)) return resolved.map((item) => derefSchema(spec, item)) as unknown as JsonSchema;
  if (!resolved || typeof resolved !== 'object') return resolved as JsonSchema;
  return Object.fromEntries(
    Object.entries(resolved).map(([key, value]) => [
      key,
      value && typeof value === 'object' ? derefSchema(spec, value) : value,
    ]),
  );
}

function parameterInfo(spec: OpenApiDocument, node: unknown): ParameterInfo {
  const p = resolveRef(spec, node);
  return {
    name: String(p.name),
    in: p.in as ParameterInfo['in'],
    required: p.required === true,
    deprecated: p.deprecated === true,
    description: typeof p.description === 'string' ? p.description : '',
    schema: (p.schema ?? {}) as JsonSchema,
    resolvedSchema: derefSchema(spec, p.schema ?? {}),
    example: p.example,
  };
}

function mediaSchemas(spec: OpenApiDocument, content: unknown): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [mediaType, media] of Object.entries((content ?? {}) as Record<string, unknown>)) {
    out[mediaType] = (resolveRef(spec, media).schema ?? {}) as JsonSchema;
  }
  return out;
}

/** Lists every operation of the spec, in path order then method order. */
export function listOperations(spec: OpenApiDocument): OperationInfo[] {
  const operations: OperationInfo[] = [];
  for (const [urlPath, rawItem] of Object.entries(spec.paths ?? {})) {
    const item = resolveRef(spec, rawItem);
    const shared = ((item.parameters ?? []) as unknown[]).map((p) => parameterInfo(spec, p));
    for (const method of HTTP_METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const operationId = String(op.operationId);
      const own = ((op.parameters ?? []) as unknown[]).map((p) => parameterInfo(spec, p));
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const body = op.requestBody ? resolveRef(spec, op.requestBody) : undefined;
      const opPointer = `/paths/${pointerSegment(urlPath)}/${method}`;
      const responses = Object.entries((op.responses ?? {}) as Record<string, unknown>).map(([status, raw]) => {
        const { node: response, pointer } = follow(spec, raw, `${opPointer}/responses/${status}`);
        const schemaPointers: Record<string, string> = {};
        for (const mediaType of Object.keys((response.content ?? {}) as object)) {
          schemaPointers[mediaType] = `${pointer}/content/${pointerSegment(mediaType)}/schema`;
        }
        return {
          status,
          description: String(response.description ?? ''),
          content: mediaSchemas(spec, response.content),
          schemaPointers,
        };
      });
      const tags = (op.tags ?? []) as string[];
      operations.push({
        operationId,
        method,
        path: urlPath,
        tag: tags[0] ?? 'default',
        clientMethod: typeof op['x-client-method'] === 'string' ? op['x-client-method'] : operationId,
        summary: String(op.summary ?? ''),
        description: String(op.description ?? ''),
        parameters,
        ...(body
          ? { requestBody: { required: body.required === true, content: mediaSchemas(spec, body.content) } }
          : {}),
        responses,
        idempotent: method === 'get' || method === 'head' || method === 'options',
      });
    }
  }
  return operations;
}

/** The server URL's path, such as `/sera`, taken from the first server entry. */
export function basePath(spec: OpenApiDocument): string {
  const servers = (spec.servers ?? []) as Array<{ url: string }>;
  const url = servers[0]?.url ?? '/';
  const withoutOrigin = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  return withoutOrigin.replace(/\/$/, '') || '';
}

/**
 * What a code sample sends for one operation, taken from the spec alone: the server URL with its
 * variables at their defaults, the path parameters' examples, and the query parameters a reader
 * has to choose. See https://spec.openapis.org/oas/v3.1.0#parameter-object.
 */
import { type OperationInfo, type ParameterInfo, resolveRef } from '../../pipeline/operations.js';
import type { OpenApiDocument } from '../../pipeline/spec-loader.js';

export interface SampleArgument {
  name: string;
  value: string | number | boolean;
}

export interface SampleRequest {
  operation: OperationInfo;
  /** The first server URL with every variable at its default, such as `https://eyeglass.local/sera`. */
  baseUrl: string;
  /** The path parameters, in the order they appear in the path template. */
  pathArguments: SampleArgument[];
  /** The query parameters the sample sets; the object argument of the client method. */
  query: SampleArgument[];
  /** Whether the operation declares query parameters at all, even if the sample sets none. */
  hasQuery: boolean;
  /** The JSON body the sample sends: the first example of a required JSON request body. */
  body?: unknown;
  result: SampleResult;
}

/** The server URL with its variables replaced by their defaults. */
export function defaultServerUrl(spec: OpenApiDocument): string {
  const servers = (spec.servers ?? []) as Array<{ url: string; variables?: Record<string, { default: string }> }>;
  const server = servers[0];
  if (!server) throw new Error('the spec declares no server, so samples have no base URL');
  return server.url.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const variable = server.variables?.[name];
    if (!variable) throw new Error(`server variable {${name}} has no declaration`);
    return variable.default;
  });
}

function exampleOf(operation: OperationInfo, parameter: ParameterInfo): SampleArgument['value'] {
  const value = parameter.example;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new Error(
    `${operation.operationId}: parameter ${parameter.name} needs a string, number or boolean example for its code samples`,
  );
}

/**
 * A sample sets every required parameter, and an optional one only when its example differs from
 * its default, so it shows what a caller must send and the choices that change the outcome.
 * Deprecated parameters never appear.
 */
function shownInSample(parameter: ParameterInfo): boolean {
  if (parameter.deprecated) return false;
  if (parameter.required) return true;
  if (!('default' in parameter.schema)) return parameter.example !== undefined;
  return parameter.example !== undefined && parameter.example !== parameter.schema.default;
}

export function sampleRequest(spec: OpenApiDocument, operation: OperationInfo): SampleRequest {
  const unsupported = operation.parameters.find((p) => p.in !== 'path' && p.in !== 'query');
  if (unsupported) {
    throw new Error(
      `${operation.operationId}: code samples cannot send ${unsupported.in} parameter ${unsupported.name}`,
    );
  }
  const pathNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const pathArguments = pathNames.map((name) => {
    const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
    if (!parameter) throw new Error(`${operation.operationId}: path parameter {${name}} is not declared`);
    return { name, value: exampleOf(operation, parameter) };
  });
  const queryParameters = operation.parameters.filter((p) => p.in === 'query');
  const body = operation.requestBody?.required ? bodyExample(spec, operation) : undefined;
  return {
    operation,
    baseUrl: defaultServerUrl(spec),
    pathArguments,
    query: queryParameters.filter(shownInSample).map((p) => ({ name: p.name, value: exampleOf(operation, p) })),
    hasQuery: queryParameters.length > 0,
    ...(body === undefined ? {} : { body }),
    result: sampleResult(operation),
  };
}

/** The first example of the operation's JSON request body (`example`, or the first of `examples`). */
function bodyExample(spec: OpenApiDocument, operation: OperationInfo): unknown {
  const item = resolveRef(spec, spec.paths[operation.path]);
  const requestBody = resolveRef(spec, (item[operation.method] as Record<string, unknown>).requestBody);
  const media = (requestBody.content as Record<string, Record<string, unknown>> | undefined)?.['application/json'];
  if (media?.example !== undefined) return media.example;
  const first = Object.values((media?.examples ?? {}) as Record<string, unknown>)[0];
  if (first === undefined) {
    throw new Error(`${operation.operationId}: the request body needs an example for its code samples`);
  }
  return resolveRef<{ value: unknown }>(spec, first).value;
}

export interface SampleResult {
  /** The variable the TypeScript sample stores the result in. */
  name: string;
  /** How the result is printed: JSON bodies pretty-printed, text as it is, nothing for an empty answer. */
  media: 'json' | 'text' | 'none';
}

function schemaName(node: unknown): string | undefined {
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string') return undefined;
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Names the operation's result after the schema of its first 2xx answer (`job`, `jobs`, `text`). */
export function sampleResult(operation: OperationInfo): SampleResult {
  const success = operation.responses.find((r) => /^2\d\d$/.test(r.status));
  if (!success || Object.keys(success.content).length === 0) return { name: '', media: 'none' };
  const schema = success.content['application/json'];
  if (!schema) return { name: 'text', media: 'text' };
  const item = schema.type === 'array' ? schemaName(schema.items) : undefined;
  return { name: schemaName(schema) ?? (item ? `${item}s` : 'result'), media: 'json' };
}

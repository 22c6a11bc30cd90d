/**
 * Plans one method of the generated client from one Operation Object
 * (https://spec.openapis.org/oas/v3.1.0#operation-object): its arguments (path parameters in path
 * order, then a required body, then one object of query parameters, then request options), its
 * result type, and the descriptor the runtime transport reads. An optional body is left to `raw`.
 */
import type { OperationInfo } from '../pipeline/operations.js';
import { type JsonSchema, resolveRef } from '../pipeline/operations.js';
import type { OpenApiDocument } from '../pipeline/spec-loader.js';

/** Names the hand-written runtime adds to a group or to the client; an operation may not take them. */
export const RESERVED_METHODS = ['waitFor', 'followLog'];
const RESERVED_ARGUMENTS = ['query', 'body', 'options', 'init', 'raw', 'transport'];

export interface PathArgument {
  name: string;
  identifier: string;
  description: string;
}

export interface MethodPlan {
  name: string;
  operation: OperationInfo;
  pathArguments: PathArgument[];
  /** The query object's type alias, and whether the object is required. */
  query?: { alias: string; type: string; required: boolean };
  body?: { alias: string; type: string };
  result: { alias: string; type: string };
  /** The runtime's `Operation` descriptor, as a plain value. */
  descriptor: Record<string, unknown>;
}

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

const operationType = (op: OperationInfo, ...keys: Array<string | number>): string =>
  `operations['${op.operationId}']${keys.map((k) => (typeof k === 'number' ? `[${k}]` : `['${k}']`)).join('')}`;

function resultOf(spec: OpenApiDocument, op: OperationInfo): { type: string; shape: Record<string, unknown> } {
  const success = op.responses
    .filter((r) => /^2\d\d$/.test(r.status))
    .sort((a, b) => a.status.localeCompare(b.status))[0];
  const media = success ? Object.keys(success.content) : [];
  const json = media.find((m) => /\bjson\b/.test(m));
  const text = media.find((m) => m.startsWith('text/'));
  if (!success || (!json && !text)) return { type: 'void', shape: { media: 'none' } };
  const status = Number(success.status);
  if (!json) return { type: operationType(op, 'responses', status, 'content', text!), shape: { media: 'text' } };
  const schema = resolveRef<JsonSchema>(spec, success.content[json]);
  const shape: Record<string, unknown> = { media: 'json' };
  if (typeof schema.type === 'string') shape.type = schema.type;
  // Only a created answer's fields are checked: the caller needs the id to follow what it created.
  // The vendor's model makes every field of its other answers optional, so a 2xx answer that lacks
  // one is returned as it came (openapi/DECISIONS.md, 17).
  if (status === 201 && schema.type === 'object' && Array.isArray(schema.required)) shape.required = schema.required;
  return { type: operationType(op, 'responses', status, 'content', json), shape };
}

/** For an operation that is not safe to repeat, the client call that shows whether it took effect. */
function checkCall(op: OperationInfo, group: string, siblings: OperationInfo[]): string | undefined {
  const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const reader =
    op.method === 'post'
      ? siblings.find((s) => s.method === 'get' && !s.parameters.some((p) => p.in === 'path'))
      : siblings.find((s) => s.method === 'get' && s.path === op.path);
  if (!reader) return undefined;
  if (op.method !== 'post') return `eg.${group}.${reader.clientMethod}(${pathNames.map(camelCase).join(', ')})`;
  const state = reader.parameters.find((p) => p.name === 'state' && p.in === 'query');
  const running = Array.isArray(state?.schema.enum) && state.schema.enum.includes('running');
  return `eg.${group}.${reader.clientMethod}(${running ? "{ state: 'running' }" : ''})`;
}

export function planMethod(
  spec: OpenApiDocument,
  op: OperationInfo,
  group: string,
  siblings: OperationInfo[],
): MethodPlan {
  const unsupported = op.parameters.find((p) => p.in === 'header' || p.in === 'cookie');
  if (unsupported) throw new Error(`${op.operationId}: ${unsupported.in} parameters are not supported by the client`);
  if (RESERVED_METHODS.includes(op.clientMethod)) {
    throw new Error(`${op.operationId}: x-client-method ${op.clientMethod} is reserved for the client's runtime`);
  }
  const base = pascalCase(op.operationId);
  const order = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pathArguments = op.parameters
    .filter((p) => p.in === 'path')
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
    .map((p) => {
      const identifier = camelCase(p.name);
      return {
        name: p.name,
        identifier: RESERVED_ARGUMENTS.includes(identifier) ? `${identifier}Param` : identifier,
        description: p.description,
      };
    });
  const queryParameters = op.parameters.filter((p) => p.in === 'query');
  const result = resultOf(spec, op);
  const check = op.idempotent ? undefined : checkCall(op, group, siblings);
  return {
    name: op.clientMethod,
    operation: op,
    pathArguments,
    ...(queryParameters.length > 0 && {
      query: {
        alias: `${base}Query`,
        type: `NonNullable<${operationType(op, 'parameters', 'query')}>`,
        required: queryParameters.some((p) => p.required),
      },
    }),
    ...(op.requestBody?.required && {
      body: {
        alias: `${base}Body`,
        type: operationType(op, 'requestBody', 'content', Object.keys(op.requestBody.content)[0]!),
      },
    }),
    result: { alias: `${base}Result`, type: result.type },
    descriptor: {
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      idempotent: op.idempotent,
      result: result.shape,
      ...(check && { check }),
    },
  };
}

/**
 * Builds the server's route table from the operation index: one entry per Operation Object
 * (https://spec.openapis.org/oas/v3.1.0#operation-object) with Fastify schemas for its parameters,
 * body and responses. Component schemas become one shared schema that routes refer to by `$id`.
 */

import { type JsonSchema, type OperationInfo, type ParameterInfo, resolveRef } from '../../pipeline/operations.js';
import type { OpenApiDocument } from '../../pipeline/spec-loader.js';
import { componentName } from './schema-type.js';

/** The `$id` of the shared schema that holds every component schema of the appliance's spec under `$defs`. */
export const COMPONENTS_ID = 'eyeglass-jobs';

/** OpenAPI keywords that JSON Schema validators do not know; they carry no constraint. */
const OPENAPI_ONLY = new Set(['example', 'xml', 'externalDocs', 'discriminator']);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
/** Keywords whose value is one subschema or a list of them. */
const SUBSCHEMAS = new Set([
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
]);

/**
 * Copies a schema for Ajv 2020 and fast-json-stringify: component `$ref`s point into the shared
 * schema (`#/$defs/Job` inside it, `eyeglass-jobs#/$defs/Job` outside), and OpenAPI-only keywords
 * and `x-` extensions are dropped.
 */
export function runtimeSchema(schema: unknown, insideComponents: boolean, componentsId = COMPONENTS_ID): unknown {
  if (Array.isArray(schema)) return schema.map((item) => runtimeSchema(item, insideComponents, componentsId));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (OPENAPI_ONLY.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref') {
      const name = componentName(value);
      if (!name) throw new Error(`the server stubs support only component references, got ${String(value)}`);
      out.$ref = `${insideComponents ? '' : componentsId}#/$defs/${name}`;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, runtimeSchema(sub, insideComponents, componentsId)]),
      );
    } else if (SUBSCHEMAS.has(key)) {
      out[key] = runtimeSchema(value, insideComponents, componentsId);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Replaces every `$ref` in a parameter schema by its target, so coercion can read the plain type. */
function inlined(spec: OpenApiDocument, schema: unknown, depth = 0): unknown {
  if (depth > 32) throw new Error('a parameter schema refers to itself; parameters must have finite schemas');
  if (Array.isArray(schema)) return schema.map((item) => inlined(spec, item, depth + 1));
  if (!schema || typeof schema !== 'object') return schema;
  const resolved = resolveRef<JsonSchema>(spec, schema);
  const { $ref: _ref, ...rest } = { ...resolved, ...(schema as JsonSchema) };
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, inlined(spec, value, depth + 1)]));
}

function parametersSchema(spec: OpenApiDocument, parameters: ParameterInfo[], componentsId: string): JsonSchema {
  // Fastify lowercases header names, so header parameters are declared lowercase.
  const key = (p: ParameterInfo): string => (p.in === 'header' ? p.name.toLowerCase() : p.name);
  const properties = Object.fromEntries(
    parameters.map((p) => [key(p), runtimeSchema(inlined(spec, p.schema), false, componentsId)]),
  );
  const required = parameters.filter((p) => p.required).map(key);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const isJson = (mediaType: string): boolean => /^application\/(.+\+)?json$/.test(mediaType);

/** The header that carries the api key, or undefined when the operation needs no authentication. */
function apiKeyHeader(spec: OpenApiDocument, op: OperationInfo): string | undefined {
  const item = resolveRef(spec, spec.paths[op.path]);
  const operation = item[op.method] as Record<string, unknown>;
  const requirements = (operation.security ?? spec.security ?? []) as Array<Record<string, string[]>>;
  if (requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0)) return undefined;
  const schemes = (spec.components?.securitySchemes ?? {}) as Record<string, Record<string, unknown>>;
  const headers = new Set<string>();
  for (const requirement of requirements) {
    const names = Object.keys(requirement);
    const scheme = names.length === 1 && names[0] ? resolveRef(spec, schemes[names[0]]) : undefined;
    if (scheme?.type !== 'apiKey' || scheme.in !== 'header') {
      throw new Error(`${op.operationId}: the server stubs support one apiKey header scheme per requirement`);
    }
    headers.add(String(scheme.name).toLowerCase());
  }
  if (headers.size > 1) throw new Error(`${op.operationId}: the server stubs support one api key header`);
  return [...headers][0];
}

/** A route of the table, as plain data for the generated module. */
export function routeEntry(
  spec: OpenApiDocument,
  op: OperationInfo,
  componentsId = COMPONENTS_ID,
): Record<string, unknown> {
  const byPlace = (place: ParameterInfo['in']): ParameterInfo[] => op.parameters.filter((p) => p.in === place);
  const headerParameters = byPlace('header');
  const responseSchemas: Record<string, unknown> = {};
  const responses: Record<string, Record<string, unknown>> = {};
  for (const response of op.responses) {
    const content = Object.fromEntries(
      Object.entries(response.content).map(([mediaType, schema]) => [
        mediaType,
        runtimeSchema(schema, false, componentsId),
      ]),
    );
    responses[response.status] = content;
    const json = Object.entries(content).filter(([mediaType]) => isJson(mediaType));
    const fastifyStatus = response.status.toLowerCase();
    if (json.length === 1 && json[0]) responseSchemas[fastifyStatus] = json[0][1];
    else if (json.length > 1) {
      responseSchemas[fastifyStatus] = {
        content: Object.fromEntries(json.map(([mediaType, schema]) => [mediaType, { schema }])),
      };
    }
  }
  const body = op.requestBody;
  const header = apiKeyHeader(spec, op);
  return {
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    url: op.path.replace(/\{([^}]+)\}/g, ':$1'),
    ...(header ? { apiKeyHeader: header } : {}),
    ...(body ? { requestBody: { required: body.required, mediaTypes: Object.keys(body.content) } } : {}),
    schema: {
      ...(byPlace('path').length > 0 ? { params: parametersSchema(spec, byPlace('path'), componentsId) } : {}),
      querystring: parametersSchema(spec, byPlace('query'), componentsId),
      ...(headerParameters.length > 0 ? { headers: parametersSchema(spec, headerParameters, componentsId) } : {}),
      ...(body
        ? {
            body: {
              content: Object.fromEntries(
                Object.entries(body.content).map(([mediaType, schema]) => [
                  mediaType,
                  { schema: runtimeSchema(schema, false, componentsId) },
                ]),
              ),
            },
          }
        : {}),
      response: responseSchemas,
    },
    responses,
  };
}

/** The shared schema: every component schema under `$defs`, with references inside it kept local. */
export function componentsSchema(spec: OpenApiDocument, componentsId = COMPONENTS_ID): Record<string, unknown> {
  const schemas = (spec.components?.schemas ?? {}) as Record<string, unknown>;
  return {
    $id: componentsId,
    $defs: Object.fromEntries(
      Object.entries(schemas).map(([name, schema]) => [name, runtimeSchema(schema, true, componentsId)]),
    ),
  };
}

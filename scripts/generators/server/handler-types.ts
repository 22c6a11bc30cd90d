/**
 * Writes the typed handler interface of the server stubs: per operation an input
 * type (path, query, headers, body) and a result type, the union of its documented
 * `{ status, body }` pairs. See https://spec.openapis.org/oas/v3.1.0#responses-object.
 */
import type { JsonSchema, OperationInfo, ParameterInfo } from '../../pipeline/operations.js';
import { resolveRef } from '../../pipeline/operations.js';
import type { OpenApiDocument } from '../../pipeline/spec-loader.js';
import { interfaceDeclaration, propertySignature, typeAlias, unionType } from '../../pipeline/ts-source.js';
import { propertyKey, schemaType } from './schema-type.js';

/** `launchFailover` → `LaunchFailover`. */
export const typeName = (operationId: string): string => operationId[0]!.toUpperCase() + operationId.slice(1);

function parameterProperty(spec: OpenApiDocument, parameter: ParameterInfo, used: Set<string>): string {
  // A query parameter with a default always reaches the handler: the plugin fills the default in.
  const hasDefault = resolveRef<JsonSchema>(spec, parameter.schema).default !== undefined;
  const docs = [parameter.description, parameter.deprecated ? '@deprecated' : ''].filter(Boolean).join('\n');
  return propertySignature({
    name: propertyKey(parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name),
    type: schemaType(parameter.schema, used),
    optional: !parameter.required && !hasDefault,
    ...(docs ? { docs } : {}),
  });
}

/** Adds `<Op>Params`/`<Op>Query`/`<Op>Headers` to `declarations` when the operation has such parameters; returns the type to use. */
function addParameterType(
  declarations: string[],
  spec: OpenApiDocument,
  op: OperationInfo,
  place: ParameterInfo['in'],
  suffix: string,
  used: Set<string>,
): string | undefined {
  const parameters = op.parameters.filter((p) => p.in === place);
  if (parameters.length === 0) return undefined;
  const name = `${typeName(op.operationId)}${suffix}`;
  declarations.push(
    interfaceDeclaration({
      name,
      docs: `The ${suffix.toLowerCase()} of \`${op.operationId}\`, validated and coerced from the request.`,
      members: parameters.map((p) => parameterProperty(spec, p, used)),
    }),
  );
  return name;
}

function bodyType(op: OperationInfo, used: Set<string>): string {
  if (!op.requestBody) return 'undefined';
  const types = Object.values(op.requestBody.content).map((schema) => schemaType(schema, used));
  return [...new Set(types), ...(op.requestBody.required ? [] : ['undefined'])].join(' | ');
}

function resultMembers(op: OperationInfo, used: Set<string>): string[] {
  // `default` covers the error statuses the operation does not list.
  const explicit = op.responses.filter((r) => /^[45]\d\d$/.test(r.status)).map((r) => r.status);
  return op.responses.map((response) => {
    const bodies = Object.values(response.content).map((schema) => schemaType(schema, used));
    const body = bodies.length === 0 ? 'body?: undefined' : `body: ${[...new Set(bodies)].join(' | ')}`;
    let status = response.status;
    if (status === 'default') {
      status = explicit.length > 0 ? `Exclude<ErrorStatus, ${explicit.join(' | ')}>` : 'ErrorStatus';
    } else if (/^\dXX$/i.test(status)) {
      throw new Error(`${op.operationId}: status ranges such as ${status} are not supported by the server stubs`);
    }
    return `{ status: ${status}; ${body} }`;
  });
}

/**
 * Adds the input and result types of one operation to `declarations` and returns the handler's
 * property signature.
 */
export function addOperationTypes(
  declarations: string[],
  spec: OpenApiDocument,
  op: OperationInfo,
  apiKeyHeader: string | undefined,
  used: Set<string>,
  context = 'HandlerContext',
): string {
  const name = typeName(op.operationId);
  const where = `${op.method.toUpperCase()} ${op.path}`;
  const params = addParameterType(declarations, spec, op, 'path', 'Params', used) ?? 'Record<string, never>';
  const query = addParameterType(declarations, spec, op, 'query', 'Query', used) ?? 'Record<string, never>';
  const declaredHeaders = addParameterType(declarations, spec, op, 'header', 'Headers', used);
  const headers = [
    'RequestHeaders',
    ...(declaredHeaders ? [declaredHeaders] : []),
    ...(apiKeyHeader ? [`{ ${propertyKey(apiKeyHeader)}: string }`] : []),
  ].join(' & ');
  declarations.push(
    interfaceDeclaration({
      name: `${name}Input`,
      docs: `What the \`${op.operationId}\` handler receives (${where}).`,
      members: [
        propertySignature({ name: 'params', type: params }),
        propertySignature({ name: 'query', type: query }),
        propertySignature({ name: 'headers', type: headers }),
        propertySignature({ name: 'body', type: bodyType(op, used) }),
      ],
    }),
    typeAlias({
      name: `${name}Result`,
      docs: `What the \`${op.operationId}\` handler may answer: one of the documented status and body pairs.`,
      type: unionType(resultMembers(op, used)),
    }),
  );
  return propertySignature({
    name: op.operationId,
    docs: `${op.summary} (${where}).`,
    type: `(input: ${name}Input, context: ${context}) => ${name}Result | Promise<${name}Result>`,
  });
}

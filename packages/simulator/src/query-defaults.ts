/**
 * The query defaults of the spec, read from the bundled document, for calling the handlers in
 * process the way the route layer will: it fills in every query parameter that has a default.
 */
import { document } from '@eyeglass-jobs/spec';
import type { OperationName, ParametersIn, QueryInput } from './contract.js';

interface ParameterObject {
  name: string;
  in: string;
  schema?: { default?: unknown };
}

type Reference = { $ref: string };
type ParameterList = Array<ParameterObject | Reference>;

const spec = document as unknown as {
  paths: Record<string, Record<string, { operationId?: string; parameters?: ParameterList } | ParameterList>>;
  components: { parameters: Record<string, ParameterObject> };
};

function resolve(parameter: ParameterObject | Reference): ParameterObject {
  if (!('$ref' in parameter)) return parameter;
  const name = parameter.$ref.replace('#/components/parameters/', '');
  const resolved = spec.components.parameters[name];
  if (!resolved) throw new Error(`The spec has no parameter ${parameter.$ref}`);
  return resolved;
}

const defaultsByOperation = new Map<string, Record<string, unknown>>();
for (const pathItem of Object.values(spec.paths)) {
  const shared = (pathItem.parameters as ParameterList | undefined) ?? [];
  for (const operation of Object.values(pathItem)) {
    if (Array.isArray(operation) || !operation.operationId) continue;
    const defaults: Record<string, unknown> = {};
    for (const parameter of [...shared, ...(operation.parameters ?? [])].map(resolve)) {
      if (parameter.in === 'query' && parameter.schema && 'default' in parameter.schema)
        defaults[parameter.name] = parameter.schema.default;
    }
    defaultsByOperation.set(operation.operationId, defaults);
  }
}

/** The query parameters of an operation that have a default in the spec, with their defaults. */
export function queryDefaults(operationId: OperationName): Record<string, unknown> {
  const defaults = defaultsByOperation.get(operationId);
  if (!defaults) throw new Error(`The spec has no operation ${operationId}`);
  return { ...defaults };
}

/** A query as a client sends it, completed with the spec's defaults, as a handler receives it. */
export function withQueryDefaults<Op extends OperationName>(
  operationId: Op,
  query: ParametersIn<Op, 'query'>,
): QueryInput<Op> {
  // The spec's defaults cover exactly the parameters QueryInput makes required (a test checks it).
  return { ...queryDefaults(operationId), ...query } as unknown as QueryInput<Op>;
}

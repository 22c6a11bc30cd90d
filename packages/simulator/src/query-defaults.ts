/**
 * The query defaults of the spec, for calling the handlers in process the way the route layer
 * does: it fills in every query parameter that has a default.
 */
import { operations as specOperations } from '@eyeglass-jobs/spec';
import type { operations } from '@eyeglass-jobs/types';
import type { OperationName, QueryInput } from './contract.js';

const defaultsByOperation = new Map<string, Record<string, unknown>>(
  specOperations.map((op) => [
    op.operationId,
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'query' && 'default' in p.schema)
        .map((p) => [p.name, (p.schema as { default?: unknown }).default]),
    ),
  ]),
);

/** The query parameters of an operation that have a default in the spec, with their defaults. */
export function queryDefaults(operationId: OperationName): Record<string, unknown> {
  const defaults = defaultsByOperation.get(operationId);
  if (!defaults) throw new Error(`The spec has no operation ${operationId}`);
  return { ...defaults };
}

/** The query as a client sends it: parameters that have a default may be left out. */
export type ClientQuery<Op extends OperationName> = NonNullable<operations[Op]['parameters']['query']>;

/** A query as a client sends it, completed with the spec's defaults, as a handler receives it. */
export function withQueryDefaults<Op extends OperationName>(operationId: Op, query: ClientQuery<Op>): QueryInput<Op> {
  return { ...queryDefaults(operationId), ...query } as unknown as QueryInput<Op>;
}

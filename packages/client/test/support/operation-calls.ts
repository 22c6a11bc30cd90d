/**
 * Calls any operation of the spec through the client by its operationId, with arguments built from
 * the spec: path parameters first, then the query object, as the generated methods take them. Tests
 * that must cover every operation (or every unsafe one) iterate over the spec with this.
 */
import { basePath, document, type OperationId, operations } from '@eyeglass-jobs/spec';
import type { EyeglassClient, RequestOptions } from '../../src/index.js';

type Parameter = { name: string; in: string; required?: boolean; example?: unknown; schema?: { default?: unknown } };

/** Follows `$ref`s within the bundled spec to the object they name. */
export function resolveRef<T>(node: unknown): T {
  let current = node as { $ref?: string };
  while (current.$ref) {
    let target: unknown = document;
    for (const part of current.$ref.slice(2).split('/')) target = (target as Record<string, unknown>)[part];
    current = target as { $ref?: string };
  }
  return current as T;
}

const resolve = (node: unknown): Parameter => resolveRef<Parameter>(node);

export function parametersOf(operationId: OperationId): Parameter[] {
  const entry = operations.find((op) => op.operationId === operationId)!;
  const item = (document.paths as Record<string, Record<string, unknown>>)[entry.path]!;
  const own = ((item[entry.method.toLowerCase()] as { parameters?: unknown[] }).parameters ?? []).map(resolve);
  const shared = ((item.parameters as unknown[] | undefined) ?? []).map(resolve);
  return [...shared.filter((s) => !own.some((o) => o.name === s.name)), ...own];
}

/** The job id the calls built here put in their paths. */
export const callJobId = 'job-7d1c5b0e2a9f4c31';

/** The path a call built here is sent to, base path included, as a server sees it. */
export function sentPath(operationId: OperationId, jobId = callJobId): string {
  const entry = operations.find((op) => op.operationId === operationId)!;
  return basePath + entry.path.replace(/\{[^}]+\}/g, encodeURIComponent(jobId));
}

/** The arguments of a call: only the required query parameters, or all of them, set to the spec's examples. */
export function argumentsFor(operationId: OperationId, which: 'required' | 'all', jobId = callJobId): unknown[] {
  const parameters = parametersOf(operationId);
  const path = parameters.filter((p) => p.in === 'path').map(() => jobId);
  const query = parameters.filter((p) => p.in === 'query' && (which === 'all' || p.required));
  const hasQuery = parameters.some((p) => p.in === 'query');
  if (!hasQuery) return path;
  return [...path, Object.fromEntries(query.map((p) => [p.name, p.example]))];
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** Calls the client method of an operation. */
export function callOperation(
  eg: EyeglassClient,
  operationId: OperationId,
  which: 'required' | 'all' = 'required',
  options?: RequestOptions,
): Promise<unknown> {
  const entry = operations.find((op) => op.operationId === operationId)!;
  const group = (eg as unknown as Record<string, Record<string, AnyMethod>>)[entry.tag]!;
  const args = argumentsFor(operationId, which);
  return group[entry.clientMethod]!(...args, ...(options ? [options] : []));
}

/** The operations that are not safe to repeat: every one but GET. */
export const unsafeOperations = operations.filter((op) => !op.idempotent).map((op) => op.operationId);
export const safeOperations = operations.filter((op) => op.idempotent).map((op) => op.operationId);

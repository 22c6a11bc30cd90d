/**
 * The bundled spec as a typed constant with an index of its operations, so every package and test
 * imports one copy of it: the `@eyeglass-jobs/spec` package for the appliance's spec (with the
 * document as JSON too), and the simulator's control module for the control API's.
 */
import type { Generator } from '../pipeline/context.js';
import { GENERATED_NOTICE, tsHeader } from '../pipeline/header.js';
import { basePath, listOperations } from '../pipeline/operations.js';
import type { OpenApiDocument } from '../pipeline/spec-loader.js';
import { CONTROL_OUT } from './control-paths.js';

/** The module with the document, its base path, its operation index and the OperationId type. */
export function documentModule(spec: OpenApiDocument): string {
  const index = listOperations(spec).map((op) => ({
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    tag: op.tag,
    clientMethod: op.clientMethod,
    summary: op.summary,
    idempotent: op.idempotent,
    statuses: op.responses.map((r) => r.status),
    parameters: op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      deprecated: p.deprecated,
      schema: p.resolvedSchema,
    })),
    requestBody: op.requestBody
      ? { required: op.requestBody.required, contentTypes: Object.keys(op.requestBody.content) }
      : null,
    responses: Object.fromEntries(op.responses.map((r) => [r.status, r.schemaPointers])),
  }));
  return [
    tsHeader,
    '/** The bundled OpenAPI document. */',
    `export const document = ${JSON.stringify(spec, null, 2)} as const;`,
    '',
    '/** The path every operation is served under, taken from the first server URL. */',
    `export const basePath = ${JSON.stringify(basePath(spec))};`,
    '',
    '/** One entry per operation, in the order of the spec. */',
    `export const operations = ${JSON.stringify(index, null, 2)} as const;`,
    '',
    '/** The operationId of every operation. */',
    "export type OperationId = (typeof operations)[number]['operationId'];",
    '',
  ].join('\n');
}

export const specGenerator: Generator = {
  name: 'spec',
  owns: ['packages/spec/generated', 'packages/spec/src/generated'],
  run({ spec, emit }) {
    const json = JSON.stringify({ 'x-generated': GENERATED_NOTICE, ...spec }, null, 2);
    emit('packages/spec/generated/openapi.json', `${json}\n`);
    emit('packages/spec/src/generated/document.gen.ts', documentModule(spec));
  },
};

export const controlSpecGenerator: Generator = {
  name: 'control spec',
  document: 'control',
  owns: [CONTROL_OUT],
  run({ spec, emit }) {
    emit(`${CONTROL_OUT}/document.gen.ts`, documentModule(spec));
  },
};

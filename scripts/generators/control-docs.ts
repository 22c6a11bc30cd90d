/**
 * The control API's docs: a curl and a TypeScript sample for every operation (the TypeScript ones
 * also as files under the simulator's examples, so `pnpm typecheck` compiles them against the
 * testing helpers), and the spec with those samples as the docs package's source of its control
 * reference. The HTML page is not made here: the docs package's site build renders it into its
 * `site/control/`, which the simulator serves at `/control/docs/`.
 */
import { type CodeSample, SAMPLE_LANGUAGES } from '@eyeglass-jobs/docs/build';
import type { Generator } from '../pipeline/context.js';
import { tsHeader } from '../pipeline/header.js';
import { listOperations } from '../pipeline/operations.js';
import { CONTROL_DOCS_SOURCE } from './control-paths.js';
import { type CurlStyle, curlSample } from './docs/curl-sample.js';
import { type SampleArgument, type SampleRequest, sampleRequest } from './docs/sample-request.js';
import { tsLiteral } from './server/literal.js';

/** One file per operation with its TypeScript sample, type-checked with the examples. */
export const CONTROL_SAMPLES_DIR = 'packages/simulator/examples/control-api';

const CONTROL_CURL: CurlStyle = {
  urlVariable: 'EYEGLASS_SIM_CONTROL_URL',
  keyHeader: 'X-Control-Key',
  keyVariable: 'EYEGLASS_SIM_CONTROL_KEY',
};

function literal(value: SampleArgument['value']): string {
  if (typeof value !== 'string') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A JSON value as a TypeScript literal: single quotes, bare keys, wrapped when long. */
function jsonLiteral(value: unknown): string {
  return tsLiteral(value);
}

/** The sample calls the operation's method on `controlClient` of the testing helpers. */
export function controlTypescriptSample(request: SampleRequest): string {
  const { operation, result } = request;
  const args = request.pathArguments.map((a) => literal(a.value));
  if (request.body !== undefined) args.push(jsonLiteral(request.body));
  if (request.query.length > 0) {
    args.push(jsonLiteral(Object.fromEntries(request.query.map(({ name, value }) => [name, value]))));
  }
  const call = `await control.${operation.clientMethod}(${args.join(', ')})`;
  const lines = [
    "import { controlClient } from '@eyeglass-jobs/simulator/testing';",
    '',
    'const control = controlClient({',
    `  url: process.env.EYEGLASS_SIM_CONTROL_URL ?? ${literal(request.baseUrl)},`,
    "  key: process.env.EYEGLASS_SIM_CONTROL_KEY ?? '',",
    '});',
    '',
  ];
  if (result.media === 'none') lines.push(`${call};`);
  else lines.push(`const ${result.name} = ${call};`);
  if (result.media === 'json') lines.push(`console.log(JSON.stringify(${result.name}, null, 2));`);
  return lines.join('\n');
}

export const controlDocsGenerator: Generator = {
  name: 'control docs',
  document: 'control',
  owns: [CONTROL_SAMPLES_DIR],
  run({ spec, emit }) {
    const [curl, typescript] = SAMPLE_LANGUAGES;
    const samples: Record<string, CodeSample[]> = {};
    for (const operation of listOperations(spec)) {
      const request = sampleRequest(spec, operation);
      const tsSource = controlTypescriptSample(request);
      samples[operation.operationId] = [
        { ...curl, source: curlSample(request, CONTROL_CURL) },
        { ...typescript, source: tsSource },
      ];
      emit(`${CONTROL_SAMPLES_DIR}/${operation.operationId}.gen.ts`, `${tsHeader}${tsSource}\n`);
    }
    emit(
      CONTROL_DOCS_SOURCE,
      [
        tsHeader,
        "import type { CodeSample, OpenApiJson } from '../code-samples.js';",
        '',
        "/** The simulator's control API spec, bundled, as its reference offers it for download. */",
        `export const controlSpec: OpenApiJson = ${JSON.stringify(spec, null, 2)};`,
        '',
        '/** The `x-codeSamples` of every operation of the control API, by operationId. */',
        `export const controlCodeSamples: Record<string, readonly CodeSample[]> = ${JSON.stringify(samples, null, 2)};`,
        '',
      ].join('\n'),
    );
  },
};

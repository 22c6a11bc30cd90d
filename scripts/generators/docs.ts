/**
 * The `@eyeglass-jobs/docs` package's sources: a curl and a TypeScript sample for every operation
 * (the TypeScript ones also as files, so a test compiles them against the client). The HTML page
 * is not made here: the package's own build renders it from these samples into its site folder.
 */
import { type CodeSample, SAMPLE_LANGUAGES } from '@eyeglass-jobs/docs/build';
import type { Generator } from '../pipeline/context.js';
import { GENERATED_NOTICE, tsHeader } from '../pipeline/header.js';
import { listOperations } from '../pipeline/operations.js';
import { curlSample } from './docs/curl-sample.js';
import { sampleRequest } from './docs/sample-request.js';
import { typescriptSample } from './docs/typescript-sample.js';

const DOCS = 'packages/docs';
/** One file per operation with its TypeScript sample, type-checked against the client. */
export const SAMPLES_DIR = `${DOCS}/src/generated/samples`;

export const docsGenerator: Generator = {
  name: 'docs',
  owns: [`${DOCS}/src/generated`],
  run({ spec, emit }) {
    const [curl, typescript] = SAMPLE_LANGUAGES;
    const samples: Record<string, CodeSample[]> = {};
    for (const operation of listOperations(spec)) {
      const request = sampleRequest(spec, operation);
      const tsSource = typescriptSample(request);
      samples[operation.operationId] = [
        { ...curl, source: curlSample(request) },
        { ...typescript, source: tsSource },
      ];
      emit(`${SAMPLES_DIR}/${operation.operationId}.gen.ts`, `${tsHeader}${tsSource}\n`);
    }
    emit(
      `${DOCS}/src/generated/code-samples.gen.ts`,
      [
        tsHeader,
        "import type { CodeSample } from '../code-samples.js';",
        '',
        '/** The comment at the top of the built page. */',
        `export const docsPageNotice = ${JSON.stringify(GENERATED_NOTICE)};`,
        '',
        '/** The `x-codeSamples` of every operation, by operationId. */',
        `export const codeSamples: Record<string, readonly CodeSample[]> = ${JSON.stringify(samples, null, 2)};`,
        '',
      ].join('\n'),
    );
  },
};

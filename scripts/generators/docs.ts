/**
 * The `@eyeglass-jobs/docs` package: a curl and a TypeScript sample for every operation (the
 * TypeScript ones also as files, so a test compiles them against the client), and the offline
 * HTML reference Redocly builds from a docs-only copy of the spec. The page is a build output,
 * not committed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDocsPage, type CodeSample, SAMPLE_LANGUAGES, withCodeSamples } from '@eyeglass-jobs/docs/build';
import type { Generator } from '../pipeline/context.js';
import { GENERATED_NOTICE, tsHeader } from '../pipeline/header.js';
import { listOperations } from '../pipeline/operations.js';
import { curlSample } from './docs/curl-sample.js';
import { sampleRequest } from './docs/sample-request.js';
import { typescriptSample } from './docs/typescript-sample.js';

const DOCS = 'packages/docs';
/** Where the page is written: the folder `pnpm docs` publishes. `docsPagePath` is the same file. */
export const DOCS_PAGE = `${DOCS}/site/index.html`;
/** One file per operation with its TypeScript sample, type-checked against the client. */
export const SAMPLES_DIR = `${DOCS}/src/generated/samples`;

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export const docsGenerator: Generator = {
  name: 'docs',
  owns: [`${DOCS}/src/generated`, `${DOCS}/site`],
  async run({ spec, emit, paths }) {
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

    // Read and started synchronously, so Redocly builds the page while the other generators run.
    const previous = readIfPresent(path.join(paths.root, DOCS_PAGE));
    const html = await buildDocsPage(withCodeSamples(spec, samples), { notice: GENERATED_NOTICE, previous });
    emit(DOCS_PAGE, html, { committed: false });
  },
};

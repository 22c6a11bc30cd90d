/**
 * `@eyeglass-jobs/docs/build`: what builds the page from a spec and its samples, for the
 * generator that writes them. It imports nothing generated, so `pnpm generate` can load it when
 * the generated samples are missing or out of date.
 */
export { type CodeSample, type OpenApiJson, SAMPLE_LANGUAGES, withCodeSamples } from './code-samples.js';
export { buildDocsPage, docsPagePath, docsSiteDir } from './page.js';

/**
 * `@eyeglass-jobs/docs/build`: what the generator needs to write the package's samples. It
 * imports nothing generated, so `pnpm generate` can load it when the generated samples are
 * missing or out of date. The page itself is built by the package's own build, from its scripts.
 */
export { type CodeSample, type OpenApiJson, SAMPLE_LANGUAGES, withCodeSamples } from './code-samples.js';

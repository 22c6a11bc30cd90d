/**
 * `@eyeglass-jobs/docs`: the offline API reference of the Jobs v2 API, one self-contained HTML
 * page built by Redocly from the spec when the package is built, with curl and TypeScript
 * samples for every operation, and a `node:http` listener that serves it.
 */
import { document } from '@eyeglass-jobs/spec';
import { type CodeSample, type OpenApiJson, withCodeSamples } from './code-samples.js';
import { codeSamples } from './generated/code-samples.gen.js';

export { type CodeSample, type OpenApiJson, SAMPLE_LANGUAGES, withCodeSamples } from './code-samples.js';
export { codeSamples, docsPageNotice } from './generated/code-samples.gen.js';
export { controlCodeSamples, controlSpec } from './generated/control-reference.gen.js';
export { docsRequestListener, docsRoute } from './serve.js';
export {
  APPLIANCE_REFERENCE,
  CONTROL_REFERENCE,
  DocsPageNotBuiltError,
  docsPagePath,
  docsSiteDir,
  readDocsPage,
} from './site.js';

/** The bundled spec with the generated samples: what the page renders. */
export function docsDocument(): OpenApiJson {
  return withCodeSamples(document as unknown as OpenApiJson, codeSamples as Record<string, readonly CodeSample[]>);
}

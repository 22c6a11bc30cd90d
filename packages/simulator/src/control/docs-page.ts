/**
 * The control API's reference page, as the simulator serves it at `/control/docs/`: built by
 * Redocly from the control spec with its code samples (by `pnpm generate`, or on first request),
 * and kept in the package's `site/control/` folder.
 */
import { fileURLToPath } from 'node:url';
import { createPageReader, type OpenApiJson, withCodeSamples } from '@eyeglass-jobs/docs';
import { controlCodeSamples, controlDocsPageNotice } from './generated/code-samples.gen.js';
import { document } from './generated/document.gen.js';

/** Where the page is kept between builds. */
export const controlDocsPagePath: string = fileURLToPath(new URL('../../site/control/index.html', import.meta.url));

/** The HTML of the control API's reference page. */
export const readControlDocsPage: () => Promise<string> = createPageReader({
  document: () => withCodeSamples(document as unknown as OpenApiJson, controlCodeSamples),
  notice: controlDocsPageNotice,
  path: controlDocsPagePath,
});

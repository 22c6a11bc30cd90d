/**
 * `@eyeglass-jobs/docs`: the offline API reference of the Jobs v2 API, one self-contained HTML
 * page built by Redocly from the spec, with curl and TypeScript samples for every operation.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { document } from '@eyeglass-jobs/spec';
import { type CodeSample, type OpenApiJson, withCodeSamples } from './code-samples.js';
import { codeSamples, docsPageNotice } from './generated/code-samples.gen.js';
import { buildDocsPage, docsPagePath } from './page.js';

export { type CodeSample, type OpenApiJson, SAMPLE_LANGUAGES, withCodeSamples } from './code-samples.js';
export { codeSamples } from './generated/code-samples.gen.js';
export { buildDocsPage, docsPagePath, docsSiteDir, FAVICON, pageInfo, stampOf } from './page.js';
export { docsRequestListener, docsRoute } from './serve.js';

/** The bundled spec with the generated samples: what the page renders. */
export function docsDocument(): OpenApiJson {
  return withCodeSamples(document as unknown as OpenApiJson, codeSamples as Record<string, readonly CodeSample[]>);
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface PageReaderOptions {
  /** The docs-only document the page renders (with its code samples). */
  document: () => OpenApiJson;
  /** The comment at the top of the page. */
  notice: string;
  /** Where the page is kept between builds. */
  path: string;
}

/**
 * A function that answers the HTML of a docs page: the page kept at `path` when it was built from
 * the same inputs, otherwise a new build (about a second), kept for next time. Concurrent callers
 * share one build. A folder that cannot be written (an installed, read-only package) only means
 * the next start builds the page again.
 */
export function createPageReader(options: PageReaderOptions): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= (async () => {
      const previous = await readIfPresent(options.path);
      const html = await buildDocsPage(options.document(), { notice: options.notice, previous });
      if (html !== previous) {
        // Written aside and renamed, so a reader in another process never sees half a page.
        const partial = `${options.path}.${process.pid}.partial`;
        try {
          await mkdir(path.dirname(options.path), { recursive: true });
          await writeFile(partial, html);
          await rename(partial, options.path);
        } catch {
          await rm(partial, { force: true });
        }
      }
      return html;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/**
 * The HTML of the docs page, as served at `/sera/docs/`. The page on disk (`docsPagePath`) is
 * used when it was built from the current spec and samples; otherwise it is built and written
 * first (about a second). Concurrent callers share one build.
 */
export const readDocsPage: () => Promise<string> = createPageReader({
  document: docsDocument,
  notice: docsPageNotice,
  path: docsPagePath,
});

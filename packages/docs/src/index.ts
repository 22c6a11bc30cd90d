/**
 * `@eyeglass-jobs/docs`: the offline API reference of the Jobs v2 API, one self-contained HTML
 * page built by Redocly from the spec, with curl and TypeScript samples for every operation.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { document } from '@eyeglass-jobs/spec';
import { type CodeSample, type OpenApiJson, withCodeSamples } from './code-samples.js';
import { codeSamples, docsPageNotice } from './generated/code-samples.gen.js';
import { buildDocsPage, docsPagePath, docsSiteDir } from './page.js';

export { type CodeSample, SAMPLE_LANGUAGES, withCodeSamples } from './code-samples.js';
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

let pending: Promise<string> | undefined;

/**
 * The HTML of the docs page, as served at `/sera/docs/`. The page on disk (`docsPagePath`) is
 * used when it was built from the current spec and samples; otherwise it is built and written
 * first (about a second). Concurrent callers share one build.
 */
export function readDocsPage(): Promise<string> {
  pending ??= (async () => {
    const previous = await readIfPresent(docsPagePath);
    const html = await buildDocsPage(docsDocument(), { notice: docsPageNotice, previous });
    if (html !== previous) {
      // Written aside and renamed, so a reader in another process never sees half a page.
      await mkdir(docsSiteDir, { recursive: true });
      const partial = `${docsPagePath}.${process.pid}.partial`;
      await writeFile(partial, html);
      await rename(partial, docsPagePath);
    }
    return html;
  })().finally(() => {
    pending = undefined;
  });
  return pending;
}

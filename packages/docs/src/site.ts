/**
 * The built docs site inside this package, and the one way the runtime reads it. The site is
 * built when the package is built (`scripts/build-site.ts`); at run time it is only read, so an
 * install that nobody may write to serves it as well as a clone does.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The static site: `index.html` lists the API references, one folder each. */
export const docsSiteDir: string = fileURLToPath(new URL('../site/', import.meta.url));

/** The folder of the appliance's Jobs v2 reference inside the site. */
export const APPLIANCE_REFERENCE = 'appliance';

/** The folder of the simulator's control API reference inside the site. */
export const CONTROL_REFERENCE = 'control';

/** The appliance's API reference page, which the simulator serves at `/sera/docs/`. */
export const docsPagePath: string = path.join(docsSiteDir, APPLIANCE_REFERENCE, 'index.html');

/** The docs page has not been built: a workspace checkout before `pnpm build`. */
export class DocsPageNotBuiltError extends Error {
  readonly code = 'EYEGLASS_DOCS_NOT_BUILT';

  constructor(readonly file: string) {
    super(
      `The API reference is not built: ${file} is missing. ` +
        'In the eyeglass-jobs repository, run `pnpm run docs` (or `pnpm build`).',
    );
    this.name = 'DocsPageNotBuiltError';
  }
}

/**
 * The HTML of the reference page in `folder` of the site (`APPLIANCE_REFERENCE` by default, as
 * served at `/sera/docs/`; `CONTROL_REFERENCE` is served at `/control/docs/`). It reads the page
 * the build put in the site folder, and never writes anything.
 */
export async function readDocsPage(
  siteDir: string = docsSiteDir,
  folder: string = APPLIANCE_REFERENCE,
): Promise<string> {
  const file = path.join(siteDir, folder, 'index.html');
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DocsPageNotBuiltError(file);
    throw error;
  }
}

/**
 * The control API's reference page, as the simulator serves it at `/control/docs/`: the docs
 * package's site build renders it from the control spec and its code samples, and the simulator
 * only reads it.
 */
import { CONTROL_REFERENCE, docsSiteDir, readDocsPage } from '@eyeglass-jobs/docs';

/** The HTML of the control API's reference page; rejects with `DocsPageNotBuiltError` before a build. */
export function readControlDocsPage(): Promise<string> {
  return readDocsPage(docsSiteDir, CONTROL_REFERENCE);
}

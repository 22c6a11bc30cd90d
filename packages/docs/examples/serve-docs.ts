/**
 * Serves the API reference at http://127.0.0.1:8080/sera/docs/, as the appliance and the
 * simulator do. Run from the repository root:
 *   node --conditions=@eyeglass-jobs/source --import tsx packages/docs/examples/serve-docs.ts
 */
import { createServer } from 'node:http';
import { docsRequestListener, docsRoute, readDocsPage } from '@eyeglass-jobs/docs';

createServer(docsRequestListener(readDocsPage)).listen(8080, '127.0.0.1', () => {
  console.log(`docs at http://127.0.0.1:8080${docsRoute}`);
});

/**
 * `pnpm docs`: regenerates everything from the spec, which builds the offline API reference into
 * packages/docs/site/, the folder to publish as a static site, and reports its size.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DOCS_PAGE } from './generators/docs.js';
import { generators } from './generators/index.js';
import { projectPaths } from './pipeline/paths.js';
import { runPipeline } from './pipeline/run.js';
import { SpecError } from './pipeline/spec-loader.js';

const paths = projectPaths();
try {
  const { timings, changes } = await runPipeline({ paths, generators, mode: 'write' });
  const { size } = await stat(path.join(paths.root, DOCS_PAGE));
  const built = changes.some((c) => c.path === DOCS_PAGE) ? 'built' : 'unchanged';
  const ms = timings.find((t) => t.step === 'docs')?.ms ?? 0;
  console.log(`docs: ${path.dirname(DOCS_PAGE)}/ is ready to publish`);
  console.log(`  index.html  ${(size / 1024 / 1024).toFixed(2)} MB, ${built} in ${ms.toFixed(0)} ms, self-contained`);
} catch (error) {
  console.error(`docs: stopped; ${error instanceof SpecError ? error.message : String(error)}`);
  process.exitCode = 1;
}

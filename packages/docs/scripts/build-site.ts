/**
 * `pnpm run docs` (and the package's build): builds the static site into site/, ready to copy to
 * any static host, and lists its files.
 */
import path from 'node:path';
import { docsSiteDir } from '../src/site.js';
import { buildDocsSite } from './site.js';

const start = performance.now();
try {
  const files = await buildDocsSite();
  const elapsed = performance.now() - start;
  // pnpm runs this in the package folder; the path is shown from where the command was typed.
  const shown = path.relative(process.env.INIT_CWD ?? process.cwd(), docsSiteDir) || '.';
  console.log(`docs: ${shown}/ is ready to host (${elapsed.toFixed(0)} ms)`);
  const width = Math.max(...files.map((file) => file.path.length));
  for (const file of files) {
    const size =
      file.bytes >= 1024 * 1024
        ? `${(file.bytes / 1024 / 1024).toFixed(2)} MB`
        : `${(file.bytes / 1024).toFixed(1)} kB`;
    console.log(`  ${file.path.padEnd(width)}  ${size.padStart(9)}  ${file.unchanged ? 'unchanged' : 'built'}`);
  }
} catch (error) {
  console.error(`docs: the site was not built; ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

/**
 * `pnpm --filter @eyeglass-jobs/client size`: prints the minified and gzipped size of a typical
 * browser app using createEyeglassClient and waitFor, openapi-fetch included, and fails over budget.
 */
import { bundleApp, SIZE_BUDGET_BYTES } from './bundle-app.js';

const report = await bundleApp();
const kB = (bytes: number): string => `${(bytes / 1024).toFixed(2)} kB`;
console.log('app with createEyeglassClient + failover.launch + failover.waitFor (esbuild, browser, minified):');
for (const [name, bytes] of Object.entries(report.bytesByPart).sort((a, b) => b[1] - a[1])) {
  console.log(`  ${name.padEnd(28)} ${kB(bytes).padStart(9)} minified`);
}
console.log(`  ${'total'.padEnd(28)} ${kB(report.minifiedBytes).padStart(9)} minified`);
console.log(
  `  ${'total, gzip -9'.padEnd(28)} ${kB(report.gzippedBytes).padStart(9)} (budget ${kB(SIZE_BUDGET_BYTES)})`,
);
if (report.gzippedBytes > SIZE_BUDGET_BYTES) {
  console.error('over budget');
  process.exitCode = 1;
}

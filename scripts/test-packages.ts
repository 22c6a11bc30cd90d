/**
 * `pnpm test:packages`: the published packages, tried as a user of the registry would. Builds and
 * packs every public package, lints each tarball, installs them all with npm --engine-strict into
 * a fresh project outside the workspace beside the app's own fastify, type-checks a TypeScript
 * consumer, and runs the commands, the client and the server plugin from that install.
 *   --keep   keep the temporary folder and print where it is
 */
import { parseArgs } from 'node:util';
import { runPackageChecks } from './packages/run.js';
import { projectPaths } from './pipeline/paths.js';

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
const result = await runPackageChecks({ root: projectPaths().root, keep: values.keep });
console.log(`packages: ${result.passed} passed, ${result.failed} failed (${(result.elapsedMs / 1000).toFixed(0)} s)`);
process.exitCode = result.failed > 0 ? 1 : 0;

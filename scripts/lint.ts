/**
 * `pnpm lint`: the lint of every spec (redocly.yaml's rules, warnings count as failures), Biome's
 * lint and format check of the TypeScript, and the dependency rules: dependency-cruiser's rules in
 * .dependency-cruiser.json (no cycle, no relative import into another package, no upward import
 * between layers) and no path built at run time into another package. All must report zero problems.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dependencyProblems } from './lint/dependencies.js';
import { findPathReaches } from './lint/package-paths.js';
import { projectPaths } from './pipeline/paths.js';
import { loadSpec, SpecError } from './pipeline/spec-loader.js';

const paths = projectPaths();
let failed = false;

for (const document of paths.documents) {
  try {
    const { warnings, files } = await loadSpec(paths, document);
    for (const w of warnings) console.error(`${w.file}:${w.line}:${w.column} warn [${w.rule}] ${w.message}`);
    if (warnings.length > 0) failed = true;
    console.log(`spec ${document.api}: ${files.length} files, ${warnings.length} warnings, 0 errors`);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(`spec ${document.api}: ${error.message}`);
    failed = true;
  }
}

const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const result = spawnSync(process.execPath, [biome, 'check', '--error-on-warnings', '.'], {
  cwd: paths.root,
  stdio: 'inherit',
});
if (result.status !== 0) failed = true;

const dependencies = await dependencyProblems(paths.root);
const reaches = await findPathReaches(paths.root);
for (const problem of dependencies.problems) console.error(`  error ${problem}`);
for (const reach of reaches) {
  console.error(`  error path-into-another-package: ${reach.file}:${reach.line} '${reach.written}' is ${reach.target}`);
}
if (dependencies.problems.length > 0 || reaches.length > 0) failed = true;
console.log(
  `dependencies: ${dependencies.modules} modules, ${dependencies.problems.length} broken rules, ${reaches.length} paths into another package`,
);

process.exitCode = failed ? 1 : 0;

/**
 * `pnpm spec:diff [base]`: lists every change of the spec since the base (the last release tag,
 * or the previous commit before the first release) as breaking or not, and fails on a breaking
 * change that no pending major changeset announces.
 */
import { projectPaths } from './pipeline/paths.js';
import { SpecError } from './pipeline/spec-loader.js';
import { runSpecDiff } from './spec-diff/gate.js';

try {
  process.exitCode = await runSpecDiff({ root: projectPaths().root, base: process.argv[2] });
} catch (error) {
  console.error(`spec:diff: ${error instanceof SpecError || error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

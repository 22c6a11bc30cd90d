/**
 * The gate: a breaking change to the spec needs a pending `major` changeset for the spec package
 * (the public packages are versioned together, so all of them go to the next major).
 */
import { projectPaths } from '../pipeline/paths.js';
import { loadSpec } from '../pipeline/spec-loader.js';
import { plannedBump, releasePlan } from '../release/changesets.js';
import { fileAt, releaseBase } from '../release/git.js';
import { diffSpecs, formatDiff } from './diff.js';
import type { Json } from './fields.js';

/** The bundled spec as committed: what each release shipped. */
export const BUNDLED_SPEC = 'packages/spec/generated/openapi.json';
export const SPEC_PACKAGE = '@eyeglass-jobs/spec';

export interface GateOptions {
  root: string;
  /** A commit or tag; the last release, or the previous commit, by default. */
  base?: string;
  log?: (line: string) => void;
}

/** Runs the gate; resolves with the exit code. */
export async function runSpecDiff({ root, base: given, log = console.log }: GateOptions): Promise<number> {
  const base = releaseBase(root, given);
  if (!base) {
    log('spec:diff: the first commit; nothing to compare with');
    return 0;
  }
  const committed = fileAt(root, base.ref, BUNDLED_SPEC);
  if (committed === undefined) throw new Error(`${base.ref} has no ${BUNDLED_SPEC} to compare with`);
  const before = JSON.parse(committed) as Json;
  const after = (await loadSpec(projectPaths(root))).document as Json;
  const diff = diffSpecs(before, after);
  log(`spec:diff: the spec in openapi/ against ${BUNDLED_SPEC} at ${base.ref} (${base.why})`);
  for (const line of formatDiff(diff)) log(line);
  if (!diff.breaking) {
    log('spec:diff: not breaking');
    return 0;
  }
  const bump = plannedBump(await releasePlan(root), SPEC_PACKAGE);
  if (bump === 'major') {
    log(`spec:diff: breaking, and the pending changesets make the next release a major one: ok`);
    return 0;
  }
  log(
    `spec:diff: BREAKING, but the pending changesets give ${SPEC_PACKAGE} ${bump === 'none' ? 'no release' : `a ${bump} release`}. ` +
      `Add a major changeset (\`pnpm changeset\`, choose major for ${SPEC_PACKAGE}) that says what breaks and what users change, or undo the change.`,
  );
  return 1;
}

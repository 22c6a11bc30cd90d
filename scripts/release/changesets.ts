/**
 * The pending changesets and the release they plan, read with changesets' own planner, so the
 * checks agree with what `changeset version` will do (the fixed group included).
 */
import getReleasePlan from '@changesets/get-release-plan';
import type { ReleasePlan } from '@changesets/types';

export async function releasePlan(root: string): Promise<ReleasePlan> {
  return getReleasePlan(root);
}

/** The bump the plan gives a package: none, patch, minor or major. */
export function plannedBump(plan: ReleasePlan, name: string): string {
  return plan.releases.find((release) => release.name === name)?.type ?? 'none';
}

/**
 * What the release checks compare with: the last release, or the previous commit before there is
 * one. A release is tagged by `changeset tag` as `@eyeglass-jobs/spec@<version>` (the packages are
 * versioned together, so the spec's tag marks them all).
 */
import { execFileSync } from 'node:child_process';

export const RELEASE_TAG_PATTERN = '@eyeglass-jobs/spec@*';

function git(root: string, args: readonly string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function tryGit(root: string, args: readonly string[]): string | undefined {
  try {
    return git(root, args);
  } catch {
    return undefined;
  }
}

export interface Base {
  /** What to hand git: a tag or a commit. */
  ref: string;
  /** How it was chosen, for the report. */
  why: string;
}

/**
 * The base to compare with: `given` when there is one, else the last release tag reachable from
 * HEAD, else the previous commit. Undefined on the first commit, where nothing came before.
 */
export function releaseBase(root: string, given?: string): Base | undefined {
  if (given) {
    if (tryGit(root, ['rev-parse', '--verify', '--quiet', `${given}^{commit}`]) === undefined) {
      throw new Error(`${given} is not a commit or tag of this repository`);
    }
    return { ref: given, why: 'given' };
  }
  const tag = tryGit(root, ['describe', '--tags', '--abbrev=0', '--match', RELEASE_TAG_PATTERN, 'HEAD']);
  if (tag) return { ref: tag, why: 'the last release' };
  if (tryGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD~1^{commit}']) !== undefined) {
    return { ref: 'HEAD~1', why: 'the previous commit; no release yet' };
  }
  if (tryGit(root, ['rev-parse', '--is-shallow-repository']) === 'true') {
    throw new Error('this clone is shallow and has no previous commit: fetch more history (git fetch --unshallow)');
  }
  return undefined;
}

/** The files that differ from the base in the working tree, untracked ones included, from the root. */
export function changedFiles(root: string, base: string): string[] {
  const changed = git(root, ['diff', '--name-only', '--no-renames', base, '--']).split('\n');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard']).split('\n');
  return [...new Set([...changed, ...untracked].filter(Boolean))].sort();
}

/** A file as it was at the base, or undefined when it did not exist there. */
export function fileAt(root: string, base: string, file: string): string | undefined {
  return tryGit(root, ['show', `${base}:${file}`]);
}

/**
 * `pnpm changeset:check [base]`: fails when a public package's published files changed since the
 * base (the last release, or the previous commit) and no pending changeset names it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPaths } from './pipeline/paths.js';
import { releasePlan } from './release/changesets.js';
import { changedPackages, uncovered } from './release/coverage.js';
import { releaseBase } from './release/git.js';

const root = projectPaths().root;
try {
  const base = releaseBase(root, process.argv[2]);
  if (!base) {
    console.log('changeset:check: the first commit; nothing to compare with');
  } else {
    const changes = changedPackages(root, base.ref, (file) => readFileSync(path.join(root, file), 'utf8'));
    const missing = uncovered(changes, await releasePlan(root));
    console.log(`changeset:check: since ${base.ref} (${base.why}), public packages changed: ${changes.length}`);
    for (const change of changes) {
      console.log(
        `  ${missing.includes(change) ? 'MISSING' : 'ok     '} ${change.name} (${change.files.length} files)`,
      );
    }
    if (missing.length > 0) {
      console.error(
        `changeset:check: no pending changeset names ${missing.map((change) => change.name).join(', ')}; ` +
          'run `pnpm changeset` and describe the change for their changelogs',
      );
      for (const change of missing) for (const file of change.files.slice(0, 5)) console.error(`  ${file}`);
      process.exitCode = 1;
    }
  }
} catch (error) {
  console.error(`changeset:check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

/**
 * `pnpm release [--dry-run]`: versions the public packages from the pending changesets (one
 * version for all, `changeset version`), writes their CHANGELOGs, builds, packs and checks them
 * (`pnpm test:packages`), publishes exactly the tarballs that were checked, in dependency order,
 * then commits and tags the release.
 *
 * `--dry-run` does all of it in a copy of the working tree and publishes with `npm publish
 * --dry-run`: it shows the versions, the changelogs and what would be published, and changes
 * nothing here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { run, runOrThrow } from './packages/processes.js';
import { runPackageChecks } from './packages/run.js';
import { publicPackages } from './packages/workspace.js';
import { projectPaths } from './pipeline/paths.js';
import { releasePlan } from './release/changesets.js';
import { type WorkingCopy, workingCopy } from './release/working-copy.js';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const dryRun = values['dry-run'];
const root = projectPaths().root;
const log = (line: string) => console.log(line);

/** The section of a CHANGELOG.md for one version. */
function changelogSection(file: string, version: string): string {
  if (!existsSync(file)) return '(no CHANGELOG.md)';
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`## ${version}\n`);
  if (start < 0) return `(no section for ${version})`;
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start, next < 0 ? undefined : next).trim();
}

async function release(): Promise<number> {
  const publicNames = new Set(publicPackages(root).map((pkg) => pkg.name));
  const planned = (await releasePlan(root)).releases.filter((r) => r.type !== 'none' && publicNames.has(r.name));
  if (planned.length === 0) {
    log('release: no pending changesets name a public package; nothing to release');
    return 0;
  }
  if (!dryRun) {
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim();
    if (dirty) throw new Error(`commit or stash your changes first; the release commits its own:\n${dirty}`);
  }

  log(`release${dryRun ? ' (dry run, in a copy of the working tree)' : ''}: ${planned.length} packages`);
  let copy: WorkingCopy | undefined;
  const tarballs = mkdtempSync(path.join(tmpdir(), 'eyeglass-release-tarballs-'));
  try {
    copy = dryRun ? await workingCopy(root) : undefined;
    const work = copy?.root ?? root;
    const changeset = path.join(work, 'node_modules', '.bin', 'changeset');
    await runOrThrow(changeset, ['version'], { cwd: work });

    const versions = new Map(publicPackages(work).map((pkg) => [pkg.name, pkg]));
    for (const entry of planned) {
      const pkg = versions.get(entry.name)!;
      log(`\n${entry.name}  ${entry.oldVersion} → ${pkg.manifest.version} (${entry.type})`);
      const section = changelogSection(path.join(pkg.dir, 'CHANGELOG.md'), pkg.manifest.version);
      for (const line of section.split('\n')) log(`  | ${line}`);
    }

    log('\nrelease: building, packing and checking what would be published');
    const checked = await runPackageChecks({ root: work, tarballsOut: tarballs });
    log(`release: checks ${checked.passed} passed, ${checked.failed} failed`);
    if (checked.failed > 0) throw new Error('the packages did not pass their checks; nothing was published');

    log(`\nrelease: publishing${dryRun ? ' (npm publish --dry-run)' : ''}, in dependency order`);
    for (const { pkg, tarball } of checked.tarballs) {
      const file = path.join(tarballs, path.basename(tarball));
      const args = ['publish', file, '--access', 'public', ...(dryRun ? ['--dry-run'] : [])];
      const published = await run('npm', args, { cwd: work, timeoutMs: 300_000 });
      const summary = `${published.stdout}${published.stderr}`
        .split('\n')
        .filter((line) => /^\+ |package size|unpacked size|total files/.test(line.replace(/^npm notice /, '')))
        .map((line) => line.replace(/^npm notice /, ''));
      if (published.code !== 0)
        throw new Error(`npm ${args.join(' ')} failed:\n${published.stdout}${published.stderr}`);
      log(`  ${pkg.name}@${versions.get(pkg.name)!.manifest.version}: ${summary.join('; ')}`);
    }

    if (dryRun) {
      log('\nrelease: dry run done; nothing was published, and this checkout is unchanged');
    } else {
      const version = versions.get('@eyeglass-jobs/spec')!.manifest.version;
      execFileSync('git', ['add', '--all'], { cwd: root });
      execFileSync('git', ['commit', '-q', '-m', `Release ${version}`], { cwd: root });
      await runOrThrow(changeset, ['tag'], { cwd: root });
      log(`\nrelease: ${version} published, committed and tagged; push it with \`git push --follow-tags\``);
    }
    return 0;
  } finally {
    copy?.remove();
    rmSync(tarballs, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await release();
} catch (error) {
  console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

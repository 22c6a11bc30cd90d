/**
 * Our own rules for a packed tarball, beside publint and arethetypeswrong: what a user of the
 * registry needs and the linters do not look for. Each rule returns the problems it found.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Manifest } from './workspace.js';

export interface Unpacked {
  /** The folder the tarball's `package/` was extracted to. */
  dir: string;
  manifest: Manifest;
  /** Every file in the tarball, relative to `package/`, with forward slashes. */
  files: string[];
}

const INTERNAL = /^@eyeglass-jobs\//;
const METADATA = ['description', 'keywords', 'license', 'repository', 'homepage', 'bugs', 'engines'] as const;

/** Every file an `exports` or `bin` entry points at, with the entry that names it. */
function entryTargets(manifest: Manifest): Array<[entry: string, file: string]> {
  const targets: Array<[string, string]> = [];
  const walk = (entry: string, value: unknown): void => {
    if (typeof value === 'string') targets.push([entry, value]);
    else if (value && typeof value === 'object') {
      for (const [condition, inner] of Object.entries(value)) walk(`${entry} ${condition}`, inner);
    }
  };
  walk('exports', manifest.exports);
  walk('bin', manifest.bin);
  if (typeof manifest.types === 'string') targets.push(['types', manifest.types]);
  return targets;
}

export function manifestProblems({ manifest, files }: Unpacked): string[] {
  const problems: string[] = [];
  for (const field of METADATA) if (manifest[field] === undefined) problems.push(`package.json has no ${field}`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'] as const) {
    for (const [name, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
      if (range.startsWith('workspace:')) problems.push(`${field}.${name} is still ${range}`);
      else if (INTERNAL.test(name) && field !== 'devDependencies' && !/^\^\d+\.\d+\.\d+$/.test(range)) {
        problems.push(`${field}.${name} is ${range}, not a caret range`);
      }
    }
  }
  if (JSON.stringify(manifest.exports ?? {}).includes('@eyeglass-jobs/source')) {
    problems.push('exports still carry the workspace source condition');
  }
  for (const [entry, file] of entryTargets(manifest)) {
    if (!files.includes(path.posix.normalize(file)))
      problems.push(`${entry} points at ${file}, which is not in the tarball`);
  }
  if (files.some((file) => /(^|\/)test\//.test(file) || /\.test\.[jt]s$/.test(file)))
    problems.push('tests are shipped');
  return problems;
}

export function licenseProblems({ files, dir }: Unpacked, rootLicense: string): string[] {
  if (!files.includes('LICENSE')) return ['no LICENSE file'];
  return readFileSync(path.join(dir, 'LICENSE'), 'utf8') === rootLicense
    ? []
    : ['LICENSE differs from the repository LICENSE'];
}

/** The README must read well on the registry: an install line, no workspace commands, no dead links. */
export function readmeProblems({ manifest, files, dir }: Unpacked): string[] {
  if (!files.includes('README.md')) return ['no README.md'];
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  const problems: string[] = [];
  if (!readme.includes(`npm install ${manifest.name}`) && !readme.includes(`npm install --save-dev ${manifest.name}`)) {
    problems.push(`README has no \`npm install ${manifest.name}\` line`);
  }
  if (/pnpm --filter|pnpm -F /.test(readme)) problems.push('README uses workspace commands (pnpm --filter)');
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^(https?:|mailto:|#)/.test(target!)) continue;
    const file = path.posix.normalize(target!.split('#')[0]!.replace(/^\.\//, ''));
    const shipped = files.includes(file) || files.some((f) => f.startsWith(`${file.replace(/\/$/, '')}/`));
    if (!shipped) problems.push(`README links to ${target}, which is not in the tarball`);
  }
  return problems;
}

/**
 * Compiled files whose source is not shipped beside them: left over from a source that was
 * deleted, which a build that does not clean `dist/` would ship.
 */
export function staleOutputs({ files }: Unpacked): string[] {
  const sources = new Set(files.filter((file) => file.startsWith('src/')).map((file) => file.replace(/\.ts$/, '')));
  return files
    .filter((file) => file.startsWith('dist/'))
    .sort()
    .filter((file) => !sources.has(`src/${file.slice('dist/'.length).replace(/\.(d\.ts|js)(\.map)?$/, '')}`))
    .map((file) => `${file} has no source in src/: a stale build output`);
}

/** Files a package must ship beyond its entry points. */
export function expectedFiles(manifest: Manifest): string[] {
  return manifest.name === '@eyeglass-jobs/docs'
    ? ['site/index.html', 'site/appliance/index.html', 'site/control/index.html']
    : [];
}

export function missingFiles({ manifest, files }: Unpacked): string[] {
  return expectedFiles(manifest)
    .filter((file) => !files.includes(file))
    .map((file) => `${file} is not in the tarball`);
}

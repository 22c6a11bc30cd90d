/**
 * The consumer project: a fresh folder outside the workspace, with the tarballs installed by npm
 * under `--engine-strict`, next to a fastify of the app's own, and the TypeScript sources of
 * ./consumer/ copied in. The install can then be made read-only, and commands run in it as a
 * user who may not write there.
 */
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Packed } from './pack.js';
import { runOrThrow } from './processes.js';
import type { Manifest } from './workspace.js';

const require = createRequire(import.meta.url);
const sources = fileURLToPath(new URL('./consumer/', import.meta.url));
/** The uid and gid a root run drops to, so that the install is really read-only to the commands. */
const NOBODY = 65_534;

/** The packages the consumer adds of its own, beside the tarballs. */
export interface ConsumerOptions {
  /** The fastify version of the app: the floor of the server's peer range. */
  fastify: string;
  /** The @types/node of the app. */
  typesNode: string;
}

export interface Consumer {
  dir: string;
  /** Where commands that keep files (the simulator's database) run: the one writable place. */
  workDir: string;
  nodeModules: string;
  /** A command and its arguments, run as a user who cannot write the install when this run is root. */
  asReader(command: string, args: readonly string[]): [string, string[]];
}

export async function createConsumer(
  root: string,
  packed: readonly Packed[],
  options: ConsumerOptions,
): Promise<Consumer> {
  const dir = path.join(root, 'consumer');
  mkdirSync(dir, { recursive: true });
  cpSync(sources, dir, { recursive: true, filter: (from) => path.basename(from) !== 'README.md' });
  const dependencies: Record<string, string> = { fastify: options.fastify };
  for (const { pkg, tarball } of packed) dependencies[pkg.name] = `file:${tarball}`;
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'eyeglass-consumer',
        private: true,
        type: 'module',
        dependencies,
        devDependencies: { '@types/node': options.typesNode },
      },
      null,
      2,
    )}\n`,
  );
  const workDir = path.join(root, 'work');
  mkdirSync(workDir);
  const asRoot = process.getuid?.() === 0;
  for (const folder of [root, dir]) chmodSync(folder, 0o755);
  chmodSync(workDir, 0o777);
  return {
    dir,
    workDir,
    nodeModules: path.join(dir, 'node_modules'),
    asReader: (command, args) =>
      asRoot
        ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', command, ...args]]
        : [command, [...args]],
  };
}

/** `npm install` as a user would run it; install scripts are run by `rebuildNativeAddons` instead. */
export async function installConsumer(consumer: Consumer): Promise<void> {
  await runOrThrow(
    'npm',
    [
      'install',
      '--engine-strict',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
    ],
    { cwd: consumer.dir, timeoutMs: 600_000, env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
}

function installedManifests(nodeModules: string): Array<{ dir: string; manifest: Manifest }> {
  const found: Array<{ dir: string; manifest: Manifest }> = [];
  const visit = (folder: string): void => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === '.bin') continue;
      const dir = path.join(folder, entry.name);
      if (entry.name.startsWith('@')) {
        visit(dir);
        continue;
      }
      const file = path.join(dir, 'package.json');
      if (existsSync(file)) found.push({ dir, manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest });
      visit(path.join(dir, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found;
}

/** The installed packages that would have run something at install: an install script, or a node-gyp build. */
export function packagesWithInstallSteps(consumer: Consumer): string[] {
  return installedManifests(consumer.nodeModules)
    .filter(({ dir, manifest }) => {
      const scripts = (manifest.scripts ?? {}) as Record<string, string>;
      return (
        ['preinstall', 'install', 'postinstall'].some((hook) => hook in scripts) ||
        existsSync(path.join(dir, 'binding.gyp'))
      );
    })
    .map(({ manifest }) => `${manifest.name}@${manifest.version}`)
    .sort();
}

/** Every installed copy of a package, as `version at folder`. */
export function installedCopies(consumer: Consumer, name: string): string[] {
  return installedManifests(consumer.nodeModules)
    .filter(({ manifest }) => manifest.name === name)
    .map(({ dir, manifest }) => `${manifest.version} at ${path.relative(consumer.dir, dir)}`);
}

/**
 * better-sqlite3 compiles from source on install (more than a minute on two cores). The workspace
 * has the same version built for this Node, so its addon is copied in: the one install step
 * skipped by `--ignore-scripts`, done with the workspace's output.
 */
export function rebuildNativeAddons(consumer: Consumer, workspacePackage: string): string {
  const from = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [workspacePackage] }));
  const to = path.join(consumer.nodeModules, 'better-sqlite3');
  const wanted = (JSON.parse(readFileSync(path.join(to, 'package.json'), 'utf8')) as Manifest).version;
  const built = (JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')) as Manifest).version;
  if (wanted !== built) throw new Error(`the consumer has better-sqlite3 ${wanted}, the workspace built ${built}`);
  const addon = path.join('build', 'Release', 'better_sqlite3.node');
  mkdirSync(path.dirname(path.join(to, addon)), { recursive: true });
  copyFileSync(path.join(from, addon), path.join(to, addon));
  return `better-sqlite3@${wanted}`;
}

/** A listing of every file under a folder with its size and modification time, to tell whether anything wrote there. */
export function snapshot(folder: string): string {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
    .map((file) => {
      const stat = statSync(file);
      return `${path.relative(folder, file)} ${stat.size} ${stat.mtimeMs}`;
    })
    .join('\n');
}

/** Takes (or gives back) the write permission on every file and folder of the install. */
export function setWritable(folder: string, writable: boolean): void {
  const entries = readdirSync(folder, { withFileTypes: true, recursive: true });
  for (const entry of [...entries].reverse()) {
    if (entry.isSymbolicLink()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const mode = statSync(file).mode & 0o7777;
    chmodSync(file, writable ? mode | 0o200 : mode & ~0o222);
  }
  const mode = statSync(folder).mode & 0o7777;
  chmodSync(folder, writable ? mode | 0o200 : mode & ~0o222);
}

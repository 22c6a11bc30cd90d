/**
 * The package checks, step by step: each step is reported as it ends, with its time, and the run
 * ends with one `N passed, N failed` line. A step that fails stops the steps that need it.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binChecks } from './bins.js';
import {
  type Consumer,
  createConsumer,
  installConsumer,
  installedCopies,
  packagesWithInstallSteps,
  rebuildNativeAddons,
  setWritable,
  snapshot,
} from './consumer.js';
import { attwProblems, publintProblems, ruleProblems, unpack } from './lint-tarballs.js';
import { type Packed, packAll } from './pack.js';
import { inPairs, run } from './processes.js';
import { publicPackages, type WorkspacePackage } from './workspace.js';

const require = createRequire(import.meta.url);
const tscBin = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');

export interface PackageCheckOptions {
  root: string;
  /** Keep the temporary folder, for a look. */
  keep?: boolean;
  /** Copy the checked tarballs here, for publishing exactly what was checked. */
  tarballsOut?: string;
  /** Where the report goes; stdout by default. */
  log?: (line: string) => void;
}

export interface PackageCheckResult {
  passed: number;
  failed: number;
  tarballs: Packed[];
  elapsedMs: number;
}

class Steps {
  passed = 0;
  failed = 0;
  constructor(private readonly log: (line: string) => void) {}

  /** Runs one step; resolves with its value, or undefined when it failed. */
  async step<T>(name: string, work: () => Promise<T> | T, describe?: (value: T) => string): Promise<T | undefined> {
    const started = performance.now();
    try {
      const value = await work();
      const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
      const detail = describe ? `  ${describe(value)}` : '';
      this.log(`  ok    ${seconds} s  ${name}${detail}`);
      this.passed++;
      return value;
    } catch (error) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
      this.log(`  FAIL  ${seconds} s  ${name}`);
      for (const line of (error instanceof Error ? error.message : String(error)).split('\n'))
        this.log(`          ${line}`);
      this.failed++;
      return undefined;
    }
  }

  skip(name: string, why: string): void {
    this.log(`  FAIL   skip    ${name} (${why})`);
    this.failed++;
  }
}

/** A promise awaited later, by its step: a failure meanwhile is not an unhandled rejection. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function problems(list: string[]): void {
  if (list.length > 0) throw new Error(list.join('\n'));
}

/** The floor of the server's peer range of fastify: the version the consumer app brings. */
export function appFastify(packages: readonly WorkspacePackage[]): string {
  const server = packages.find((pkg) => pkg.name === '@eyeglass-jobs/server');
  const range = server?.manifest.peerDependencies?.fastify;
  const floor = range ? /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1] : undefined;
  if (!floor) throw new Error(`the server's peer range of fastify is ${range}; the consumer test needs a caret range`);
  return floor;
}

async function typecheck(consumer: Consumer, config: string): Promise<string> {
  const result = await run(process.execPath, [tscBin, '-p', config], { cwd: consumer.dir, timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`${result.stdout}${result.stderr}`.trim());
  return 'no errors';
}

export async function runPackageChecks(options: PackageCheckOptions): Promise<PackageCheckResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const steps = new Steps(log);
  const packages = publicPackages(options.root);
  const tmp = mkdtempSync(path.join(tmpdir(), 'eyeglass-packages-'));
  const tarballDir = path.join(tmp, 'tarballs');
  mkdirSync(tarballDir);
  log(`packages: ${packages.map((pkg) => pkg.name).join(', ')}`);
  log(`  in ${tmp}`);
  let consumer: Consumer | undefined;
  let packed: Packed[] = [];
  try {
    packed =
      (await steps.step(
        'build and pack (prepack builds each package from a clean dist/)',
        () => packAll(packages, tarballDir),
        (list) => `${list.length} tarballs`,
      )) ?? [];
    if (packed.length !== packages.length) {
      steps.skip('everything else', 'not every package packed');
      return { passed: steps.passed, failed: steps.failed, tarballs: [], elapsedMs: performance.now() - started };
    }
    const rootLicense = readFileSync(path.join(options.root, 'LICENSE'), 'utf8');
    const fastify = appFastify(packages);

    // The linters and the install are independent: the install starts first, as the longest.
    const preparing = settled(
      (async () => {
        const installStarted = performance.now();
        consumer = await createConsumer(tmp, packed, { fastify, typesNode: typesNodeVersion(options.root) });
        await installConsumer(consumer);
        return { consumer, ms: performance.now() - installStarted };
      })(),
    );
    for (const item of packed) {
      const unpacked = await unpack(item, path.join(tmp, 'unpacked'));
      await steps.step(`${item.pkg.name}: publint (strict)`, async () => problems(await publintProblems(item)));
      await steps.step(
        `${item.pkg.name}: manifest, LICENSE, README and files`,
        () => problems(ruleProblems(unpacked, rootLicense)),
        () => `${unpacked.files.length} files, version ${unpacked.manifest.version}`,
      );
    }
    // arethetypeswrong is a process per tarball: two at a time.
    await steps.step(`arethetypeswrong (esm-only profile) on the ${packed.length} tarballs`, async () => {
      const reports = await inPairs(packed, async (item) => ({ item, found: await attwProblems(item) }));
      problems(reports.flatMap(({ item, found }) => found.map((report) => `${item.pkg.name}:\n${report}`)));
    });

    const installed = (
      await steps.step(
        `npm install --engine-strict of the ${packed.length} tarballs beside the app's fastify ${fastify} (Node ${process.versions.node})`,
        () => preparing,
        ({ ms }) => `took ${(ms / 1000).toFixed(1)} s, beside the linting`,
      )
    )?.consumer;
    if (!installed) {
      steps.skip('the consumer checks', 'the install failed');
      return { passed: steps.passed, failed: steps.failed, tarballs: packed, elapsedMs: performance.now() - started };
    }
    const simulatorDir = packages.find((pkg) => pkg.name === '@eyeglass-jobs/simulator')!.dir;
    await steps.step(
      'install steps: only better-sqlite3 builds anything, and the workspace build of it is reused',
      () => {
        const steps = packagesWithInstallSteps(installed);
        if (steps.length !== 1 || !steps[0]!.startsWith('better-sqlite3@')) {
          throw new Error(`packages that build at install: ${steps.join(', ')}; the test skips their install scripts`);
        }
        return rebuildNativeAddons(installed, simulatorDir);
      },
      (addon) => `${addon} addon copied`,
    );
    await steps.step("one fastify: the app's own", () => {
      const copies = installedCopies(installed, 'fastify');
      if (copies.length !== 1 || copies[0] !== `${fastify} at node_modules/fastify`)
        throw new Error(`fastify installed as: ${copies.join('; ')}`);
    });
    // Both compilers at once, one per core.
    const node16 = settled(typecheck(installed, 'tsconfig.node16.json'));
    const bundler = settled(typecheck(installed, 'tsconfig.bundler.json'));
    await steps.step('type-check the consumer: node16, skipLibCheck false (and compile what runs)', () => node16);
    await steps.step('type-check the consumer: bundler, skipLibCheck false', () => bundler);

    await steps.step(
      "the server plugin in the app's Fastify answers a conformance run",
      async () => {
        const [node, args] = installed.asReader(process.execPath, [path.join('out', 'server-run.js')]);
        const result = await run(node, args, { cwd: installed.dir, timeoutMs: 120_000 });
        if (result.code !== 0) throw new Error(`exited with ${result.code}:\n${result.stdout}${result.stderr}`);
        const seen = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
          fastify: string;
          requests: number;
          operations: number;
          failures: string[];
          health: [number, unknown];
          unauthenticated: [number, { code: number }];
        };
        problems(seen.failures);
        if (seen.fastify !== fastify) throw new Error(`the app ran fastify ${seen.fastify}`);
        if (seen.requests < 100 || seen.operations < 13)
          throw new Error(`only ${seen.requests} requests over ${seen.operations} operations`);
        if (seen.health[0] !== 200) throw new Error(`the app's own route answered ${seen.health[0]}`);
        if (seen.unauthenticated[0] !== 403 || seen.unauthenticated[1].code !== 403)
          throw new Error(`no key answered ${JSON.stringify(seen.unauthenticated)}`);
        return `${seen.requests} requests over ${seen.operations} operations, fastify ${seen.fastify}`;
      },
      (detail) => detail,
    );

    // The commands, from an install nobody may write to.
    const before = snapshot(installed.nodeModules);
    setWritable(installed.nodeModules, false);
    for (const { pkg } of packed) {
      for (const name of Object.keys(pkg.manifest.bin ?? {})) {
        const check = binChecks[name];
        const bin = path.join(installed.nodeModules, '.bin', name);
        if (!check) {
          steps.skip(`the ${name} command of ${pkg.name}`, 'no check for it in scripts/packages/bins.ts');
          continue;
        }
        await steps.step(
          `the ${name} command from a read-only install`,
          () => check({ consumer: installed, bin }),
          (detail) => detail,
        );
      }
    }
    await steps.step('nothing wrote into the installed packages', () => {
      if (snapshot(installed.nodeModules) !== before)
        throw new Error('files under node_modules changed while the commands ran');
      if (!existsSync(path.join(installed.workDir, '.data', 'eyeglass-sim.db')))
        throw new Error('eyeglass-sim kept no database in its working folder');
    });
  } finally {
    if (options.tarballsOut) {
      mkdirSync(options.tarballsOut, { recursive: true });
      for (const item of packed)
        copyFileSync(item.tarball, path.join(options.tarballsOut, path.basename(item.tarball)));
    }
    const installedConsumer = consumer as Consumer | undefined;
    if (installedConsumer && existsSync(installedConsumer.nodeModules))
      setWritable(installedConsumer.nodeModules, true);
    if (options.keep) log(`  kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  const elapsedMs = performance.now() - started;
  return { passed: steps.passed, failed: steps.failed, tarballs: packed, elapsedMs };
}

/** The @types/node the workspace uses: the consumer app is on the same Node. */
function typesNodeVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const version = manifest.devDependencies?.['@types/node'];
  if (!version) throw new Error('the root package.json has no @types/node');
  return version;
}

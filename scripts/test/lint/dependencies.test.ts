import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CruiseResult,
  dependencyProblems,
  type Manifest,
  manifestOf,
  ruleViolations,
  undeclaredWorkspaceImports,
} from '../../lint/dependencies.js';
import { projectPaths } from '../../pipeline/paths.js';

const result = (modules: CruiseResult['modules'], violations: CruiseResult['summary']['violations'] = []) =>
  ({ modules, summary: { violations, totalCruised: modules.length, totalDependenciesCruised: 0 } }) as CruiseResult;

describe('the package.json a module belongs to', () => {
  it.each([
    ['packages/client/src/index.ts', 'packages/client/package.json'],
    ['packages/e2e/test/docs/page.test.ts', 'packages/e2e/package.json'],
    ['scripts/generators/docs.ts', 'package.json'],
    ['vitest.config.ts', 'package.json'],
  ])('%s: %s', (source, want) => {
    expect(manifestOf(source)).toBe(want);
  });
});

describe('imports of workspace packages', () => {
  const manifests = new Map<string, Manifest>([
    [
      'packages/bench/package.json',
      { name: '@eyeglass-jobs/bench', devDependencies: { '@eyeglass-jobs/client': 'workspace:*' } },
    ],
    ['package.json', { devDependencies: { '@eyeglass-jobs/docs': 'workspace:*' } }],
  ]);
  const cases: Array<[string, { source: string; module: string; want: string[] }]> = [
    ['a declared dev dependency', { source: 'packages/bench/src/a.ts', module: '@eyeglass-jobs/client', want: [] }],
    [
      'a subpath of a declared one',
      { source: 'scripts/generators/docs.ts', module: '@eyeglass-jobs/docs/build', want: [] },
    ],
    ['the package itself, by name', { source: 'packages/bench/src/a.ts', module: '@eyeglass-jobs/bench', want: [] }],
    [
      'an installed package, checked by the rules instead',
      { source: 'packages/bench/src/a.ts', module: 'fastify', want: [] },
    ],
    [
      'an undeclared one',
      {
        source: 'packages/bench/src/a.ts',
        module: '@eyeglass-jobs/types',
        want: [
          'undeclared-workspace-package: packages/bench/src/a.ts → @eyeglass-jobs/types, not in packages/bench/package.json',
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { source, module, want }) => {
    const modules = [{ source, dependencies: [{ module, resolved: 'x' }] }];
    expect(undeclaredWorkspaceImports(result(modules), manifests)).toEqual(want);
  });
});

describe('the broken rules as printed', () => {
  it('names the rule and the import, and a cycle with its whole path', () => {
    const lines = ruleViolations(
      result(
        [],
        [
          {
            from: 'packages/a/src/x.ts',
            to: 'packages/b/src/y.ts',
            rule: { name: 'no-cross-package-relative-import' },
          },
          {
            from: 'packages/a/src/x.ts',
            to: 'packages/a/src/y.ts',
            rule: { name: 'no-cycle' },
            cycle: [{ name: 'packages/a/src/y.ts' }, { name: 'packages/a/src/x.ts' }],
          },
        ],
      ),
    );
    expect(lines).toEqual([
      'no-cross-package-relative-import: packages/a/src/x.ts → packages/b/src/y.ts',
      'no-cycle: packages/a/src/x.ts → packages/a/src/y.ts → packages/a/src/x.ts',
    ]);
  });
});

describe('the rules of .dependency-cruiser.json on a workspace that breaks them', () => {
  let root: string;
  const file = async (relative: string, text: string): Promise<void> => {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), text);
  };
  const manifest = (name: string) =>
    JSON.stringify({ name, type: 'module', exports: { '.': { '@eyeglass-jobs/source': './src/index.ts' } } });

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'eyeglass-dependency-rules-'));
    const repo = projectPaths().root;
    await cp(path.join(repo, '.dependency-cruiser.json'), path.join(root, '.dependency-cruiser.json'));
    await file(
      'tsconfig.json',
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    );
    await file('package.json', JSON.stringify({ name: 'fixture', private: true }));
    await file('vitest.config.ts', 'export default {};\n');
    await file('packages/client/package.json', manifest('@eyeglass-jobs/client'));
    await file('packages/simulator/package.json', manifest('@eyeglass-jobs/simulator'));
    await mkdir(path.join(root, 'node_modules', '@eyeglass-jobs'), { recursive: true });
    await symlink('../../packages/simulator', path.join(root, 'node_modules', '@eyeglass-jobs', 'simulator'));
    // client (layer 1) imports the simulator (layer 3), undeclared; index and steps import each other.
    await file(
      'packages/client/src/index.ts',
      "import { s } from '@eyeglass-jobs/simulator';\nimport { step } from './steps.js';\nexport const c = [s, step];\n",
    );
    await file(
      'packages/client/src/steps.ts',
      "import type { c } from './index.js';\nexport const step = 1 as unknown as typeof c;\n",
    );
    await file('packages/simulator/src/index.ts', 'export const s = 1;\n');
    await file('packages/simulator/src/reach.ts', "export { step } from '../../client/src/steps.js';\n");
    await file('scripts/gen.ts', "export { s } from '../packages/simulator/src/index.js';\n");
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports each broken rule by name', async () => {
    const { problems } = await dependencyProblems(root);
    const names = new Set(problems.map((line) => line.split(':')[0]));
    expect([...names].sort(), problems.join('\n')).toEqual([
      'layer-1-imports-only-layer-0',
      'no-cross-package-relative-import',
      'no-cycle',
      'no-relative-import-of-packages-from-scripts',
      'undeclared-workspace-package',
    ]);
    expect(problems).toContain(
      'no-cycle: packages/client/src/index.ts → packages/client/src/steps.ts → packages/client/src/index.ts',
    );
  }, 60_000);
});

describe('the workspace', () => {
  it('keeps every dependency rule', async () => {
    const { problems, modules } = await dependencyProblems(projectPaths().root);
    expect(problems).toEqual([]);
    expect(modules).toBeGreaterThan(200);
  }, 60_000);
});

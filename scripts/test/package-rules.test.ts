import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReleasePlan } from '@changesets/types';
import { afterAll, describe, expect, it } from 'vitest';
import {
  licenseProblems,
  manifestProblems,
  readmeProblems,
  staleOutputs,
  type Unpacked,
} from '../packages/tarball-rules.js';
import { buildLevels, type WorkspacePackage } from '../packages/workspace.js';
import { type PackageChange, uncovered } from '../release/coverage.js';

const dir = mkdtempSync(path.join(tmpdir(), 'eyeglass-package-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const goodManifest = {
  name: '@eyeglass-jobs/client',
  version: '1.2.3',
  description: 'A client.',
  keywords: ['eyeglass'],
  license: 'Apache-2.0',
  repository: { type: 'git', url: 'git+https://example.invalid/x.git' },
  homepage: 'https://example.invalid',
  bugs: { url: 'https://example.invalid/issues' },
  engines: { node: '^20.19.0 || >=22.12.0' },
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
  dependencies: { '@eyeglass-jobs/types': '^1.2.3', 'openapi-fetch': '0.17.0' },
};
const goodFiles = ['LICENSE', 'README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json', 'src/index.ts'];

function unpacked(manifest: object = goodManifest, files: string[] = goodFiles, readme = ''): Unpacked {
  const folder = mkdtempSync(path.join(dir, 'package-'));
  writeFileSync(path.join(folder, 'README.md'), readme);
  writeFileSync(path.join(folder, 'LICENSE'), 'the licence');
  return { dir: folder, manifest: manifest as Unpacked['manifest'], files };
}

describe('the packed manifest', () => {
  it.each([
    ['a complete manifest', goodManifest, []],
    ['no repository', { ...goodManifest, repository: undefined }, ['package.json has no repository']],
    [
      'a workspace range left in',
      { ...goodManifest, dependencies: { '@eyeglass-jobs/types': 'workspace:^' } },
      ['dependencies.@eyeglass-jobs/types is still workspace:^'],
    ],
    [
      'an exact internal version',
      { ...goodManifest, dependencies: { '@eyeglass-jobs/types': '1.2.3' } },
      ['dependencies.@eyeglass-jobs/types is 1.2.3, not a caret range'],
    ],
    [
      'the source condition left in the exports',
      { ...goodManifest, exports: { '.': { '@eyeglass-jobs/source': './src/index.ts', default: './dist/index.js' } } },
      ['exports still carry the workspace source condition'],
    ],
    [
      'an entry point that is not shipped',
      { ...goodManifest, bin: { 'eyeglass-x': './bin/x.js' } },
      ['bin eyeglass-x points at ./bin/x.js, which is not in the tarball'],
    ],
  ])('%s', (_name, manifest, problems) => {
    expect(manifestProblems(unpacked(manifest))).toEqual(problems);
  });

  it('refuses shipped tests', () => {
    expect(manifestProblems(unpacked(goodManifest, [...goodFiles, 'test/index.test.ts']))).toEqual([
      'tests are shipped',
    ]);
  });
});

describe('the shipped files', () => {
  it('finds a compiled file whose source is gone, as a build that keeps dist/ would ship it', () => {
    const files = [...goodFiles, 'dist/removed.js', 'dist/removed.d.ts', 'dist/index.js.map'];
    expect(staleOutputs(unpacked(goodManifest, files))).toEqual([
      'dist/removed.d.ts has no source in src/: a stale build output',
      'dist/removed.js has no source in src/: a stale build output',
    ]);
  });

  it('wants the LICENSE of the repository', () => {
    expect(licenseProblems(unpacked(), 'the licence')).toEqual([]);
    expect(licenseProblems(unpacked(), 'another licence')).toEqual(['LICENSE differs from the repository LICENSE']);
    expect(licenseProblems(unpacked(goodManifest, ['README.md']), 'the licence')).toEqual(['no LICENSE file']);
  });
});

describe('the README on the registry', () => {
  it.each([
    [
      'an install line and links that resolve',
      'npm install @eyeglass-jobs/client\n[src](src/index.ts) [site](https://x.invalid) [top](#use)',
      [],
    ],
    ['no install line', '# client', ['README has no `npm install @eyeglass-jobs/client` line']],
    [
      'workspace commands',
      'npm install @eyeglass-jobs/client\n`pnpm --filter @eyeglass-jobs/client size`',
      ['README uses workspace commands (pnpm --filter)'],
    ],
    [
      'a link to a repository file that is not shipped',
      'npm install @eyeglass-jobs/client\nsee [the spec](../../openapi)',
      ['README links to ../../openapi, which is not in the tarball'],
    ],
  ])('%s', (_name, readme, problems) => {
    expect(readmeProblems(unpacked(goodManifest, goodFiles, readme))).toEqual(problems);
  });
});

describe('build levels', () => {
  const pkg = (name: string, needs: string[]): WorkspacePackage => ({
    name,
    dir: name,
    manifest: { name, version: '0.0.0' },
    needs,
  });

  it('puts each package after what it needs, and side by side what needs nothing of each other', () => {
    const levels = buildLevels([
      pkg('sim', ['server', 'spec']),
      pkg('server', ['spec']),
      pkg('spec', []),
      pkg('types', []),
    ]);
    expect(levels.map((level) => level.map((p) => p.name))).toEqual([['spec', 'types'], ['server'], ['sim']]);
  });

  it('refuses a cycle, naming its packages', () => {
    expect(() => buildLevels([pkg('a', ['b']), pkg('b', ['a'])])).toThrow('a dependency cycle among a, b');
  });
});

describe('changeset coverage', () => {
  const changes: PackageChange[] = [
    { name: '@eyeglass-jobs/client', files: ['packages/client/src/client.ts'] },
    { name: '@eyeglass-jobs/server', files: ['packages/server/README.md'] },
  ];
  const plan = (changesets: Array<{ id: string; names: string[] }>): ReleasePlan =>
    ({
      changesets: changesets.map(({ id, names }) => ({
        id,
        summary: '',
        releases: names.map((name) => ({ name, type: 'patch' })),
      })),
      releases: [],
      preState: undefined,
    }) as ReleasePlan;

  it('names the changed packages no pending changeset covers', () => {
    expect(
      uncovered(changes, plan([{ id: 'fix-client', names: ['@eyeglass-jobs/client'] }])).map((c) => c.name),
    ).toEqual(['@eyeglass-jobs/server']);
    expect(
      uncovered(changes, plan([{ id: 'docs', names: ['@eyeglass-jobs/client', '@eyeglass-jobs/server'] }])),
    ).toEqual([]);
    expect(uncovered(changes, plan([])).map((c) => c.name)).toEqual(['@eyeglass-jobs/client', '@eyeglass-jobs/server']);
  });
});

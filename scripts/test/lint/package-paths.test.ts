import { describe, expect, it } from 'vitest';
import { findPathReaches, pathReaches } from '../../lint/package-paths.js';
import { projectPaths } from '../../pipeline/paths.js';

const url = (relative: string): string => `const p = fileURLToPath(new URL('${relative}', import.meta.url));`;

describe('paths that reach into another package', () => {
  const cases: Array<[string, { file: string; text: string; want: string[] }]> = [
    [
      'a test that runs another package by its path',
      {
        file: 'packages/docs/test/support/hosts.ts',
        text: url('../../../simulator/src/cli/eyeglass-sim.ts'),
        want: ['packages/simulator/src/cli/eyeglass-sim.ts'],
      },
    ],
    [
      'a script that reads a package source',
      {
        file: 'scripts/generators/docs.ts',
        text: url('../../packages/docs/src/page.ts'),
        want: ['packages/docs/src/page.ts'],
      },
    ],
    [
      'a path inside the own package',
      { file: 'packages/spec/src/index.ts', text: url('../generated/openapi.json'), want: [] },
    ],
    ['the own package folder', { file: 'packages/client/test/node.test.ts', text: url('..'), want: [] }],
    ['the repository root', { file: 'packages/bench/src/main.ts', text: url('../../..'), want: [] }],
    [
      'a folder at the root',
      { file: 'packages/e2e/test/docs/x.test.ts', text: url('../../../../artifacts/docs/'), want: [] },
    ],
    [
      'a double-quoted path, one of several on a line',
      {
        file: 'packages/bench/src/a.ts',
        text: `const a = [new URL("./b.ts", import.meta.url), new URL("../../client/src/index.ts", import.meta.url)];`,
        want: ['packages/client/src/index.ts'],
      },
    ],
  ];

  it.each(cases)('%s', (_name, { file, text, want }) => {
    expect(pathReaches(file, text).map((reach) => reach.target)).toEqual(want);
  });

  it('names the line of the reach', () => {
    const [reach] = pathReaches(
      'packages/docs/test/a.ts',
      `import x from 'y';\n\n${url('../../simulator/src/index.ts')}`,
    );
    expect(reach).toEqual({
      file: 'packages/docs/test/a.ts',
      line: 3,
      written: '../../simulator/src/index.ts',
      target: 'packages/simulator/src/index.ts',
    });
  });

  it('finds none in the repository', async () => {
    expect(await findPathReaches(projectPaths().root)).toEqual([]);
  });
});

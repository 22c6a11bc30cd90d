import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeSchema } from '../../generators/server/route-table.js';
import { schemaType } from '../../generators/server/schema-type.js';
import { serverGenerator } from '../../generators/server.js';
import type { GeneratedFile } from '../../pipeline/context.js';
import { tsHeader } from '../../pipeline/header.js';
import { writeOutputs } from '../../pipeline/output.js';
import { projectPaths } from '../../pipeline/paths.js';
import { loadSpec, type OpenApiDocument } from '../../pipeline/spec-loader.js';

const paths = projectPaths();

async function generate(spec: OpenApiDocument): Promise<Map<string, GeneratedFile>> {
  const files = new Map<string, GeneratedFile>();
  await serverGenerator.run({
    paths,
    spec,
    emit: (file, content) => files.set(file, { path: file, content }),
  });
  return files;
}

describe('the server generator', () => {
  let spec: OpenApiDocument;
  let files: Map<string, GeneratedFile>;

  beforeAll(async () => {
    spec = (await loadSpec(paths)).document;
    files = await generate(spec);
  });

  it('emits only headed .gen.ts files inside the folder it owns', () => {
    expect(serverGenerator.owns).toEqual(['packages/server/src/generated']);
    expect([...files.keys()].sort()).toEqual([
      'packages/server/src/generated/handlers.gen.ts',
      'packages/server/src/generated/routes.gen.ts',
    ]);
    for (const file of files.values()) expect(file.content.startsWith(tsHeader)).toBe(true);
  });

  it('emits the same text on every run', async () => {
    const again = await generate(spec);
    for (const [file, { content }] of files) expect(again.get(file)?.content).toBe(content);
  });

  describe('regenerating into a copy of the package', () => {
    let root: string;
    const handWritten = 'packages/server/src/plugin.ts';
    const strayInGenerated = 'packages/server/src/generated/notes.ts';
    const staleGenerated = 'packages/server/src/generated/old.gen.ts';

    beforeAll(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'server-generator-'));
      await cp(path.join(paths.root, 'packages/server/src'), path.join(root, 'packages/server/src'), {
        recursive: true,
      });
      await writeFile(path.join(root, handWritten), '// my own plugin\n');
      await writeFile(path.join(root, strayInGenerated), '// hand-written notes\n');
      await writeFile(path.join(root, staleGenerated), `${tsHeader}export {};\n`);
      await writeFile(path.join(root, 'packages/server/src/generated/routes.gen.ts'), `${tsHeader}// outdated\n`);
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('rewrites the generated files, removes stale ones and leaves hand-written files alone', async () => {
      const changes = await writeOutputs(root, serverGenerator.owns, files);
      expect(changes).toEqual([
        { path: 'packages/server/src/generated/routes.gen.ts', kind: 'changed' },
        { path: staleGenerated, kind: 'removed' },
      ]);
      expect(await readFile(path.join(root, handWritten), 'utf8')).toBe('// my own plugin\n');
      expect(await readFile(path.join(root, strayInGenerated), 'utf8')).toBe('// hand-written notes\n');
    });
  });
});

describe('schemaType', () => {
  const cases: Array<[string, { given: Record<string, unknown>; want: string; uses?: string[] }]> = [
    ['a component', { given: { $ref: '#/components/schemas/Job' }, want: 'Job', uses: ['Job'] }],
    [
      'an array of components',
      { given: { type: 'array', items: { $ref: '#/components/schemas/Job' } }, want: 'Job[]', uses: ['Job'] },
    ],
    ['an enum', { given: { type: 'string', enum: ['all', "it's"] }, want: "'all' | 'it\\'s'" }],
    ['an integer', { given: { type: 'integer', format: 'int64' }, want: 'number' }],
    ['a nullable string', { given: { type: ['string', 'null'] }, want: 'string | null' }],
    [
      'an array of a union',
      {
        given: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
        want: '(string | number)[]',
      },
    ],
    [
      'an object',
      {
        given: { type: 'object', properties: { id: { type: 'string' }, 'x-y': { type: 'boolean' } }, required: ['id'] },
        want: "{ id: string; 'x-y'?: boolean; }",
      },
    ],
    ['a free-form object', { given: { type: 'object' }, want: '{ [key: string]: unknown; }' }],
    ['a constant', { given: { const: 3 }, want: '3' }],
    ['an empty schema', { given: {}, want: 'unknown' }],
  ];

  it.each(cases)('types %s', (_name, { given, want, uses = [] }) => {
    const used = new Set<string>();
    expect(schemaType(given, used)).toBe(want);
    expect([...used]).toEqual(uses);
  });
});

describe('runtimeSchema', () => {
  it('points component references at the shared schema and drops what JSON Schema does not know', () => {
    const given = {
      type: 'object',
      example: { id: 'x' },
      'x-internal': true,
      properties: {
        example: { type: 'string' },
        job: { $ref: '#/components/schemas/Job' },
        list: { type: 'array', items: { $ref: '#/components/schemas/Job' }, discriminator: { propertyName: 'k' } },
      },
    };
    expect(runtimeSchema(given, false)).toEqual({
      type: 'object',
      properties: {
        example: { type: 'string' },
        job: { $ref: 'eyeglass-jobs#/$defs/Job' },
        list: { type: 'array', items: { $ref: 'eyeglass-jobs#/$defs/Job' } },
      },
    });
    expect(runtimeSchema({ $ref: '#/components/schemas/Job' }, true)).toEqual({ $ref: '#/$defs/Job' });
  });

  it('refuses references it cannot place', () => {
    expect(() => runtimeSchema({ $ref: 'https://example.com/job.json' }, false)).toThrow(/only component references/);
  });
});

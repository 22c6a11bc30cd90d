import { describe, expect, it } from 'vitest';
import { clientGenerator, groupOperations } from '../../generators/client.js';
import { tsHeader } from '../../pipeline/header.js';
import { projectPaths } from '../../pipeline/paths.js';
import type { OpenApiDocument } from '../../pipeline/spec-loader.js';

const ok = {
  '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['id'] } } } },
};
const created = { '201': ok['200'] };
const query = (name: string, required = false, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required,
  schema,
});
const path = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: `The ${name}.`,
});

function specWith(
  paths: Record<string, unknown>,
  tags: Array<{ name: string; description?: string }> = [{ name: 'jobs' }],
) {
  return { openapi: '3.1.0', info: {}, servers: [{ url: 'https://{host}/sera' }], tags, paths } as OpenApiDocument;
}

function generate(spec: OpenApiDocument): Map<string, string> {
  const files = new Map<string, string>();
  clientGenerator.run({ paths: projectPaths(), spec, emit: (file, content) => files.set(file, content) });
  return files;
}

const groupFile = (spec: OpenApiDocument, tag = 'jobs') =>
  generate(spec).get(`packages/client/src/generated/${tag}.gen.ts`)!;

describe('the client generator: method signatures', () => {
  it.each([
    [
      'path parameters come first, in path order',
      {
        '/a/{group}/{id}': {
          get: {
            operationId: 'getA',
            'x-client-method': 'get',
            tags: ['jobs'],
            parameters: [path('id'), path('group')],
            responses: ok,
          },
        },
      },
      'get(group: string, id: string, options?: RequestOptions): Promise<GetAResult>;',
    ],
    [
      'a query object is optional when no parameter is required',
      {
        '/a': {
          get: {
            operationId: 'listA',
            'x-client-method': 'list',
            tags: ['jobs'],
            parameters: [query('state')],
            responses: ok,
          },
        },
      },
      'list(query?: ListAQuery, options?: RequestOptions): Promise<ListAResult>;',
    ],
    [
      'a query object is required when one parameter is',
      {
        '/a': {
          post: {
            operationId: 'launchA',
            'x-client-method': 'launch',
            tags: ['jobs'],
            parameters: [query('x'), query('y', true)],
            responses: created,
          },
        },
      },
      'launch(query: LaunchAQuery, options?: RequestOptions): Promise<LaunchAResult>;',
    ],
    [
      'an operation without parameters takes only the options',
      { '/a': { post: { operationId: 'runA', 'x-client-method': 'run', tags: ['jobs'], responses: created } } },
      'run(options?: RequestOptions): Promise<RunAResult>;',
    ],
    [
      'path, a required body, then query, in that order',
      {
        '/a/{id}': {
          put: {
            operationId: 'putA',
            tags: ['jobs'],
            parameters: [path('id'), query('q')],
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
            responses: ok,
          },
        },
      },
      'putA(id: string, body: PutABody, query?: PutAQuery, options?: RequestOptions): Promise<PutAResult>;',
    ],
    [
      'an optional body is left to raw',
      {
        '/a/{id}': {
          delete: {
            operationId: 'cancelA',
            'x-client-method': 'cancel',
            tags: ['jobs'],
            parameters: [path('id')],
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: ok,
          },
        },
      },
      'cancel(id: string, options?: RequestOptions): Promise<CancelAResult>;',
    ],
    [
      'a path parameter named like an argument is renamed',
      {
        '/a/{options}': { get: { operationId: 'getA', tags: ['jobs'], parameters: [path('options')], responses: ok } },
      },
      'getA(optionsParam: string, options?: RequestOptions): Promise<GetAResult>;',
    ],
  ])('%s', (_name, paths, want) => {
    expect(groupFile(specWith(paths))).toContain(want);
  });
});

describe('the client generator: results and descriptors', () => {
  it.each([
    [
      'a text answer',
      { '200': { description: 'log', content: { 'text/plain': { schema: { type: 'string' } } } } },
      "export type GetLogResult = operations['getLog']['responses'][200]['content']['text/plain'];",
      "result: { media: 'text' }",
    ],
    ['no content', { '204': { description: 'done' } }, 'export type GetLogResult = void;', "result: { media: 'none' }"],
    [
      'the lowest 2xx of several',
      { '202': { description: 'later' }, '200': ok['200'] },
      "export type GetLogResult = operations['getLog']['responses'][200]['content']['application/json'];",
      "result: { media: 'json', type: 'object' }",
    ],
    [
      'a created answer, whose required fields are checked (the caller needs them to follow it)',
      { '201': ok['200'] },
      "export type GetLogResult = operations['getLog']['responses'][201]['content']['application/json'];",
      "result: { media: 'json', type: 'object', required: ['id'] }",
    ],
  ])('reads %s', (_name, responses, type, descriptor) => {
    const file = groupFile(specWith({ '/log': { get: { operationId: 'getLog', tags: ['jobs'], responses } } }));
    expect(file).toContain(type);
    expect(file).toContain(descriptor);
  });

  it('tells unsafe operations how to check whether they took effect', () => {
    const file = groupFile(
      specWith({
        '/jobs': {
          get: {
            operationId: 'listJobs',
            'x-client-method': 'list',
            tags: ['jobs'],
            parameters: [query('state', false, { enum: ['running'] })],
            responses: ok,
          },
          post: { operationId: 'launchJob', 'x-client-method': 'launch', tags: ['jobs'], responses: created },
        },
        '/jobs/{id}': {
          get: {
            operationId: 'getJob',
            'x-client-method': 'get',
            tags: ['jobs'],
            parameters: [path('id')],
            responses: ok,
          },
          delete: {
            operationId: 'cancelJob',
            'x-client-method': 'cancel',
            tags: ['jobs'],
            parameters: [path('id')],
            responses: ok,
          },
        },
      }),
    );
    expect(file).toContain(`check: "eg.jobs.list({ state: 'running' })"`);
    expect(file).toContain("check: 'eg.jobs.get(id)'");
    expect(file).toContain('Sent once and never retried');
    expect(file).toMatch(
      /const listJobs: Operation = \{ operationId: 'listJobs', method: 'GET', path: '\/jobs', idempotent: true,/,
    );
  });

  it('hands the transport the path template and each argument by its place in the request', () => {
    const file = groupFile(
      specWith({
        '/clusters/{cluster-id}/jobs/{id}': {
          post: {
            operationId: 'launchClusterJob',
            'x-client-method': 'launch',
            tags: ['jobs'],
            parameters: [path('cluster-id'), path('id'), { name: 'mode', in: 'query', schema: { type: 'string' } }],
            responses: ok,
          },
        },
      }),
    );
    expect(file).toContain("path: '/clusters/{cluster-id}/jobs/{id}'");
    expect(file).toContain(
      "launch: (clusterId, id, query, options) => transport.send<LaunchClusterJobResult>(launchClusterJob, { path: { 'cluster-id': clusterId, id }, query }, options),",
    );
  });

  it('documents each method with its summary and route', () => {
    const file = groupFile(
      specWith({
        '/a': { get: { operationId: 'listA', summary: 'List the */ things', tags: ['jobs'], responses: ok } },
      }),
    );
    expect(file).toContain('   * List the *\\/ things\n   *\n   * `GET /a`');
  });
});

describe('the client generator: groups and files', () => {
  const spec = specWith(
    {
      '/b': { get: { operationId: 'listB', 'x-client-method': 'list', tags: ['beta'], responses: ok } },
      '/a': { get: { operationId: 'listA', 'x-client-method': 'list', tags: ['alpha-jobs'], responses: ok } },
      '/c': { get: { operationId: 'listC', 'x-client-method': 'list', tags: ['undeclared'], responses: ok } },
    },
    [{ name: 'alpha-jobs', description: 'Alpha jobs.' }, { name: 'beta' }, { name: 'unused' }],
  );

  it('makes one group per tag, in the order of the spec, then undeclared tags', () => {
    expect(groupOperations(spec).map((g) => [g.tag, g.property, g.typeName])).toEqual([
      ['alpha-jobs', 'alphaJobs', 'AlphaJobs'],
      ['beta', 'beta', 'Beta'],
      ['undeclared', 'undeclared', 'Undeclared'],
    ]);
  });

  it('writes one file per group and an index that builds them all, each with the header', () => {
    const files = generate(spec);
    expect([...files.keys()].sort()).toEqual(
      ['alpha-jobs', 'beta', 'index', 'undeclared'].map((name) => `packages/client/src/generated/${name}.gen.ts`),
    );
    for (const content of files.values()) expect(content.startsWith(tsHeader)).toBe(true);
    const index = files.get('packages/client/src/generated/index.gen.ts')!;
    expect(index).toContain("export const basePath = '/sera';");
    expect(index).toContain('alphaJobs: createAlphaJobsMethods(transport),');
    expect(index).toContain('/** Alpha jobs. */\n  alphaJobs: AlphaJobsMethods;');
  });

  it('writes the same text every time', () => {
    expect([...generate(spec)]).toEqual([...generate(spec)]);
  });
});

describe('the client generator: refusals', () => {
  it.each([
    [
      'a header parameter',
      {
        '/a': {
          get: {
            operationId: 'a',
            tags: ['jobs'],
            parameters: [{ name: 'x', in: 'header', schema: {} }],
            responses: ok,
          },
        },
      },
      /a: header parameters are not supported/,
    ],
    [
      'two operations with one method name',
      {
        '/a': { get: { operationId: 'a', 'x-client-method': 'get', tags: ['jobs'], responses: ok } },
        '/b': { get: { operationId: 'b', 'x-client-method': 'get', tags: ['jobs'], responses: ok } },
      },
      /two operations of tag jobs are both named get/,
    ],
    [
      'a method name the runtime uses',
      { '/a': { get: { operationId: 'a', 'x-client-method': 'waitFor', tags: ['jobs'], responses: ok } } },
      /x-client-method waitFor is reserved/,
    ],
    ['a tag named raw', { '/a': { get: { operationId: 'a', tags: ['raw'], responses: ok } } }, /the tag raw/],
  ])('refuses %s', (_name, paths, message) => {
    expect(() => generate(specWith(paths, [{ name: 'jobs' }, { name: 'raw' }]))).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { curlSample } from '../generators/docs/curl-sample.js';
import {
  defaultServerUrl,
  type SampleRequest,
  sampleRequest,
  sampleResult,
} from '../generators/docs/sample-request.js';
import { typescriptSample } from '../generators/docs/typescript-sample.js';
import { docsGenerator } from '../generators/docs.js';
import type { OperationInfo, ParameterInfo, ResponseInfo } from '../pipeline/operations.js';
import { projectPaths } from '../pipeline/paths.js';
import { loadSpec, type OpenApiDocument } from '../pipeline/spec-loader.js';

const spec: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'test', version: '1' },
  paths: {},
  servers: [{ url: 'https://{host}/sera', variables: { host: { default: 'eyeglass.local' } } }],
};

function parameter(given: Partial<ParameterInfo> & Pick<ParameterInfo, 'name'>): ParameterInfo {
  return {
    in: 'query',
    required: false,
    deprecated: false,
    description: '',
    schema: {},
    example: undefined,
    ...given,
    resolvedSchema: given.resolvedSchema ?? given.schema ?? {},
  };
}

const created: ResponseInfo = {
  status: '201',
  description: '',
  content: { 'application/json': { $ref: '#/components/schemas/JobCreated' } },
  schemaPointers: {},
};

function operation(given: Partial<OperationInfo>): OperationInfo {
  return {
    operationId: 'launchFailover',
    method: 'post',
    path: '/v2/jobs/failover',
    tag: 'failover',
    clientMethod: 'launch',
    summary: '',
    description: '',
    parameters: [],
    responses: [created],
    idempotent: false,
    ...given,
  };
}

describe('which parameters a sample sets', () => {
  const cases: Array<[string, { given: ParameterInfo; want: boolean }]> = [
    ['a required parameter', { given: parameter({ name: 'a', required: true, example: 'x' }), want: true }],
    ['an optional one with no default', { given: parameter({ name: 'a', example: true }), want: true }],
    [
      'an optional one whose example is not its default',
      { given: parameter({ name: 'a', schema: { default: 'all' }, example: 'running' }), want: true },
    ],
    [
      'not an optional one whose example is its default',
      { given: parameter({ name: 'a', schema: { default: true }, example: true }), want: false },
    ],
    [
      'not a deprecated one, even required',
      { given: parameter({ name: 'a', required: true, deprecated: true, example: true }), want: false },
    ],
    ['not an optional one without an example', { given: parameter({ name: 'a' }), want: false }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const request = sampleRequest(spec, operation({ parameters: [given] }));
    expect(request.query.map((q) => q.name)).toEqual(want ? ['a'] : []);
  });

  it('passes path parameters in the order of the path template', () => {
    const request = sampleRequest(
      spec,
      operation({
        path: '/v2/jobs/{kind}/{id}',
        parameters: [
          parameter({ name: 'id', in: 'path', required: true, example: 'job-1' }),
          parameter({ name: 'kind', in: 'path', required: true, example: 'failover' }),
        ],
      }),
    );
    expect(request.pathArguments).toEqual([
      { name: 'kind', value: 'failover' },
      { name: 'id', value: 'job-1' },
    ]);
  });

  it('refuses a parameter it cannot show, naming the operation and the parameter', () => {
    const noExample = operation({ parameters: [parameter({ name: 'sourceid', required: true })] });
    expect(() => sampleRequest(spec, noExample)).toThrow(/launchFailover: parameter sourceid needs .* example/);
    const header = operation({ parameters: [parameter({ name: 'x-trace', in: 'header', example: 'a' })] });
    expect(() => sampleRequest(spec, header)).toThrow(
      /launchFailover: code samples cannot send header parameter x-trace/,
    );
  });
});

describe('the base URL of the samples', () => {
  it('fills the server variables with their defaults', () => {
    expect(defaultServerUrl(spec)).toBe('https://eyeglass.local/sera');
  });
  it('refuses an undeclared server variable', () => {
    expect(() => defaultServerUrl({ ...spec, servers: [{ url: 'https://{nope}/sera' }] })).toThrow(/\{nope\}/);
  });
});

describe('the name and printing of the result', () => {
  const json = (schema: Record<string, unknown>): ResponseInfo[] => [
    { status: '200', description: '', content: { 'application/json': schema }, schemaPointers: {} },
  ];
  const cases: Array<[string, { given: ResponseInfo[]; want: ReturnType<typeof sampleResult> }]> = [
    ['a schema reference', { given: json({ $ref: '#/components/schemas/Job' }), want: { name: 'job', media: 'json' } }],
    [
      'an array of references',
      {
        given: json({ type: 'array', items: { $ref: '#/components/schemas/JobStatusDetail' } }),
        want: { name: 'jobStatusDetails', media: 'json' },
      },
    ],
    ['an inline object', { given: json({ type: 'object' }), want: { name: 'result', media: 'json' } }],
    [
      'plain text',
      {
        given: [{ status: '200', description: '', content: { 'text/plain': { type: 'string' } }, schemaPointers: {} }],
        want: { name: 'text', media: 'text' },
      },
    ],
    [
      'an empty answer',
      {
        given: [{ status: '204', description: '', content: {}, schemaPointers: {} }],
        want: { name: '', media: 'none' },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(sampleResult(operation({ responses: given }))).toEqual(want);
  });
});

describe('the rendered samples', () => {
  const launch: SampleRequest = sampleRequest(
    spec,
    operation({
      parameters: [
        parameter({ name: 'sourceid', required: true, example: "it's a&b c!" }),
        parameter({ name: 'pool', example: 'g:s:p' }),
        parameter({ name: 'controlled', schema: { default: true }, example: false }),
      ],
    }),
  );

  it('curl: the method, the encoded query, the api_key header and an overridable base URL', () => {
    expect(curlSample(launch)).toBe(
      [
        'curl --request POST \\',
        `  --url "\${EYEGLASS_URL:-https://eyeglass.local/sera}/v2/jobs/failover?sourceid=it's%20a%26b%20c%21&pool=g:s:p&controlled=false" \\`,
        '  --header "api_key: $EYEGLASS_API_KEY"',
      ].join('\n'),
    );
  });

  it('TypeScript: the group, the method, and one object with typed literals', () => {
    const source = typescriptSample(launch);
    expect(source).toContain("import { createEyeglassClient } from '@eyeglass-jobs/client';");
    expect(source).toContain("baseUrl: process.env.EYEGLASS_URL ?? 'https://eyeglass.local/sera',");
    expect(source).toContain(
      [
        'const jobCreated = await eg.failover.launch({',
        "  sourceid: 'it\\'s a&b c!',",
        "  pool: 'g:s:p',",
        '  controlled: false,',
        '});',
      ].join('\n'),
    );
    expect(source).toMatch(/console\.log\(JSON\.stringify\(jobCreated, null, 2\)\);$/);
  });

  it('TypeScript: path arguments first, and no object when the operation has no query parameters', () => {
    const get = sampleRequest(
      spec,
      operation({
        operationId: 'getFailoverJobLog',
        method: 'get',
        path: '/v2/jobs/failover/{id}/log',
        clientMethod: 'log',
        parameters: [parameter({ name: 'id', in: 'path', required: true, example: 'job-1' })],
        responses: [
          { status: '200', description: '', content: { 'text/plain': { type: 'string' } }, schemaPointers: {} },
        ],
      }),
    );
    expect(typescriptSample(get)).toMatch(/const text = await eg\.failover\.log\('job-1'\);\nconsole\.log\(text\);$/);
    expect(curlSample(get)).toContain('/v2/jobs/failover/job-1/log" \\');
  });

  it('TypeScript: a name that is not an identifier is quoted', () => {
    const odd = sampleRequest(
      spec,
      operation({ tag: 'fail-over', parameters: [parameter({ name: 'x-y', required: true, example: 1 })] }),
    );
    expect(typescriptSample(odd)).toContain("await eg['fail-over'].launch({\n  'x-y': 1,\n})");
  });
});

describe('the docs generator', () => {
  it('emits the samples and nothing else: the page is made by the docs package build alone', async () => {
    const paths = projectPaths();
    const { document } = await loadSpec(paths);
    const files: string[] = [];
    await docsGenerator.run({ paths, spec: document, emit: (file) => files.push(file) });
    expect(docsGenerator.owns).toEqual(['packages/docs/src/generated']);
    expect(files).toContain('packages/docs/src/generated/code-samples.gen.ts');
    expect(files).toContain('packages/docs/src/generated/samples/launchFailover.gen.ts');
    expect(files.filter((file) => !file.startsWith('packages/docs/src/generated/'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { API_INDEX, clientApiGenerator, renderApiIndex } from '../../generators/client-api.js';
import { markdownHeader } from '../../pipeline/header.js';
import { projectPaths } from '../../pipeline/paths.js';
import type { OpenApiDocument } from '../../pipeline/spec-loader.js';

const json = (schema: object) => ({ description: 'ok', content: { 'application/json': { schema } } });
const jobRef = { $ref: '#/components/schemas/Job' };

function specWith(paths: Record<string, unknown>): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {},
    servers: [{ url: 'https://{host}/sera' }],
    tags: [{ name: 'jobs', description: 'Jobs | of every kind.' }],
    paths,
    components: { schemas: { Job: { type: 'object' } } },
  } as OpenApiDocument;
}

const operation = (method: string, given: Record<string, unknown>) => ({
  [method]: { tags: ['jobs'], summary: 'Does it', ...given },
});

describe('the method index of the client', () => {
  const cases: Array<[string, { given: Record<string, unknown>; want: string }]> = [
    [
      'a read of a model by id, retried',
      {
        given: {
          '/jobs/{id}': operation('get', {
            operationId: 'getJob',
            'x-client-method': 'get',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '200': json(jobRef) },
          }),
        },
        want: '| `eg.jobs.get(id, options?)` | `GET /jobs/{id}` | Does it | `Job` | retried |',
      },
    ],
    [
      'a list of models with an optional query',
      {
        given: {
          '/jobs': operation('get', {
            operationId: 'listJobs',
            'x-client-method': 'list',
            parameters: [{ name: 'state', in: 'query', schema: { type: 'string' } }],
            responses: { '200': json({ type: 'array', items: jobRef }) },
          }),
        },
        want: '| `eg.jobs.list(query?, options?)` | `GET /jobs` | Does it | `Job[]` | retried |',
      },
    ],
    [
      'a launch with a required query, sent once',
      {
        given: {
          '/jobs': operation('post', {
            operationId: 'launchJob',
            'x-client-method': 'launch',
            summary: 'Launch | a job',
            parameters: [{ name: 'zone', in: 'query', required: true, schema: { type: 'string' } }],
            responses: { '201': json({ type: 'object' }) },
          }),
        },
        want: '| `eg.jobs.launch(query, options?)` | `POST /jobs` | Launch \\| a job | `LaunchJobResult` | sent once |',
      },
    ],
    [
      'a text answer and a required body',
      {
        given: {
          '/jobs/{id}/note': operation('put', {
            operationId: 'noteJob',
            'x-client-method': 'note',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { '200': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } },
          }),
        },
        want: '| `eg.jobs.note(id, body, options?)` | `PUT /jobs/{id}/note` | Does it | `string` | sent once |',
      },
    ],
    [
      'an empty answer',
      {
        given: {
          '/jobs/{id}': operation('delete', {
            operationId: 'deleteJob',
            'x-client-method': 'remove',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '204': { description: 'gone' } },
          }),
        },
        want: '| `eg.jobs.remove(id, options?)` | `DELETE /jobs/{id}` | Does it | `void` | sent once |',
      },
    ],
  ];

  it.each(cases)('lists %s', (_name, { given, want }) => {
    expect(renderApiIndex(specWith(given)).split('\n')).toContain(want);
  });

  it('opens with the generated header and names every group with its description and types', () => {
    const index = renderApiIndex(specWith({ ...cases[0]![1].given, ...cases[1]![1].given }));
    expect(index.startsWith(markdownHeader)).toBe(true);
    expect(index).toContain('with 2 methods in 1 group, one method per operation of the spec.');
    expect(index).toContain('## jobs\n\nJobs \\| of every kind.\n');
    expect(index).toContain('Types: `GetJobResult`, `ListJobsQuery`, `ListJobsResult`.');
  });

  it('is written to the client package, in a folder it owns', () => {
    const files = new Map<string, string>();
    clientApiGenerator.run({
      paths: projectPaths(),
      spec: specWith(cases[0]![1].given),
      emit: (file, content) => files.set(file, content),
    });
    expect([...files.keys()]).toEqual([API_INDEX]);
    expect(clientApiGenerator.owns.some((dir) => API_INDEX.startsWith(`${dir}/`))).toBe(true);
  });
});

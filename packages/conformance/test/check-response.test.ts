import { document } from '@eyeglass-jobs/spec';
import { describe, expect, it } from 'vitest';
import { checkResponse } from '../src/index.js';
import '../src/vitest.js';

const job = (document.components.examples.ZoneFailoverJob as { value: unknown }).value;
const json = (status: number, body: unknown, contentType = 'application/json; charset=utf-8') => ({
  status,
  headers: { 'content-type': contentType },
  body: JSON.stringify(body),
});

describe('checkResponse', () => {
  const cases: Array<[string, { operationId: string; response: ReturnType<typeof json>; want: RegExp | null }]> = [
    ['a Job for getFailoverJob conforms', { operationId: 'getFailoverJob', response: json(200, job), want: null }],
    [
      'an Error for a documented 404 conforms',
      {
        operationId: 'getFailoverJob',
        response: json(404, { code: 404, message: 'no such job' }),
        want: null,
      },
    ],
    [
      'a created id answered with 201 conforms',
      {
        operationId: 'launchFailover',
        response: json(201, { id: 'job-1' }),
        want: null,
      },
    ],
    [
      'a body that breaks the schema is named',
      {
        operationId: 'getFailoverJob',
        response: json(200, { ...(job as object), success: 'yes' }),
        want: /body\/success must be boolean/,
      },
    ],
    [
      'a wrong Content-Type is named',
      {
        operationId: 'getFailoverJob',
        response: json(200, job, 'text/html'),
        want: /Content-Type text\/html is not one of application\/json/,
      },
    ],
    [
      'the log must be text/plain',
      {
        operationId: 'getFailoverJobLog',
        response: json(200, 'log', 'application/json'),
        want: /is not one of text\/plain/,
      },
    ],
    [
      'an error body that is not the Error shape is named',
      {
        operationId: 'getFailoverJob',
        response: json(404, { error: 'Not Found' }),
        want: /must have required property 'code'/,
      },
    ],
    [
      'an error code that differs from the status is named',
      {
        operationId: 'getFailoverJob',
        response: json(404, { code: 500, message: 'x' }),
        want: /error code 500 differs from the HTTP status 404/,
      },
    ],
    [
      'a body that is not JSON is named',
      {
        operationId: 'listReadinessJobs',
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: '<html>' },
        want: /not valid JSON/,
      },
    ],
    [
      'a 201 for an operation that answers 200 is checked against default',
      {
        operationId: 'getFailoverJob',
        response: json(201, job),
        want: /^body must have required property 'code'/,
      },
    ],
  ];
  it.each(cases)('%s', (_name, { operationId, response, want }) => {
    const problems = checkResponse(operationId, response);
    if (want === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toMatch(want);
  });

  it('refuses a status only covered by default when asked to', () => {
    expect(
      checkResponse('getFailoverJob', json(418, { code: 418, message: 'teapot' }), { allowDefault: false }),
    ).toEqual(['status 418 is not documented for getFailoverJob (documented: 200, 400, 403, 404, default)']);
  });

  it('names the known operations when given an unknown one', () => {
    expect(() => checkResponse('launchMissiles', json(200, {}))).toThrow(
      /unknown operationId launchMissiles; known: listFailoverJobs/,
    );
  });
});

describe('toSatisfyOperation', () => {
  it('passes a conforming inject() response and fails a broken one with the reasons', () => {
    const injected = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(job) };
    expect(injected).toSatisfyOperation('getFailoverJob');
    expect(() => expect({ ...injected, statusCode: 500 }).toSatisfyOperation('getFailoverJob')).toThrow(
      /to satisfy getFailoverJob:\n {2}- body must have required property 'code'/,
    );
    expect({ ...injected, body: '{}' }).not.toSatisfyOperation('getFailoverJob');
  });
});

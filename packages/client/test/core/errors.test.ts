import { describe, expect, it } from 'vitest';
import {
  EyeglassApiError,
  EyeglassAuthenticationError,
  EyeglassConflictError,
  EyeglassError,
  EyeglassNotFoundError,
  EyeglassUnexpectedResponseError,
  errorFromAnswer,
} from '../../src/core/errors.js';

const context = { operationId: 'getFailoverJob', method: 'GET', url: 'https://eyeglass.test/sera/v2/jobs/failover/j' };

describe('errorFromAnswer', () => {
  it.each([
    [
      'an Error body',
      400,
      { code: 400, message: 'state must be one of all, running, finished.' },
      EyeglassApiError,
      { code: 400, apiMessage: 'state must be one of all, running, finished.' },
    ],
    [
      'a 404 Error body',
      404,
      { code: 404, message: 'Not found.' },
      EyeglassNotFoundError,
      { status: 404, code: 404, apiMessage: 'Not found.' },
    ],
    [
      'a 409 Error body without a code',
      409,
      { message: 'Busy.' },
      EyeglassConflictError,
      { code: 409, apiMessage: 'Busy.', blockingJobId: undefined },
    ],
    ['a 404 without an Error body', 404, '<html>Not Found</html>', EyeglassUnexpectedResponseError, { status: 404 }],
    [
      'problem details',
      422,
      { type: 'x', title: 'Invalid request', status: 422, detail: 'state must be one of all, running, finished' },
      EyeglassApiError,
      { code: 422, apiMessage: 'state must be one of all, running, finished' },
    ],
    [
      'a 403 Error body',
      403,
      { code: 403, message: 'Missing or invalid api_key header.' },
      EyeglassAuthenticationError,
      {},
    ],
    ['a 401 without a body', 401, undefined, EyeglassAuthenticationError, { code: 401 }],
    ['an HTML 502 from a proxy', 502, '<html>Bad Gateway</html>', EyeglassUnexpectedResponseError, { status: 502 }],
    [
      'a 500 with a JSON body of another shape',
      500,
      { error: 'boom' },
      EyeglassUnexpectedResponseError,
      { status: 500 },
    ],
  ])('maps %s', (_name, status, body, want, fields) => {
    const error = errorFromAnswer(context, { status, contentType: 'application/json', body });
    expect(error).toBeInstanceOf(want);
    expect(error).toBeInstanceOf(EyeglassError);
    if (want !== EyeglassUnexpectedResponseError) expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error.name).toBe(want.name);
    expect(error).toMatchObject({ ...fields, operationId: 'getFailoverJob', method: 'GET', url: context.url });
  });

  it('names the problem of a success the spec does not allow', () => {
    const error = errorFromAnswer(
      context,
      { status: 200, contentType: 'text/html', body: '<html>' },
      {},
      'a body that is not JSON',
    );
    expect(error).toBeInstanceOf(EyeglassUnexpectedResponseError);
    expect(error.message).toBe(
      'getFailoverJob (GET https://eyeglass.test/sera/v2/jobs/failover/j) answered 200 with a body that is not JSON (text/html): "<html>".',
    );
  });

  it('serializes to its public fields, the headers as an object', () => {
    const error = errorFromAnswer(context, {
      status: 404,
      contentType: 'application/json',
      body: { code: 404, message: 'Gone.' },
      headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'r-7' }),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'EyeglassNotFoundError',
      message: 'getFailoverJob (GET https://eyeglass.test/sera/v2/jobs/failover/j) answered 404: Gone.',
      operationId: 'getFailoverJob',
      method: 'GET',
      url: context.url,
      outcomeUnknown: false,
      status: 404,
      code: 404,
      apiMessage: 'Gone.',
      headers: { 'content-type': 'application/json', 'x-request-id': 'r-7' },
    });
  });

  it.each([
    ['an error answer', 503, { code: 503, message: 'Busy.' }, EyeglassApiError],
    ['an answer the spec does not allow', 502, '<html>Bad Gateway</html>', EyeglassUnexpectedResponseError],
  ])('keeps the headers of %s', (_name, status, body, want) => {
    const headers = new Headers({ 'retry-after': '7', 'x-request-id': 'r-9' });
    const error = errorFromAnswer(context, { status, contentType: 'text/html', body, headers });
    expect(error).toBeInstanceOf(want);
    const kept = (error as EyeglassApiError | EyeglassUnexpectedResponseError).headers;
    expect(kept.get('retry-after')).toBe('7');
    expect(kept.get('x-request-id')).toBe('r-9');
  });

  it('prints its own class name first in the stack', () => {
    const error = errorFromAnswer(context, { status: 403, contentType: '', body: undefined });
    expect(String(error).startsWith('EyeglassAuthenticationError: ')).toBe(true);
    expect(error.stack?.startsWith('EyeglassAuthenticationError: ')).toBe(true);
  });
});

describe('EyeglassError', () => {
  it('has no cause unless it was given one', () => {
    expect(Object.hasOwn(new EyeglassError('plain'), 'cause')).toBe(false);
    const caused = new EyeglassError('caused', undefined, { cause: new Error('inner') });
    expect((caused.cause as Error).message).toBe('inner');
  });
});

describe('EyeglassConflictError', () => {
  const conflict = (message: string) =>
    errorFromAnswer(context, { status: 409, contentType: 'application/json', body: { code: 409, message } });

  it.each([
    [
      'a zone in a running failover',
      'Zone finance is already part of running failover job job-3f9a0c6d8b2e4a17.',
      'job-3f9a0c6d8b2e4a17',
    ],
    [
      'a policy in a running failover',
      'Policy p1 is already part of running failover job job-1, started at 10:00.',
      'job-1',
    ],
    [
      'a running job of the same kind',
      'Readiness job readiness-5e0c is running: only one runs at a time.',
      'readiness-5e0c',
    ],
    ['an id with dots', 'Replication job rep.7.2 is running.', 'rep.7.2'],
    [
      'a finished job asked to cancel',
      'Failover job job-2 is already finished (cancelled): there is nothing to cancel.',
      undefined,
    ],
    ['a message that names no job', 'The zone is busy.', undefined],
  ])('names the blocking job of %s', (_name, message, blockingJobId) => {
    const error = conflict(message);
    expect(error).toBeInstanceOf(EyeglassConflictError);
    expect((error as EyeglassConflictError).blockingJobId).toBe(blockingJobId);
    expect((error as EyeglassConflictError).apiMessage).toBe(message);
  });
});

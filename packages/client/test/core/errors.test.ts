import { describe, expect, it } from 'vitest';
import {
  EyeglassApiError,
  EyeglassAuthenticationError,
  EyeglassError,
  EyeglassUnexpectedResponseError,
  errorFromAnswer,
} from '../../src/core/errors.js';

const context = { operationId: 'getFailoverJob', method: 'GET', url: 'https://eyeglass.test/sera/v2/jobs/failover/j' };

describe('errorFromAnswer', () => {
  it.each([
    [
      'an Error body',
      404,
      { code: 404, message: 'Not found.' },
      EyeglassApiError,
      { code: 404, apiMessage: 'Not found.' },
    ],
    ['an Error body without a code', 409, { message: 'Busy.' }, EyeglassApiError, { code: 409, apiMessage: 'Busy.' }],
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

  it('serializes to its public fields', () => {
    const error = errorFromAnswer(context, {
      status: 404,
      contentType: 'application/json',
      body: { code: 404, message: 'Gone.' },
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'EyeglassApiError',
      message: 'getFailoverJob (GET https://eyeglass.test/sera/v2/jobs/failover/j) answered 404: Gone.',
      operationId: 'getFailoverJob',
      method: 'GET',
      url: context.url,
      outcomeUnknown: false,
      status: 404,
      code: 404,
      apiMessage: 'Gone.',
    });
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

import type { FastifyError, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorAnswer } from '../src/error-handler.js';
import { EyeglassJobsError } from '../src/errors.js';

const request = {
  headers: { 'content-type': 'application/xml' },
  routeOptions: { bodyLimit: 1024 },
  server: { initialConfig: { bodyLimit: 2048 } },
} as unknown as FastifyRequest;

const fastifyError = (code: string, statusCode: number, message = 'from Fastify'): FastifyError =>
  Object.assign(new Error(message), { code, statusCode, name: 'FastifyError' }) as FastifyError;

describe('errorAnswer', () => {
  const cases: Array<[string, { given: Error; want: [number, string | RegExp] }]> = [
    [
      'invalid JSON',
      { given: fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400), want: [400, 'The request body is not valid JSON.'] },
    ],
    ['an empty JSON body', { given: fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400), want: [400, /empty/] }],
    [
      'a wrong Content-Length',
      { given: fastifyError('FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400), want: [400, /Content-Length/] },
    ],
    [
      'a body over the limit',
      {
        given: fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413),
        want: [413, 'The request body is larger than the limit of 1024 bytes.'],
      },
    ],
    [
      'an unknown media type',
      {
        given: fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415),
        want: [415, "Content-Type 'application/xml' is not supported."],
      },
    ],
    ['a malformed URL', { given: fastifyError('FST_ERR_BAD_URL', 400), want: [400, /malformed percent-encoding/] }],
    ['a long path parameter', { given: fastifyError('FST_ERR_MAX_PARAM_LENGTH', 414), want: [414, /too long/] }],
    [
      'a schema validation failure of another route',
      {
        given: Object.assign(fastifyError('FST_ERR_VALIDATION', 400, 'querystring/x must be integer'), {
          validation: [],
        }),
        want: [400, 'The request is not valid: querystring/x must be integer.'],
      },
    ],
    [
      'an EyeglassJobsError',
      { given: new EyeglassJobsError(409, 'Zone finance is busy.'), want: [409, 'Zone finance is busy.'] },
    ],
    ["another plugin's client error", { given: fastifyError('E_RATE', 429, 'Slow down.'), want: [429, 'Slow down.'] }],
    [
      'a server error with a status',
      { given: fastifyError('E_DB', 503, 'db at 10.0.0.5 down'), want: [500, 'Internal server error.'] },
    ],
    [
      'a plain Error',
      {
        given: new TypeError("Cannot read properties of undefined (reading 'id')"),
        want: [500, 'Internal server error.'],
      },
    ],
  ];

  it.each(cases)('maps %s', (_name, { given, want }) => {
    const [status, message] = errorAnswer(given, request);
    expect(status).toBe(want[0]);
    if (typeof want[1] === 'string') expect(message).toBe(want[1]);
    else expect(message).toMatch(want[1]);
  });
});

import { describe, expect, it } from 'vitest';
import { coerceParameter, compileRequestPart } from '../src/validation.js';

describe('coerceParameter', () => {
  const cases: Array<[string, { given: unknown; schema: Record<string, unknown>; want: unknown }]> = [
    ['true', { given: 'true', schema: { type: 'boolean' }, want: { value: true } }],
    ['false', { given: 'false', schema: { type: 'boolean' }, want: { value: false } }],
    ['True as a boolean', { given: 'True', schema: { type: 'boolean' }, want: { value: true } }],
    ['FALSE as a boolean', { given: 'FALSE', schema: { type: 'boolean' }, want: { value: false } }],
    ['fAlSe as a boolean', { given: 'fAlSe', schema: { type: 'boolean' }, want: { value: false } }],
    [
      '1 as a boolean',
      { given: '1', schema: { type: 'boolean' }, want: { problem: 'must be true or false (any letter case)' } },
    ],
    [
      'yes as a boolean',
      { given: 'yes', schema: { type: 'boolean' }, want: { problem: 'must be true or false (any letter case)' } },
    ],
    [
      't as a boolean',
      { given: 't', schema: { type: 'boolean' }, want: { problem: 'must be true or false (any letter case)' } },
    ],
    [
      'a boolean with spaces',
      { given: ' true', schema: { type: 'boolean' }, want: { problem: 'must be true or false (any letter case)' } },
    ],
    [
      'an empty boolean',
      { given: '', schema: { type: 'boolean' }, want: { problem: 'must be true or false (any letter case)' } },
    ],
    [
      'an enum value in capitals',
      { given: 'RUNNING', schema: { type: 'string', enum: ['all', 'running'] }, want: { value: 'running' } },
    ],
    [
      'an enum value outside the enum in any case',
      { given: 'Bogus', schema: { type: 'string', enum: ['all', 'running'] }, want: { value: 'Bogus' } },
    ],
    [
      'an enum value that matches two values but for case',
      { given: 'ab', schema: { type: 'string', enum: ['Ab', 'aB'] }, want: { value: 'ab' } },
    ],
    ['an integer', { given: '-42', schema: { type: 'integer' }, want: { value: -42 } }],
    ['an integer with a plus', { given: '+4', schema: { type: 'integer' }, want: { problem: 'must be an integer' } }],
    [
      'an integer with leading zeros',
      { given: '007', schema: { type: 'integer' }, want: { problem: 'must be an integer' } },
    ],
    ['an integer in hex', { given: '0x10', schema: { type: 'integer' }, want: { problem: 'must be an integer' } }],
    ['an integer with spaces', { given: ' 4', schema: { type: 'integer' }, want: { problem: 'must be an integer' } }],
    ['a decimal as an integer', { given: '4.0', schema: { type: 'integer' }, want: { problem: 'must be an integer' } }],
    [
      'an integer past 2^53',
      { given: '9007199254740993', schema: { type: 'integer' }, want: { problem: 'must be an integer' } },
    ],
    ['a number', { given: '2.5e3', schema: { type: 'number' }, want: { value: 2500 } }],
    ['Infinity as a number', { given: 'Infinity', schema: { type: 'number' }, want: { problem: 'must be a number' } }],
    ['a string', { given: ' x ', schema: { type: 'string' }, want: { value: ' x ' } }],
    ['a repeated scalar', { given: ['a', 'b'], schema: { type: 'string' }, want: { problem: 'must be given once' } }],
    [
      'one value of an array',
      { given: '3', schema: { type: 'array', items: { type: 'integer' } }, want: { value: [3] } },
    ],
    [
      'repeated array values',
      { given: ['1', '2'], schema: { type: 'array', items: { type: 'integer' } }, want: { value: [1, 2] } },
    ],
    [
      'a bad array item',
      {
        given: ['1', 'x'],
        schema: { type: 'array', items: { type: 'integer' } },
        want: { problem: 'has an item that must be an integer' },
      },
    ],
  ];

  it.each(cases)('%s', (_name, { given, schema, want }) => {
    expect(coerceParameter(given, schema)).toEqual(want);
  });
});

describe('compileRequestPart', () => {
  const query = compileRequestPart('querystring', {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, default: 10 },
      tags: { type: 'array', items: { type: 'string' } },
      'job.id': { type: 'string' },
    },
    required: ['job.id'],
  });

  it('coerces, applies defaults and drops undeclared parameters', () => {
    expect(query({ 'job.id': 'j', tags: 'a', other: 'x' })).toEqual({
      value: { 'job.id': 'j', tags: ['a'], limit: 10 },
    });
  });

  it.each([
    ['a missing required parameter', {}, "Query parameter 'job.id' is required."],
    ['a value below the minimum', { 'job.id': 'j', limit: '0' }, "Query parameter 'limit' must be >= 1."],
    ['an uncoercible value', { 'job.id': 'j', limit: 'ten' }, "Query parameter 'limit' must be an integer."],
  ])('refuses %s with a message naming the parameter', (_name, given, message) => {
    const result = query(given);
    expect(result).toHaveProperty('error');
    const { error } = result as { error: Error & { statusCode: number; validationContext: string } };
    expect(error.message).toBe(message);
    expect(error.statusCode).toBe(400);
    expect(error.validationContext).toBe('querystring');
  });

  it('keeps every header and coerces only the declared ones', () => {
    const headers = compileRequestPart('headers', { type: 'object', properties: { 'x-dry-run': { type: 'boolean' } } });
    expect(headers({ host: 'eyeglass', 'x-dry-run': 'true' })).toEqual({
      value: { host: 'eyeglass', 'x-dry-run': true },
    });
  });

  it('passes a missing body and names the field of a bad one', () => {
    const body = compileRequestPart('body', {
      type: 'object',
      properties: { reason: { type: 'string', maxLength: 3 } },
    });
    expect(body(null)).toEqual({ value: undefined });
    expect((body({ reason: 'too long' }) as { error: Error }).error.message).toBe(
      "Request body field 'reason' must be at most 3 characters long.",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Problem, readResult } from '../../src/core/result.js';
import type { ResultShape } from '../../src/core/types.js';

const job: ResultShape = { media: 'json', type: 'object', required: ['id', 'name'] };
const list: ResultShape = { media: 'json', type: 'array' };
const log: ResultShape = { media: 'text' };

describe('readResult', () => {
  it.each<[string, ResultShape, string, string | undefined, { value?: unknown; problem?: string }]>([
    [
      'an object with its required fields',
      job,
      'application/json',
      '{"id":"a","name":"b","x":1}',
      { value: { id: 'a', name: 'b', x: 1 } },
    ],
    ['a JSON content type with a charset', list, 'application/json; charset=utf-8', '[1]', { value: [1] }],
    ['JSON without a content type', list, '', '[]', { value: [] }],
    ['an object missing fields', job, 'application/json', '{"id":"a"}', { problem: 'an object without name' }],
    [
      'an array for an object',
      job,
      'application/json',
      '[]',
      { problem: 'JSON of type array where the spec says object' },
    ],
    [
      'null for an object',
      job,
      'application/json',
      'null',
      { problem: 'JSON of type null where the spec says object' },
    ],
    ['an HTML page', list, 'text/html', '<html></html>', { problem: 'a body that is not JSON' }],
    ['a truncated body', list, 'application/json', '[{"id":', { problem: 'a body that is not JSON' }],
    ['an empty body', list, 'application/json', '', { problem: 'an empty body where the spec says JSON' }],
    ['no body at all', list, 'application/json', undefined, { problem: 'an empty body where the spec says JSON' }],
    ['plain text', log, 'text/plain', 'line\n', { value: 'line\n' }],
    ['an empty log', log, 'text/plain', undefined, { value: '' }],
    ['a log sent as a JSON string', log, 'application/json', '"line\\n"', { value: 'line\n' }],
    ['a JSON object for text', log, 'application/json', '{"a":1}', { problem: 'JSON where the spec says text' }],
    [
      'an HTML page for text',
      log,
      'text/html; charset=utf-8',
      '<html>',
      { problem: 'an HTML page where the spec says text' },
    ],
    ['no content expected', { media: 'none' }, '', 'ignored', { value: undefined }],
  ])('%s', (_name, shape, contentType, body, want) => {
    const reading = readResult(shape, contentType, body);
    if (want.problem) expect(reading).toEqual(new Problem(want.problem));
    else expect(reading).toEqual(want.value);
  });
});

import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { fillPath, serializePath } from '../../src/core/path-template.js';

const base = 'https://eyeglass.test/sera';

describe('serializePath', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['one parameter', '/v2/jobs/failover/{id}', { id: 'job-7d1c5b0e2a9f4c31' }],
    ['a parameter followed by more path', '/v2/jobs/failover/{id}/log', { id: 'job-1' }],
    ['characters that must be encoded', '/v2/jobs/failover/{id}', { id: 'job/1 2?x=%&#é' }],
    ['a number', '/v2/jobs/readiness/{id}', { id: 42 }],
    ['two parameters', '/v2/{kind}/jobs/{id}', { kind: 'failover', id: 'a b' }],
    ['the same parameter twice', '/v2/{id}/x/{id}', { id: 'j' }],
    ['a missing value, left as it is', '/v2/jobs/failover/{id}', {}],
    ['a null value, left as it is', '/v2/jobs/failover/{id}', { id: null }],
    ['no parameter', '/v2/jobs/failover', { id: 'unused' }],
    ['a label parameter, left to openapi-fetch', '/v2/jobs/{.id}', { id: 'j' }],
    ['a matrix parameter, left to openapi-fetch', '/v2/jobs/{;id}', { id: 'j' }],
    ['an exploded array, left to openapi-fetch', '/v2/jobs/{id*}', { id: ['a', 'b'] }],
    ['an array value, left to openapi-fetch', '/v2/jobs/{id}', { id: ['a', 'b'] }],
    ['an object value, left to openapi-fetch', '/v2/jobs/{id}', { id: { a: 1 } }],
    ['empty braces', '/v2/jobs/{}/x', { '': 'j' }],
    ['nested braces', '/v2/jobs/{a{id}', { id: 'j', 'a{id': 'k' }],
    ['an unclosed brace', '/v2/jobs/{id', { id: 'j' }],
  ])('gives what openapi-fetch gives for %s', (_name, path, params) => {
    expect(serializePath(base + path, params)).toBe(defaultPathSerializer(base + path, params));
    // Filled from its split template, twice: the second time from the kept split.
    for (let i = 0; i < 2; i++) expect(base + fillPath(path, params)).toBe(defaultPathSerializer(base + path, params));
  });
});

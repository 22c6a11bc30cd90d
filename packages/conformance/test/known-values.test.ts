import { describe, expect, it } from 'vitest';
import { buildRequest, CreatedIds, combineKnownValues, knownValuesFrom } from '../src/index.js';

const created = (id: unknown, status = 201) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id }),
});

describe('CreatedIds', () => {
  it('makes the id of a 201 answer known to the path parameters of operations of the same tag', () => {
    const ids = new CreatedIds();
    expect(ids.record('launchFailover', created('job-1'))).toBe('job-1');
    expect(ids.record('runReadinessJob', created('readiness-1'))).toBe('readiness-1');
    expect(ids.knownValues('getFailoverJob', 'id')).toEqual(['job-1']);
    expect(ids.knownValues('cancelFailoverJob', 'id')).toEqual(['job-1']);
    expect(ids.knownValues('getReadinessJob', 'id')).toEqual(['readiness-1']);
    expect(ids.knownValues('getReplicationJob', 'id')).toEqual([]);
  });

  it('offers created ids to path parameters only, never to query parameters', () => {
    const ids = new CreatedIds();
    ids.record('launchFailover', created('job-1'));
    expect(ids.knownValues('launchFailover', 'sourceid')).toEqual([]);
    expect(ids.knownValues('listFailoverJobs', 'state')).toEqual([]);
  });

  const ignored: Array<[string, { status: number; body: string }]> = [
    ['an answer other than 201', { status: 200, body: '{"id":"job-1"}' }],
    ['a body that is not JSON', { status: 201, body: 'created' }],
    ['a body without an id', { status: 201, body: '{"job":"job-1"}' }],
    ['an id that is not a string', { status: 201, body: '{"id":7}' }],
    ['a null body', { status: 201, body: 'null' }],
  ];
  it.each(ignored)('records nothing for %s', (_name, answer) => {
    const ids = new CreatedIds();
    expect(ids.record('launchFailover', { ...answer, headers: {} })).toBeUndefined();
    expect(ids.ids('failover')).toEqual([]);
  });

  it('keeps each id once, oldest first', () => {
    const ids = new CreatedIds();
    ids.add('failover', 'job-1');
    ids.add('failover', 'job-2');
    ids.add('failover', 'job-1');
    expect(ids.ids('failover')).toEqual(['job-1', 'job-2']);
  });
});

describe('knownValuesFrom and combineKnownValues', () => {
  it('give the same values for a parameter in every operation, and all providers’ values together', () => {
    const inventory = knownValuesFrom({ policy: ['policy-a'], sourceid: ['cluster-a'] });
    const ids = new CreatedIds();
    ids.add('failover', 'job-1');
    const known = combineKnownValues(inventory, undefined, ids.knownValues);
    expect(known('launchDrTest', 'policy')).toEqual(['policy-a']);
    expect(known('launchRehearsal', 'sourceid')).toEqual(['cluster-a']);
    expect(known('getFailoverJob', 'id')).toEqual(['job-1']);
    expect(known('launchFailover', 'toString')).toEqual([]);
  });
});

describe('buildRequest with known values', () => {
  it('leaves out known values the parameter’s schema refuses, so a valid request stays valid', () => {
    const known = knownValuesFrom({ pool: ['not-a-pool', 'groupnet0:subnet0:pool-a'], sourceid: [''] });
    const request = buildRequest(
      {
        operationId: 'launchFailover',
        kind: 'valid',
        values: {
          sourceid: { known: 0, fallback: 'cluster-fallback' },
          targetid: { literal: 'cluster-b' },
          failovertarget: { literal: 'zone-a' },
          pool: { known: 0, fallback: '' },
        },
        expect: [],
      },
      { apiKey: 'igls-key', knownValues: known },
    );
    expect(request.path).toBe(
      '/sera/v2/jobs/failover?sourceid=cluster-fallback&targetid=cluster-b&failovertarget=zone-a&pool=groupnet0%3Asubnet0%3Apool-a',
    );
    expect(request.headers).toEqual({ api_key: 'igls-key' });
  });
});

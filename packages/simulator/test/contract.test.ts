import { operations } from '@eyeglass-jobs/spec';
import type { Job } from '@eyeglass-jobs/types';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type JobsHandlers, type OperationInput, type QueryInput, queryDefaults, type Reply } from '../src/index.js';
import { assertReplyMatchesSpec } from './fixtures/spec-validator.js';

describe('the handler contract', () => {
  it('has one handler per operation of the spec', () => {
    const handlers: Record<keyof JobsHandlers, true> = {
      listFailoverJobs: true,
      launchFailover: true,
      launchDrTest: true,
      launchRehearsal: true,
      getFailoverJob: true,
      cancelFailoverJob: true,
      getFailoverJobLog: true,
      listReadinessJobs: true,
      runReadinessJob: true,
      getReadinessJob: true,
      listReplicationJobs: true,
      runReplicationJob: true,
      getReplicationJob: true,
      listNodes: true,
      getNode: true,
      listNodeZones: true,
      getNodeZone: true,
      listNodePolicies: true,
      getNodePolicy: true,
      listNodePools: true,
      getNodePool: true,
      getHealthcheck: true,
    };
    expect(Object.keys(handlers).sort()).toEqual(operations.map((operation) => operation.operationId).sort());
  });

  it('fills in the vendor defaults of a failover launch from the spec', () => {
    expect(queryDefaults('launchFailover')).toEqual({
      pool: '',
      controlled: true,
      datasync: true,
      configsync: false,
      resyncprep: true,
      disablemirror: false,
      quotasync: true,
      blockonwarnings: true,
      smbdataintegrity: false,
    });
    expect(queryDefaults('getFailoverJob')).toEqual({});
  });

  it('types filled-in defaults as present and other optional parameters as optional', () => {
    expectTypeOf<QueryInput<'listFailoverJobs'>['state']>().toEqualTypeOf<'all' | 'running' | 'finished'>();
    expectTypeOf<QueryInput<'listFailoverJobs'>['success']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<QueryInput<'launchFailover'>['controlled']>().toEqualTypeOf<boolean>();
    expectTypeOf<QueryInput<'launchFailover'>['rollbackrenameshares']>().toEqualTypeOf<boolean | undefined>();
  });

  it('types replies by the statuses the spec documents', () => {
    expectTypeOf<Reply<'getFailoverJob', 200>>().toEqualTypeOf<{ status: 200; body: Job }>();
    expectTypeOf<Reply<'getFailoverJobLog', 200>['body']>().toEqualTypeOf<string>();
    expectTypeOf<OperationInput<'runReadinessJob'>['params']>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<OperationInput<'getReadinessJob'>['params']>().toEqualTypeOf<{ id: string }>();
    // @ts-expect-error listReadinessJobs documents no 404
    expectTypeOf<Reply<'listReadinessJobs', 404>>().not.toBeNever();
  });
});

describe('the spec check used on every reply', () => {
  it('accepts a documented status with a body of its schema', () => {
    expect(() => assertReplyMatchesSpec('runReadinessJob', { status: 201, body: { id: 'readiness-1' } })).not.toThrow();
  });

  it.each([
    [
      'an undocumented status',
      'listReadinessJobs',
      { status: 404, body: { code: 404, message: 'x' } },
      /status 404 is not documented for listReadinessJobs/,
    ],
    [
      'a body missing a required field',
      'getReadinessJob',
      { status: 200, body: { id: 'x', name: 'y' } },
      /must have required property/,
    ],
    [
      'an Error whose code is not the status',
      'getReadinessJob',
      { status: 404, body: { code: 400, message: 'x' } },
      /error code 400 differs from the HTTP status 404/,
    ],
    [
      'an Error code that is not an integer',
      'runReadinessJob',
      { status: 409, body: { code: '409', message: 'x' } },
      /must be integer/,
    ],
  ] as const)('rejects %s', (_, operationId, reply, message) => {
    expect(() => assertReplyMatchesSpec(operationId, reply)).toThrow(message);
  });
});

import type {
  Job,
  JobKind,
  JobOfKind,
  JobState,
  JobStatusDetail,
  operations,
  ReadinessStatus,
} from '@eyeglass-jobs/types';
import { describe, expectTypeOf, it } from 'vitest';

type LaunchQuery = operations['launchFailover']['parameters']['query'];
type ListQuery = NonNullable<operations['listFailoverJobs']['parameters']['query']>;
type DrTestQuery = operations['launchDrTest']['parameters']['query'];

describe('generated types', () => {
  it('makes the required query parameters of a launch required', () => {
    expectTypeOf<LaunchQuery>().toHaveProperty('sourceid').toEqualTypeOf<string>();
    expectTypeOf<Pick<LaunchQuery, 'sourceid' | 'targetid' | 'failovertarget'>>().toEqualTypeOf<{
      sourceid: string;
      targetid: string;
      failovertarget: string;
    }>();
    // @ts-expect-error failovertarget is required
    const missing: LaunchQuery = { sourceid: 'a', targetid: 'b' };
    void missing;
  });

  it('keeps parameters that have a default optional', () => {
    const minimal: LaunchQuery = { sourceid: 'a', targetid: 'b', failovertarget: 'z' };
    expectTypeOf(minimal).toEqualTypeOf<LaunchQuery>();
    expectTypeOf<LaunchQuery['controlled']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ListQuery['state']>().toEqualTypeOf<'all' | 'running' | 'finished' | undefined>();
    expectTypeOf<DrTestQuery['enable']>().toEqualTypeOf<boolean>();
  });

  it('refuses a misspelled parameter', () => {
    // @ts-expect-error there is no parameter named sourceId
    const wrong: LaunchQuery = { sourceId: 'a', targetid: 'b', failovertarget: 'z' };
    void wrong;
  });

  it('types the models with their enums and recursive trees', () => {
    expectTypeOf<Job['jobStatusDetails']>().toEqualTypeOf<JobStatusDetail>();
    expectTypeOf<JobStatusDetail['childrenDetails']>().toEqualTypeOf<JobStatusDetail[]>();
    expectTypeOf<JobState>().toEqualTypeOf<'pending' | 'running' | 'finished'>();
    expectTypeOf<Job['started']>().toEqualTypeOf<number>();
    expectTypeOf<ReadinessStatus>().toExtend<string>();
    expectTypeOf<'REHEARSAL_ACTIVE'>().toExtend<ReadinessStatus>();
  });
});

describe('job kinds', () => {
  it('are the kinds the spec reads by id under /v2/jobs/{kind}/{id}', () => {
    expectTypeOf<JobKind>().toEqualTypeOf<'failover' | 'readiness' | 'replication'>();
  });

  it('show a failover job as a Job and the others as their step tree', () => {
    expectTypeOf<JobOfKind<'failover'>>().toEqualTypeOf<Job>();
    expectTypeOf<JobOfKind<'readiness'>>().toEqualTypeOf<JobStatusDetail>();
    expectTypeOf<JobOfKind<'replication'>>().toEqualTypeOf<JobStatusDetail>();
    expectTypeOf<JobOfKind<JobKind>>().toEqualTypeOf<Job | JobStatusDetail>();
  });
});

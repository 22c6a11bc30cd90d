/**
 * Type tests: `pnpm typecheck` checks this file, so a parameter the spec does not allow, a missing
 * required one, or a wrong result type fails the build. At run time vitest only sees the no-ops.
 */
import type { Job, JobCreated, JobStatusDetail } from '@eyeglass-jobs/types';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createEyeglassClient,
  type EyeglassApiError,
  type EyeglassWaitTimeoutError,
  type LaunchFailoverQuery,
  type ListFailoverJobsQuery,
  type RequestOptions,
} from '../src/index.js';

const eg = createEyeglassClient({
  baseUrl: 'https://eyeglass.test/sera',
  apiKey: 'igls-k',
  fetch: () => Promise.reject(new Error('type tests send nothing')),
});

/** Compiled, never run: each marked line must be a type error. */
function refusedCalls(id: string): void {
  // @ts-expect-error a misspelled filter
  void eg.failover.list({ stat: 'running' });
  // @ts-expect-error a state outside the enum
  void eg.failover.list({ state: 'done' });
  // @ts-expect-error success is a boolean
  void eg.failover.list({ success: 'true' });
  // @ts-expect-error failovertarget is required
  void eg.failover.launch({ sourceid: 'a', targetid: 'b' });
  // @ts-expect-error the query object is required
  void eg.failover.launch();
  // @ts-expect-error a misspelled flag
  void eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z', contolled: true });
  // @ts-expect-error enable is required
  void eg.failover.drTest({ policy: 'p' });
  // @ts-expect-error rehearsal needs the cluster pair and target
  void eg.failover.rehearsal({ enable: true });
  // @ts-expect-error the job id is required
  void eg.failover.get();
  // @ts-expect-error run takes no parameters, only request options
  void eg.readiness.run({ zone: 'z' });
  // @ts-expect-error timeoutMs is a number
  void eg.replication.get(id, { timeoutMs: '1s' });
  // @ts-expect-error readiness jobs have no log
  void eg.readiness.log(id);
  // @ts-expect-error raw only knows the spec's paths
  void eg.raw.GET('/v2/jobs/unknown');
}

describe('the client types', () => {
  it('types each method from the spec', () => {
    expectTypeOf(refusedCalls).toBeFunction();
    expectTypeOf(eg.failover.list).parameter(0).toEqualTypeOf<ListFailoverJobsQuery | undefined>();
    expectTypeOf(eg.failover.list).returns.toEqualTypeOf<Promise<Job[]>>();
    expectTypeOf<ListFailoverJobsQuery>().toEqualTypeOf<{
      state?: 'all' | 'running' | 'finished';
      success?: boolean;
    }>();
    expectTypeOf(eg.failover.launch).parameter(0).toEqualTypeOf<LaunchFailoverQuery>();
    expectTypeOf<LaunchFailoverQuery['sourceid']>().toEqualTypeOf<string>();
    expectTypeOf<LaunchFailoverQuery['controlled']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf(eg.failover.launch).returns.toEqualTypeOf<Promise<JobCreated>>();
    expectTypeOf(eg.failover.drTest).returns.toEqualTypeOf<Promise<JobCreated>>();
    expectTypeOf(eg.failover.rehearsal).returns.toEqualTypeOf<Promise<JobCreated>>();
    expectTypeOf(eg.failover.get).parameters.toEqualTypeOf<[id: string, options?: RequestOptions]>();
    expectTypeOf(eg.failover.get).returns.toEqualTypeOf<Promise<Job>>();
    expectTypeOf(eg.failover.cancel).returns.toEqualTypeOf<Promise<Job>>();
    expectTypeOf(eg.failover.log).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(eg.readiness.list).returns.toEqualTypeOf<Promise<JobStatusDetail[]>>();
    expectTypeOf(eg.readiness.run).parameters.toEqualTypeOf<[options?: RequestOptions]>();
    expectTypeOf(eg.readiness.run).returns.toEqualTypeOf<Promise<JobCreated>>();
    expectTypeOf(eg.readiness.get).returns.toEqualTypeOf<Promise<JobStatusDetail>>();
    expectTypeOf(eg.replication.list).returns.toEqualTypeOf<Promise<JobStatusDetail[]>>();
    expectTypeOf(eg.replication.run).returns.toEqualTypeOf<Promise<JobCreated>>();
    expectTypeOf(eg.replication.get).returns.toEqualTypeOf<Promise<JobStatusDetail>>();
  });

  it('types the waiters and the log follower by the kind of job', () => {
    expectTypeOf(eg.failover.waitFor).returns.toEqualTypeOf<Promise<Job>>();
    expectTypeOf(eg.readiness.waitFor).returns.toEqualTypeOf<Promise<JobStatusDetail>>();
    expectTypeOf(eg.replication.waitFor).returns.toEqualTypeOf<Promise<JobStatusDetail>>();
    expectTypeOf(eg.failover.waitFor).parameter(1).exclude<undefined>().toHaveProperty('onProgress');
    expectTypeOf<NonNullable<Parameters<typeof eg.failover.waitFor>[1]>['onProgress']>().toEqualTypeOf<
      ((job: Job) => void) | undefined
    >();
    expectTypeOf(eg.failover.followLog).returns.toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
    expectTypeOf<EyeglassWaitTimeoutError<Job>['lastJob']>().toEqualTypeOf<Job | undefined>();
  });

  it('types the raw openapi-fetch client and the errors', async () => {
    const call = () => eg.raw.GET('/v2/jobs/failover/{id}', { params: { path: { id: 'x' } } });
    // Equal in both directions: openapi-fetch rebuilds the object type, so the alias differs.
    expectTypeOf<Awaited<ReturnType<typeof call>>['data']>().toExtend<Job | undefined>();
    expectTypeOf<Job | undefined>().toExtend<Awaited<ReturnType<typeof call>>['data']>();
    expectTypeOf<EyeglassApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<EyeglassApiError['code']>().toEqualTypeOf<number>();
    expectTypeOf<EyeglassApiError['apiMessage']>().toEqualTypeOf<string>();
  });
});

/**
 * Type tests of the generated handler interface: inputs carry the spec's types, and a result
 * compiles only when it is one of the operation's documented status and body pairs.
 */
import type { CancelRequest, Job, JobCreated, JobId, JobStatusDetail } from '@eyeglass-jobs/types';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CancelFailoverJobInput,
  type EyeglassJobsHandlers,
  type EyeglassJobsOptions,
  errorResult,
  type GetFailoverJobInput,
  type GetFailoverJobLogResult,
  type GetFailoverJobResult,
  type HandlerContext,
  type LaunchFailoverInput,
  type LaunchFailoverResult,
  type ListFailoverJobsInput,
} from '../src/index.js';
import { readinessJob, zoneFailoverJob } from './fixtures.js';

describe('handler inputs', () => {
  it('types path parameters from the spec', () => {
    expectTypeOf<GetFailoverJobInput['params']>().toEqualTypeOf<{ id: JobId }>();
    expectTypeOf<LaunchFailoverInput['params']>().toEqualTypeOf<Record<string, never>>();
  });

  it('makes query parameters with a default non-optional, and leaves the others optional', () => {
    type Query = LaunchFailoverInput['query'];
    expectTypeOf<Query['controlled']>().toEqualTypeOf<boolean>();
    expectTypeOf<Query['pool']>().toEqualTypeOf<string>();
    expectTypeOf<Query['sourceid']>().toEqualTypeOf<string>();
    expectTypeOf<Query>().toHaveProperty('rollbackrenameshares').toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ListFailoverJobsInput['query']['state']>().toEqualTypeOf<'all' | 'running' | 'finished'>();
    expectTypeOf<ListFailoverJobsInput['query']['success']>().toEqualTypeOf<boolean | undefined>();
  });

  it('types the api key header as present, and bodies from the spec', () => {
    expectTypeOf<GetFailoverJobInput['headers']['api_key']>().toEqualTypeOf<string>();
    expectTypeOf<GetFailoverJobInput['body']>().toEqualTypeOf<undefined>();
    expectTypeOf<CancelFailoverJobInput['body']>().toEqualTypeOf<CancelRequest | undefined>();
  });

  it('gives every handler the same context', () => {
    expectTypeOf<Parameters<EyeglassJobsHandlers['getFailoverJob']>[1]>().toEqualTypeOf<HandlerContext>();
  });
});

describe('handler results', () => {
  it('accepts each documented status and body pair, sync or async', () => {
    const handlers: EyeglassJobsHandlers['getFailoverJob'][] = [
      () => ({ status: 200, body: zoneFailoverJob }),
      async () => ({ status: 404, body: { code: 404, message: 'Failover job job-1 was not found.' } }),
      () => errorResult(404, 'Failover job job-1 was not found.'),
      // The default response covers the error statuses the operation does not list.
      () => errorResult(503, 'Eyeglass is starting.'),
    ];
    expectTypeOf(handlers).toBeArray();
    expectTypeOf<Extract<LaunchFailoverResult, { status: 201 }>['body']>().toEqualTypeOf<JobCreated>();
    expectTypeOf<Extract<GetFailoverJobResult, { status: 200 }>['body']>().toEqualTypeOf<Job>();
    const conflict: GetFailoverJobResult = { status: 409, body: { code: 409, message: 'Busy.' } };
    expectTypeOf(conflict).toExtend<GetFailoverJobResult>();
    expectTypeOf<Extract<GetFailoverJobLogResult, { status: 200 }>['body']>().toEqualTypeOf<string>();
  });

  it('refuses a status the operation does not document', () => {
    // @ts-expect-error launchFailover answers 201, not 200
    const launch: LaunchFailoverResult = { status: 200, body: { id: 'job-1' } };
    // @ts-expect-error a success status is not covered by the default (error) response
    const get: GetFailoverJobResult = { status: 202, body: zoneFailoverJob };
    // @ts-expect-error statuses outside the registered ones do not compile
    const odd: GetFailoverJobResult = { status: 499, body: { code: 499, message: 'closed' } };
    expectTypeOf([launch, get, odd]).toBeArray();
  });

  it('refuses a body that does not match its status', () => {
    // @ts-expect-error a 200 of getFailoverJob carries a Job, not a job status detail
    const wrongModel: GetFailoverJobResult = { status: 200, body: readinessJob };
    // @ts-expect-error an Error body needs a message
    const noMessage: GetFailoverJobResult = { status: 404, body: { code: 404 } };
    // @ts-expect-error an error status carries an Error body, not a Job
    const jobAsError: GetFailoverJobResult = { status: 404, body: zoneFailoverJob };
    // @ts-expect-error the log is text
    const logAsJson: GetFailoverJobLogResult = { status: 200, body: { lines: [] } };
    expectTypeOf([wrongModel, noMessage, jobAsError, logAsJson]).toBeArray();
  });

  it('refuses a handler whose result breaks the spec', () => {
    const handlers: Partial<EyeglassJobsHandlers> = {
      // @ts-expect-error runReadinessJob answers 201 with the new id
      runReadinessJob: () => ({ status: 200, body: readinessJob }),
      // @ts-expect-error getReadinessJob answers a JobStatusDetail
      getReadinessJob: async () => ({ status: 200, body: { id: 'r-1' } }),
    };
    expectTypeOf(handlers).toBeObject();
    expectTypeOf<
      Extract<ReturnType<EyeglassJobsHandlers['getReadinessJob']>, { status: 200 }>['body']
    >().toEqualTypeOf<JobStatusDetail>();
  });

  it('takes any subset of the handlers in the plugin options', () => {
    expectTypeOf<{ handlers: Record<string, never>; apiKeys: string[] }>().toExtend<EyeglassJobsOptions>();
  });
});

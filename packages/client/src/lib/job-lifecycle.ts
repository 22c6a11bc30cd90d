/**
 * When a job is over, and whether it failed, for each kind of job. A failover job's state is in its
 * step tree (`jobStatusDetails`); a readiness or replication job is a step tree itself. An
 * appliance may leave fields out (the vendor's model makes them all optional): a job without its
 * state is over once its `finished` time is set, and one without `success` is not called a success.
 */
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';

export interface JobLifecycle<J> {
  isFinished(job: J): boolean;
  /** Why a finished job failed, or undefined when it did not. */
  failure(job: J): string | undefined;
}

function describe(step: Partial<JobStatusDetail> | undefined): string {
  return `${step?.status || 'no status'}${step?.info ? ` (${step.info})` : ''}`;
}

/** Over when its state says so, or, for an answer without a state, once its `finished` time is set. */
function isOver(state: string | undefined, finished: number | undefined): boolean {
  return state === undefined ? typeof finished === 'number' && finished > 0 : state === 'finished';
}

/** A failover, DR test or rehearsal job failed when `success` is not true once it is finished. */
export const failoverLifecycle: JobLifecycle<Job> = {
  isFinished: (job) => isOver((job.jobStatusDetails as Partial<JobStatusDetail> | undefined)?.state, job.finished),
  failure: (job) =>
    job.success === true ? undefined : `success is ${String(job.success)}, status ${describe(job.jobStatusDetails)}`,
};

/** Statuses of a finished readiness or replication job that mean it did not do its work. */
const FAILED_STATUSES = ['ERROR', 'CANCELLED'];

/**
 * A readiness or replication job failed when it finished with status ERROR or CANCELLED. WARNING
 * is a result (the job ran and found warnings), not a failure.
 */
export const stepTreeLifecycle: JobLifecycle<JobStatusDetail> = {
  isFinished: (job) => isOver(job.state, job.finished),
  failure: (job) => (FAILED_STATUSES.includes(job.status) ? `status ${describe(job)}` : undefined),
};

/**
 * When a job is over, and whether it failed, for each kind of job. A failover job's state is in its
 * step tree (`jobStatusDetails`); a readiness or replication job is a step tree itself.
 */
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';

export interface JobLifecycle<J> {
  isFinished(job: J): boolean;
  /** Why a finished job failed, or undefined when it did not. */
  failure(job: J): string | undefined;
}

function describe(step: JobStatusDetail): string {
  return `${step.status || 'no status'}${step.info ? ` (${step.info})` : ''}`;
}

/** A failover, DR test or rehearsal job failed when `success` is false once it is finished. */
export const failoverLifecycle: JobLifecycle<Job> = {
  isFinished: (job) => job.jobStatusDetails.state === 'finished',
  failure: (job) => (job.success ? undefined : `success is false, status ${describe(job.jobStatusDetails)}`),
};

/** Statuses of a finished readiness or replication job that mean it did not do its work. */
const FAILED_STATUSES = ['ERROR', 'CANCELLED'];

/**
 * A readiness or replication job failed when it finished with status ERROR or CANCELLED. WARNING
 * is a result (the job ran and found warnings), not a failure.
 */
export const stepTreeLifecycle: JobLifecycle<JobStatusDetail> = {
  isFinished: (job) => job.state === 'finished',
  failure: (job) => (FAILED_STATUSES.includes(job.status) ? `status ${describe(job)}` : undefined),
};

/** Jobs and logs for tests, taken from the spec's own examples so that they always match the schemas. */
import { document } from '@eyeglass-jobs/spec';
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';

const examples = document.components.examples;

const copy = <T>(value: unknown): T => structuredClone(value) as T;

/** A finished, successful zone failover. */
export const finishedJob = (): Job => copy(examples.ZoneFailoverJob.value);
/** A policy failover that is still running. */
export const runningJob = (): Job => copy(examples.RunningPolicyFailoverJob.value);
/** A finished readiness job. */
export const readinessJob = (): JobStatusDetail => copy(examples.ReadinessJob.value);
/** A running replication job. */
export const replicationJob = (): JobStatusDetail => copy(examples.ReplicationJob.value);

/** A copy of a failover job with its step tree's root in another state. */
export function withState(job: Job, state: JobStatusDetail['state'], changes: Partial<Job> = {}): Job {
  return { ...job, ...changes, jobStatusDetails: { ...job.jobStatusDetails, state } };
}

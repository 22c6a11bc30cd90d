/**
 * Turns stored jobs into the API's objects: the step rows into a `JobStatusDetail` tree, and a
 * failover job into a `Job`. A finished job's view never changes, so it is built once and frozen,
 * and the route layer serializes it once too.
 */
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { deepFreeze } from './domain/freeze.js';
import type { JobRecord, StepRecord } from './domain/job.js';
import { shownJobType } from './domain/job-type.js';
import { type SubjectSnapshot, subjectNow } from './engine/targets.js';
import type { LiveInventory } from './inventory/live-inventory.js';

export function statusTree(steps: StepRecord[]): JobStatusDetail {
  const details = new Map<number, JobStatusDetail>();
  let root: JobStatusDetail | undefined;
  for (const step of steps) {
    const detail: JobStatusDetail = {
      id: step.id,
      name: step.name,
      state: step.state,
      status: step.status,
      info: step.info,
      started: step.started,
      finished: step.finished,
      childrenDetails: [],
    };
    details.set(step.ord, detail);
    if (step.parentOrd === null) root = detail;
    else details.get(step.parentOrd)?.childrenDetails.push(detail);
  }
  if (!root) throw new Error('A stored job has no root step.');
  return root;
}

/**
 * A failover job as the API shows it. While it is pending or running, its clusters, zone and
 * policies show their readiness as it is now; once finished, as it was when it finished, so a
 * finished job never changes.
 */
export function failoverJob(record: JobRecord, live: LiveInventory): Job {
  const stored = record.subject as SubjectSnapshot;
  const subject = record.state === 'finished' ? stored : subjectNow(stored, live);
  const jobStatusDetails = statusTree(record.steps);
  return {
    id: record.id,
    name: record.name,
    ...shownJobType(record.jobType),
    started: jobStatusDetails.started,
    finished: jobStatusDetails.finished,
    success: record.success ?? false,
    ...subject,
    jobStatusDetails,
  };
}

/**
 * `failoverJob` with the views of finished jobs kept: neither a finished job's record nor its view
 * changes. Records are keyed by identity (the store hands out one record per finished job while it
 * stays cached).
 */
export class FailoverJobViews {
  private readonly finished = new WeakMap<JobRecord, Job>();

  constructor(private readonly live: LiveInventory) {}

  view(record: JobRecord): Job {
    if (record.state !== 'finished') return failoverJob(record, this.live);
    let job = this.finished.get(record);
    if (!job) {
      job = deepFreeze(failoverJob(record, this.live));
      this.finished.set(record, job);
    }
    return job;
  }
}

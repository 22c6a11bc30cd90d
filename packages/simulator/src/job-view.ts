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
 * The views of finished jobs, kept: neither a finished job's record nor its view changes. Records
 * are keyed by identity (the store hands out one record per finished job while it stays cached),
 * and so are the store's finished lists, which it hands out again until the set of finished jobs
 * changes: a list polled while nothing finishes is the same array of the same frozen views, whose
 * bytes the route layer has from the last answer.
 */
export class FinishedViews<T> {
  private readonly finished = new WeakMap<JobRecord, T>();
  private readonly lists = new WeakMap<readonly JobRecord[], T[]>();

  constructor(private readonly build: (record: JobRecord) => T) {}

  view(record: JobRecord): T {
    if (record.state !== 'finished') return this.build(record);
    let view = this.finished.get(record);
    if (view === undefined) {
      view = deepFreeze(this.build(record));
      this.finished.set(record, view);
    }
    return view;
  }

  list(records: readonly JobRecord[]): T[] {
    const kept = this.lists.get(records);
    if (kept) return kept;
    const views = records.map((record) => this.view(record));
    // Only a frozen list is handed out again by the store; a list with unfinished jobs is built anew.
    // The views are frozen, not their array: V8 reads a frozen array's elements many times slower,
    // and the route layer compares a list with the last one it answered item by item.
    if (Object.isFrozen(records) && records.every((record) => record.state === 'finished')) {
      this.lists.set(records, views);
    }
    return views;
  }
}

/** The views of failover jobs (`failoverJob`), finished ones kept. */
export const failoverJobViews = (live: LiveInventory): FinishedViews<Job> =>
  new FinishedViews((record) => failoverJob(record, live));

/** The views of readiness and replication jobs (their status trees), finished ones kept. */
export const statusTreeViews = (): FinishedViews<JobStatusDetail> =>
  new FinishedViews((record) => statusTree(record.steps));

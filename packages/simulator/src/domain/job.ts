/**
 * The simulator's jobs as records: a job, its step tree and what one event of it changes. The
 * engine builds and runs them, the store keeps them, and the views turn them into the API's
 * objects.
 */
import type { JobState } from '@eyeglass-jobs/types';
import type { EntityChange } from './entity-state.js';
import type { StoredJobType } from './job-type.js';

/** The three job lists of the API: failover (with DR test and rehearsal), readiness, replication. */
export type JobKind = 'failover' | 'readiness' | 'replication';

/** The `state` filter of the list operations. */
export type StateFilter = 'all' | 'running' | 'finished';

export interface StepRecord {
  /** Position in the tree, depth first; 0 is the job itself. */
  ord: number;
  parentOrd: number | null;
  id: string;
  name: string;
  state: JobState;
  status: string;
  info: string;
  started: number;
  finished: number;
}

export interface JobRecord {
  seq: number;
  id: string;
  kind: JobKind;
  jobType: StoredJobType | null;
  name: string;
  state: JobState;
  /** Failover jobs only. */
  success: boolean | null;
  created: number;
  finished: number;
  cancelRequested: boolean;
  /** What a failover job acts on, as it was at launch (JSON). */
  subject: unknown;
  steps: StepRecord[];
}

export interface NewJob {
  id: string;
  kind: JobKind;
  jobType: StoredJobType | null;
  name: string;
  success: boolean | null;
  created: number;
  subject: unknown;
  steps: StepRecord[];
  log: string[];
}

/** Everything one event of a job changes, written in one transaction. */
export interface Transition {
  job?: Partial<Pick<JobRecord, 'state' | 'success' | 'finished' | 'cancelRequested' | 'subject'>>;
  steps?: StepRecord[];
  log?: string[];
  entities?: EntityChange[];
}

export interface RetentionRule {
  /** Finished jobs beyond this many (newest first) are deleted. */
  maxJobs: number;
  /** Finished jobs that finished longer ago than this are deleted. */
  maxAgeMs: number;
}

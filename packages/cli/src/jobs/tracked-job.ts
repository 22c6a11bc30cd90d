/**
 * One shape for every job the CLI shows or waits on. A failover, rehearsal or DR test job is a
 * `Job` with its step tree in `jobStatusDetails`; a readiness or replication job is a step tree
 * itself. Ids are opaque, so the kind of a job given by id is found by asking (`findJob`).
 */
import { EyeglassApiError, type EyeglassClient, type Job, type JobStatusDetail } from '@eyeglass-jobs/client';
import { usageError } from '../exit-codes.js';

/** The list a job is in, which decides how to read, wait on and cancel it. */
export type JobFamily = 'failover' | 'readiness' | 'replication';

/** What an operator calls a job: the family, and for the failover list what started the job. */
export type JobKind = 'failover' | 'rehearsal' | 'drtest' | 'readiness' | 'replication';

export const jobKinds: readonly JobKind[] = ['failover', 'rehearsal', 'drtest', 'readiness', 'replication'];

export type FamilyJob =
  | { family: 'failover'; job: Job }
  | { family: 'readiness' | 'replication'; job: JobStatusDetail };

export interface TrackedJob {
  id: string;
  family: JobFamily;
  kind: JobKind;
  /** A readable name, such as `Zone failover finance (production → dr)`. */
  title: string;
  /** What the job acts on: the zone, or the policies, by name. Empty for readiness and replication. */
  target: string;
  /** The clusters, `production → dr`, or empty. */
  route: string;
  tree: JobStatusDetail;
  finished: boolean;
  /** Whether it did its work; only final once `finished`. */
  succeeded: boolean;
  started: number;
  ended: number;
  /** The answer as it came, for `--output json`. */
  raw: Job | JobStatusDetail;
}

/** Statuses of a readiness or replication job that mean it did not do its work (WARNING is a result). */
const failedStatuses = ['ERROR', 'CANCELLED'];

function failoverKind(job: Job): JobKind {
  if (job.jobMode === 'rehearsal') return 'rehearsal';
  if (job.jobMode === 'dr_test') return 'drtest';
  return 'failover';
}

/** The names of what a failover-list job moves: its zone for a zone job, else its policies. */
export function targetNames(job: Job): string {
  if (job.jobType === 'zone_failover') return job.failoverTarget?.zone?.name ?? '';
  return (job.failoverTarget?.policies ?? []).map((policy) => policy.name).join(', ');
}

export function track(entry: FamilyJob): TrackedJob {
  if (entry.family === 'failover') {
    const { job } = entry;
    const tree = job.jobStatusDetails;
    return {
      id: job.id,
      family: 'failover',
      kind: failoverKind(job),
      title: job.name || tree.name,
      target: targetNames(job),
      route: job.sourceNode && job.targetNode ? `${job.sourceNode.name} → ${job.targetNode.name}` : '',
      tree,
      finished: tree.state === 'finished',
      succeeded: job.success,
      started: job.started || tree.started,
      ended: job.finished || tree.finished,
      raw: job,
    };
  }
  const { job } = entry;
  return {
    id: job.id,
    family: entry.family,
    kind: entry.family,
    title: job.name,
    target: '',
    route: '',
    tree: job,
    finished: job.state === 'finished',
    succeeded: !failedStatuses.includes(job.status),
    started: job.started,
    ended: job.finished,
    raw: job,
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof EyeglassApiError && error.status === 404;
}

/** Reads a job of a known family. */
export async function getJob(eg: EyeglassClient, family: JobFamily, id: string): Promise<TrackedJob> {
  if (family === 'failover') return track({ family, job: await eg.failover.get(id) });
  return track({ family, job: await eg[family].get(id) });
}

/**
 * Finds a job by id in the three lists at once. A 404 from all three is a usage error; any other
 * failure is the API's.
 */
export async function findJob(eg: EyeglassClient, id: string): Promise<TrackedJob> {
  const families: JobFamily[] = ['failover', 'readiness', 'replication'];
  const results = await Promise.allSettled(families.map((family) => getJob(eg, family, id)));
  for (const result of results) if (result.status === 'fulfilled') return result.value;
  const other = results.find((result) => result.status === 'rejected' && !isNotFound(result.reason));
  if (other && other.status === 'rejected') throw other.reason;
  throw usageError(`no job ${id} on this Eyeglass: it is not a failover, readiness or replication job id.`, [
    'Finished jobs are kept for a while only; list the known ones with: eyeglass jobs',
  ]);
}

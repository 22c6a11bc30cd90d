/**
 * Turns stored jobs into the API's objects: the step rows into a `JobStatusDetail` tree, and a
 * failover job into a `Job` whose clusters, zone and policies show their readiness as it is now
 * (as stored at launch when the inventory no longer has them). A finished job's view is built once
 * per inventory state and frozen, so the route layer serializes it once too.
 */
import type { Job, JobStatusDetail, Node, Policy, Zone } from '@eyeglass-jobs/types';
import type { SubjectSnapshot } from './engine/targets.js';
import type { LiveInventory } from './inventory/live-inventory.js';
import type { JobRecord, StepRecord } from './store/job-store.js';

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

export function failoverJob(record: JobRecord, live: LiveInventory): Job {
  const snapshot = record.subject as SubjectSnapshot;
  const node = (stored: Node) => (live.nodes.has(stored.id) ? live.node(stored.id) : stored);
  const zone = (stored: Zone) => (live.zones.has(stored.id) ? live.zone(stored.id) : stored);
  const policy = (stored: Policy) => (live.policies.has(stored.id) ? live.policy(stored.id) : stored);
  const jobStatusDetails = statusTree(record.steps);
  return {
    id: record.id,
    name: record.name,
    jobType: record.jobType ?? 'zone_failover',
    started: jobStatusDetails.started,
    finished: jobStatusDetails.finished,
    success: record.success ?? false,
    sourceNode: node(snapshot.sourceNode),
    targetNode: node(snapshot.targetNode),
    failoverTarget: {
      zone: zone(snapshot.failoverTarget.zone),
      policies: snapshot.failoverTarget.policies.map(policy),
    },
    jobStatusDetails,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * `failoverJob` with the views of finished jobs kept: a finished job's record does not change, so
 * its view only has to follow the inventory's readiness. Records are keyed by identity (the store
 * hands out one record per finished job while it stays cached).
 */
export class FailoverJobViews {
  private readonly finished = new WeakMap<JobRecord, { version: number; job: Job }>();

  constructor(private readonly live: LiveInventory) {}

  view(record: JobRecord): Job {
    if (record.state !== 'finished') return failoverJob(record, this.live);
    const { version } = this.live;
    const kept = this.finished.get(record);
    if (kept?.version === version) return kept.job;
    const job = deepFreeze(failoverJob(record, this.live));
    this.finished.set(record, { version, job });
    return job;
  }
}

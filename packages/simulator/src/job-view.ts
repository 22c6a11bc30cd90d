/**
 * Turns stored jobs into the API's objects: the step rows into a `JobStatusDetail` tree, and a
 * failover job into a `Job` whose clusters, zone and policies show their readiness as it is now
 * (as stored at launch when the inventory no longer has them).
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

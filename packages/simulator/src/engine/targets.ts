/**
 * Resolves what a failover or rehearsal acts on from its query: `sourceid` and `targetid` name
 * clusters, `failovertarget` names one access zone (a zone failover) or comma-separated SyncIQ
 * policies of one zone (a policy failover), and `pool` narrows a zone failover to one
 * SmartConnect pool. Unknown ids answer 404 naming the id; ill-formed combinations answer 400.
 */
import type { FailoverTarget, Node } from '@eyeglass-jobs/types';
import { badRequest, notFound } from '../api-error.js';
import type { NodeEntry, PolicyEntry, PoolEntry, ZoneEntry } from '../inventory/inventory.js';
import { type LiveInventory, poolSubject } from '../inventory/live-inventory.js';

export interface FailoverSubject {
  scope: 'zone' | 'policy';
  source: NodeEntry;
  target: NodeEntry;
  zone: ZoneEntry;
  /** The policies that fail over: all of the zone's, the pool's, or the listed ones. */
  policies: PolicyEntry[];
  /** The pools whose SmartConnect zones move. */
  pools: PoolEntry[];
  /** Set when `pool` narrowed a zone failover. */
  pool?: PoolEntry;
}

/** What the Job object shows about its subject: the clusters and the failover target. */
export interface SubjectSnapshot {
  sourceNode: Node;
  targetNode: Node;
  failoverTarget: FailoverTarget;
}

function findNode(live: LiveInventory, id: string, parameter: string): NodeEntry {
  const node = live.nodes.get(id);
  if (!node) throw notFound(`Cluster ${id} (${parameter}) was not found.`);
  return node;
}

/** Resolves `sourceid` and `targetid` into two different clusters. */
export function resolveClusters(
  live: LiveInventory,
  sourceid: string,
  targetid: string,
): { source: NodeEntry; target: NodeEntry } {
  const source = findNode(live, sourceid, 'sourceid');
  const target = findNode(live, targetid, 'targetid');
  if (source.id === target.id) {
    throw badRequest(`sourceid and targetid are both cluster ${source.name}: a failover needs two different clusters.`);
  }
  return { source, target };
}

function splitTarget(failovertarget: string): string[] {
  const ids = failovertarget.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) {
    throw badRequest(
      `failovertarget "${failovertarget}" has an empty entry: give one access zone id, or SyncIQ policy ids separated by commas.`,
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw badRequest(`failovertarget names ${id} twice.`);
    seen.add(id);
  }
  return ids;
}

export interface TargetQuery {
  sourceid: string;
  targetid: string;
  failovertarget: string;
  pool: string;
}

/** Resolves the query of a failover or rehearsal. */
export function resolveFailoverSubject(live: LiveInventory, query: TargetQuery): FailoverSubject {
  const { source, target } = resolveClusters(live, query.sourceid, query.targetid);
  const ids = splitTarget(query.failovertarget);
  const zoneIds = ids.filter((id) => live.zones.has(id));
  let subject: FailoverSubject;
  if (zoneIds.length > 0) {
    if (ids.length > 1) {
      throw badRequest(
        `failovertarget mixes access zone ${zoneIds[0]} with other ids: an access zone fails over on its own.`,
      );
    }
    const zone = live.zones.get(zoneIds[0]!)!;
    subject = { scope: 'zone', source, target, zone, policies: zone.policies, pools: zone.pools };
  } else {
    const places = ids.map((id) => {
      const place = live.policies.get(id);
      if (!place) throw notFound(`No access zone or SyncIQ policy has the id ${id} (failovertarget).`);
      return place;
    });
    const zones = [...new Set(places.map((place) => place.zone))];
    if (zones.length > 1) {
      throw badRequest(
        `failovertarget holds policies of ${zones.length} access zones (${zones.map((zone) => zone.name).join(', ')}): fail over the policies of each zone in their own job.`,
      );
    }
    const zone = zones[0]!;
    const policies = places.map((place) => place.policy);
    const pools = zone.pools.filter((pool) => pool.policies.some((id) => ids.includes(id)));
    subject = { scope: 'policy', source, target, zone, policies, pools };
  }
  const pair = [subject.zone.source, subject.zone.target];
  if (!pair.includes(source.id) || !pair.includes(target.id)) {
    const [a, b] = pair.map((id) => live.nodes.get(id)?.name ?? id);
    throw badRequest(
      `Access zone ${subject.zone.name} replicates between ${a} and ${b}, not between ${source.name} and ${target.name}.`,
    );
  }
  if (query.pool === '') return subject;
  if (subject.scope === 'policy') {
    throw badRequest(
      'pool narrows a zone failover, but failovertarget names SyncIQ policies: leave pool out for a policy failover.',
    );
  }
  const pool = subject.zone.pools.find((candidate) => candidate.id === query.pool);
  if (!pool) throw notFound(`SmartConnect pool ${query.pool} was not found in access zone ${subject.zone.name}.`);
  const policies = subject.zone.policies.filter((policy) => pool.policies.includes(policy.id));
  return { ...subject, pool, pools: [pool], policies };
}

/** The entities a job holds while it is pending or running, each with how a conflict names it. */
export function subjectLocks(
  subject: Pick<FailoverSubject, 'scope' | 'zone' | 'policies' | 'pools' | 'pool'>,
): Map<string, string> {
  const locks = new Map<string, string>();
  const { zone } = subject;
  if (subject.scope === 'zone' && !subject.pool) locks.set(`zone:${zone.id}`, `Access zone ${zone.name}`);
  if (subject.scope === 'zone') {
    for (const pool of subject.pools)
      locks.set(`pool:${poolSubject(zone, pool)}`, `SmartConnect pool ${pool.id} of zone ${zone.name}`);
  }
  for (const policy of subject.policies) locks.set(`policy:${policy.id}`, `SyncIQ policy ${policy.name}`);
  return locks;
}

/** The Job object's view of a subject at launch. */
export function snapshotSubject(live: LiveInventory, subject: FailoverSubject): SubjectSnapshot {
  return {
    sourceNode: live.node(subject.source.id),
    targetNode: live.node(subject.target.id),
    failoverTarget: {
      zone: live.zone(subject.zone.id),
      policies: subject.policies.map((policy) => live.policy(policy.id)),
    },
  };
}

/**
 * A stored snapshot with each cluster, zone and policy shown as it is now (readiness included);
 * an entry the inventory no longer has stays as stored.
 */
export function subjectNow(snapshot: SubjectSnapshot, live: LiveInventory): SubjectSnapshot {
  const node = (stored: Node) => (live.nodes.has(stored.id) ? live.node(stored.id) : stored);
  const { zone, policies } = snapshot.failoverTarget;
  return {
    sourceNode: node(snapshot.sourceNode),
    targetNode: node(snapshot.targetNode),
    failoverTarget: {
      zone: live.zones.has(zone.id) ? live.zone(zone.id) : zone,
      policies: policies.map((policy) => (live.policies.has(policy.id) ? live.policy(policy.id) : policy)),
    },
  };
}

/** Every subject the steps of a job may touch, for fault lookups. */
export function subjectIds(subject: FailoverSubject): string[] {
  return [
    subject.zone.id,
    ...subject.pools.map((pool) => poolSubject(subject.zone, pool)),
    ...subject.policies.map((p) => p.id),
  ];
}

/**
 * The inventory as the API shows it now: the configured entries combined with what jobs changed
 * (which cluster a policy is active on, rehearsal and DR test modes), as Node, Zone and Policy
 * objects with their derived failover readiness.
 */
import type { FailoverTarget, Node, Policy, Pool, ReadinessStatus, StatusDetail, Zone } from '@eyeglass-jobs/types';
import type { EntityState } from '../domain/entity-state.js';
import { deepFreeze } from '../domain/freeze.js';
import type { Fault, Inventory, NodeEntry, PolicyEntry, PoolEntry, ReadinessSetting, ZoneEntry } from './inventory.js';

/** A zone with its failover readiness, as jobs and single-zone answers show it. */
export type ReadyZone = FailoverTarget['zone'];
/** A policy with its failover readiness, as jobs and single-policy answers show it. */
export type ReadyPolicy = FailoverTarget['policies'][number];
/** A pool with its failover readiness. */
export type ReadyPool = Pool & Required<Pick<Pool, 'failoverReadiness' | 'readinessDetail'>>;

export interface PolicyPlace {
  policy: PolicyEntry;
  zone: ZoneEntry;
}

const configuredRank: Record<string, number> = { OK: 0, INFO: 1, WARNING: 2, ERROR: 3 };

function check(name: string, status: ReadinessStatus, reason: string, children: StatusDetail[] = []): StatusDetail {
  return { name, reason, status: { status }, statusChildren: children };
}

function configuredCheck(setting: ReadinessSetting): StatusDetail {
  return check(setting.check, setting.status, setting.reason);
}

export class LiveInventory {
  readonly nodes = new Map<string, NodeEntry>();
  readonly zones = new Map<string, ZoneEntry>();
  readonly policies = new Map<string, PolicyPlace>();
  private readonly faults = new Map<string, Fault[]>();
  /**
   * Zone, policy and pool objects and the lists of them, as last computed and frozen: they change
   * only with a state, and any state change clears them. Frozen, each is serialized once too.
   */
  private readonly views = new Map<string, unknown>();
  /** The clusters as the API shows them, frozen: no job or setting changes one. */
  private readonly nodeViews = new Map<string, Node>();
  /** Their list, not frozen itself (see `cachedList`). */
  readonly nodeList: readonly Node[];

  constructor(
    readonly inventory: Inventory,
    private readonly states: Map<string, EntityState>,
  ) {
    for (const node of inventory.nodes) {
      this.nodes.set(node.id, node);
      this.nodeViews.set(node.id, Object.freeze({ id: node.id, ip: node.ip, name: node.name }));
    }
    this.nodeList = [...this.nodeViews.values()];
    for (const zone of inventory.zones) {
      this.zones.set(zone.id, zone);
      this.faults.set(zone.id, zone.faults);
      for (const policy of zone.policies) {
        this.policies.set(policy.id, { policy, zone });
        this.faults.set(policy.id, policy.faults);
      }
      for (const pool of zone.pools) this.faults.set(poolSubject(zone, pool), pool.faults);
    }
    // States stored under an earlier inventory that no longer fit this one are forgotten.
    for (const [id, state] of states) {
      const zone = this.policies.get(id)?.zone ?? this.zones.get(id);
      if (!zone || ![zone.source, zone.target].includes(state.activeNode)) states.delete(id);
    }
  }

  /** The faults injected into an entity (a zone, policy or pool subject). */
  faultsOf(subject: string): Fault[] {
    return this.faults.get(subject) ?? [];
  }

  /** Injects more faults into a subject: an entity's, or one a job's steps were given to carry them. */
  addFaults(subject: string, faults: readonly Fault[]): void {
    this.faults.set(subject, [...this.faultsOf(subject), ...faults]);
  }

  state(id: string): EntityState {
    const place = this.policies.get(id);
    return (
      this.states.get(id) ?? { activeNode: place?.zone.source ?? this.zones.get(id)?.source ?? '', mode: 'normal' }
    );
  }

  /** Records what a job changed; the caller persists it in the same transaction as the step. */
  setState(id: string, change: Partial<EntityState>): EntityState {
    const next = { ...this.state(id), ...change };
    this.states.set(id, next);
    this.views.clear();
    return next;
  }

  /** Forgets the views built so far: an entry's configured readiness changed (the control API sets it at any time). */
  configurationChanged(): void {
    this.views.clear();
  }

  private cached<T>(key: string, build: () => T, freeze: (view: T) => T = deepFreeze): T {
    let view = this.views.get(key) as T | undefined;
    if (view === undefined) {
      view = freeze(build());
      this.views.set(key, view);
    }
    return view;
  }

  /**
   * A list kept as `cached` keeps a view, its items frozen but not the array: V8 reads a frozen
   * array's elements many times slower, and the route layer compares a list with the last one it
   * answered item by item. Nothing changes a kept list.
   */
  private cachedList<T>(key: string, build: () => T[]): T[] {
    return this.cached(key, build, (list) => {
      for (const item of list) deepFreeze(item);
      return list;
    });
  }

  node(id: string): Node {
    const node = this.nodeViews.get(id);
    if (!node) throw new Error(`Unknown node ${id}`);
    return node;
  }

  /** The cluster on the other side of a zone's replication. */
  peerOf(zone: ZoneEntry, nodeId: string): string {
    return nodeId === zone.source ? zone.target : zone.source;
  }

  private policyReadiness(place: PolicyPlace): { status: ReadinessStatus; detail: StatusDetail[] } {
    const { policy, zone } = place;
    const state = this.state(policy.id);
    const configured = configuredCheck(policy.readiness);
    if (state.mode === 'dr_test') {
      const reason = 'DR test mode is active: the target is writable.';
      return { status: 'REHEARSAL_ACTIVE', detail: [configured, check('DR test mode', 'REHEARSAL_ACTIVE', reason)] };
    }
    if (state.mode === 'rehearsal' || this.state(zone.id).mode === 'rehearsal') {
      return {
        status: 'REHEARSAL_ACTIVE',
        detail: [configured, check('Rehearsal mode', 'REHEARSAL_ACTIVE', 'Rehearsal mode is active.')],
      };
    }
    if (state.activeNode !== zone.source) {
      const reason = `Failed over to ${this.nodes.get(state.activeNode)?.name ?? state.activeNode}.`;
      return { status: 'FAILED_OVER', detail: [configured, check('Failover state', 'FAILED_OVER', reason)] };
    }
    return { status: policy.readiness.status, detail: [configured] };
  }

  /** The readiness of a zone, or of the part of it that `served` policies make up (a pool's). */
  private zoneReadiness(
    zone: ZoneEntry,
    served: readonly PolicyEntry[] = zone.policies,
  ): { status: ReadinessStatus; detail: StatusDetail[] } {
    const policies = served.map((policy) => ({ policy, readiness: this.policyReadiness({ policy, zone }) }));
    const perPolicy = policies.map(({ policy, readiness }) =>
      check(policy.name, readiness.status, readiness.detail.find((detail) => detail.reason)?.reason ?? ''),
    );
    const statuses = policies.map(({ readiness }) => readiness.status);
    const summary = (status: ReadinessStatus, reason: string) => [
      configuredCheck(zone.readiness),
      check('SyncIQ policies', status, reason, perPolicy),
    ];
    if (this.state(zone.id).mode === 'rehearsal' || statuses.includes('REHEARSAL_ACTIVE')) {
      return {
        status: 'REHEARSAL_ACTIVE',
        detail: summary('REHEARSAL_ACTIVE', 'Rehearsal or DR test mode is active.'),
      };
    }
    const failedOver = statuses.filter((status) => status === 'FAILED_OVER').length;
    if (failedOver > 0) {
      const status = failedOver === statuses.length ? 'FAILED_OVER' : 'PARTIALLY_FAILED_OVER';
      return { status, detail: summary(status, `${failedOver} of ${statuses.length} policies failed over.`) };
    }
    if (zone.readiness.status === 'DISABLED' || zone.readiness.status === 'NOT_ELIGIBLE') {
      return { status: zone.readiness.status, detail: summary(zone.readiness.status, '') };
    }
    // A policy that cannot fail over makes the zone unable to fail over whole.
    const rank = (status: ReadinessStatus) => configuredRank[status] ?? configuredRank.ERROR!;
    const worstPolicy = statuses.reduce<ReadinessStatus>(
      (worst, status) => (rank(status) > rank(worst) ? status : worst),
      'OK',
    );
    const policyStatus: ReadinessStatus = rank(worstPolicy) >= configuredRank.ERROR! ? 'ERROR' : worstPolicy;
    const status = rank(policyStatus) > rank(zone.readiness.status) ? policyStatus : zone.readiness.status;
    const troubled = statuses.filter((one) => rank(one) >= configuredRank.WARNING!).length;
    return {
      status,
      detail: summary(policyStatus, troubled ? `${troubled} of ${statuses.length} policies need attention.` : ''),
    };
  }

  zone(id: string): ReadyZone {
    return this.cached(`zone:${id}`, () => this.buildZone(id));
  }

  private buildZone(id: string): ReadyZone {
    const zone = this.zones.get(id);
    if (!zone) throw new Error(`Unknown zone ${id}`);
    const readiness = withPoolsReadiness(this.zoneReadiness(zone), zone.pools);
    return {
      id: zone.id,
      name: zone.name,
      failoverReadiness: { status: readiness.status },
      readinessDetail: readiness.detail,
    };
  }

  policy(id: string): ReadyPolicy {
    return this.cached(`policy:${id}`, () => this.buildPolicy(id));
  }

  private buildPolicy(id: string): ReadyPolicy {
    const place = this.policies.get(id);
    if (!place) throw new Error(`Unknown policy ${id}`);
    const readiness = this.policyReadiness(place);
    return {
      id: place.policy.id,
      name: place.policy.name,
      target: this.node(place.zone.target),
      zone: this.zone(place.zone.id),
      failoverReadiness: { status: readiness.status },
      readinessDetail: readiness.detail,
    };
  }

  /** The zones replicated from or to a cluster, in inventory order. */
  zonesOf(nodeId: string): ZoneEntry[] {
    return this.inventory.zones.filter((zone) => zone.source === nodeId || zone.target === nodeId);
  }

  /** A cluster's zones as the inventory API lists them: with their readiness, or only their identity. */
  listZones(nodeId: string, withReadiness: boolean): Zone[] {
    return this.cachedList(`zones:${nodeId}:${withReadiness}`, () =>
      this.zonesOf(nodeId).map((zone) => (withReadiness ? this.zone(zone.id) : { id: zone.id, name: zone.name })),
    );
  }

  /** A cluster's SyncIQ policies as the inventory API lists them. */
  listPolicies(nodeId: string, withReadiness: boolean): Policy[] {
    return this.cachedList(`policies:${nodeId}:${withReadiness}`, () => this.buildPolicies(nodeId, withReadiness));
  }

  private buildPolicies(nodeId: string, withReadiness: boolean): Policy[] {
    return this.zonesOf(nodeId).flatMap((zone) =>
      zone.policies.map((policy) =>
        withReadiness
          ? this.policy(policy.id)
          : {
              id: policy.id,
              name: policy.name,
              target: this.node(zone.target),
              zone: { id: zone.id, name: zone.name },
            },
      ),
    );
  }

  /** A cluster's SmartConnect pools as the inventory API lists them. */
  listPools(nodeId: string, withReadiness: boolean): Pool[] {
    return this.cachedList(`pools:${nodeId}:${withReadiness}`, () =>
      this.zonesOf(nodeId).flatMap((zone) =>
        zone.pools.map((pool) => (withReadiness ? this.pool(zone, pool) : { name: pool.id, zone: zone.name })),
      ),
    );
  }

  /**
   * A pool with its readiness: that of the zone's configuration and of the policies whose data it
   * serves, and the pool's own when one is configured.
   */
  pool(zone: ZoneEntry, pool: PoolEntry): ReadyPool {
    return this.cached(`pool:${poolSubject(zone, pool)}`, () => this.buildPool(zone, pool));
  }

  private buildPool(zone: ZoneEntry, pool: PoolEntry): ReadyPool {
    const served = zone.policies.filter((policy) => pool.policies.includes(policy.id));
    const readiness = withPoolReadiness(this.zoneReadiness(zone, served), pool.readiness);
    return {
      name: pool.id,
      zone: zone.name,
      failoverReadiness: { status: readiness.status },
      readinessDetail: readiness.detail,
    };
  }
}

/** Statuses that describe what jobs did, which a configured status does not cover. */
const jobStatuses: readonly ReadinessStatus[] = ['REHEARSAL_ACTIVE', 'FAILED_OVER', 'PARTIALLY_FAILED_OVER'];

/** A readiness with a pool's own setting added: the worse of the two, the setting's check in the detail. */
function withPoolReadiness(
  readiness: { status: ReadinessStatus; detail: StatusDetail[] },
  setting: ReadinessSetting | undefined,
): { status: ReadinessStatus; detail: StatusDetail[] } {
  if (!setting) return readiness;
  const detail = [...readiness.detail, configuredCheck(setting)];
  if (jobStatuses.includes(readiness.status)) return { status: readiness.status, detail };
  if (setting.status === 'DISABLED' || setting.status === 'NOT_ELIGIBLE') return { status: setting.status, detail };
  const rank = (status: ReadinessStatus) => configuredRank[status] ?? configuredRank.ERROR!;
  return { status: rank(setting.status) > rank(readiness.status) ? setting.status : readiness.status, detail };
}

/**
 * A zone's readiness with the readiness configured on its pools: a pool that cannot fail over
 * makes the zone unable to fail over whole, as a policy does.
 */
function withPoolsReadiness(
  readiness: { status: ReadinessStatus; detail: StatusDetail[] },
  pools: readonly PoolEntry[],
): { status: ReadinessStatus; detail: StatusDetail[] } {
  const configured = pools.filter((pool) => pool.readiness !== undefined);
  if (configured.length === 0) return readiness;
  const rank = (status: ReadinessStatus) => configuredRank[status] ?? configuredRank.ERROR!;
  const statuses = configured.map((pool) => pool.readiness!.status);
  const worst = statuses.reduce<ReadinessStatus>((a, b) => (rank(b) > rank(a) ? b : a), 'OK');
  const poolStatus: ReadinessStatus = rank(worst) >= configuredRank.ERROR! ? 'ERROR' : worst;
  const troubled = statuses.filter((status) => rank(status) >= configuredRank.WARNING!).length;
  const perPool = configured.map((pool) => check(pool.id, pool.readiness!.status, pool.readiness!.reason));
  const detail = [
    ...readiness.detail,
    check(
      'SmartConnect pools',
      poolStatus,
      troubled ? `${troubled} of ${pools.length} pools need attention.` : '',
      perPool,
    ),
  ];
  const keep =
    jobStatuses.includes(readiness.status) || readiness.status === 'DISABLED' || readiness.status === 'NOT_ELIGIBLE';
  if (keep || rank(poolStatus) <= rank(readiness.status)) return { status: readiness.status, detail };
  return { status: poolStatus, detail };
}

/** The subject id of a pool in step plans and fault lookups: pool names repeat across zones. */
export function poolSubject(zone: ZoneEntry, pool: PoolEntry): string {
  return `${zone.id}#${pool.id}`;
}

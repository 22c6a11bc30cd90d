/**
 * The simulator as a conformance target: in process (`inject()`) or over a loopback socket, on a
 * fake clock, with response validation on (an answer that breaks the spec comes back as a 500), and the values it knows:
 * its clusters, zones, policies and pools.
 */
import {
  type ConformanceTarget,
  httpTarget,
  injectTarget,
  type KnownValues,
  knownValuesFrom,
  type LifecycleSubject,
  type LifecycleSubjects,
} from '@eyeglass-jobs/conformance';
import {
  createFakeClock,
  createSimulator,
  type FakeClock,
  openDatabase,
  type SimulatorDatabase,
  type SimulatorService,
} from '../../src/index.js';

export const simulatorApiKey = 'igls-conformance0000000000000000';

export interface SimulatorTarget {
  target: ConformanceTarget;
  clock: FakeClock;
  service: SimulatorService;
  /** The inventory's ids, by the parameters that take them. */
  knownValues: KnownValues;
  /** Where it listens, with `http`. */
  origin?: string;
  /** With `storageOutages`: takes the database's room away (`false`) or gives it back. */
  storage?: (available: boolean) => void;
  close(): Promise<void>;
}

/** Inventory ids by parameter: clusters, zones and policies (alone, and all of a zone's together), pools. */
export function inventoryValues(service: SimulatorService): Record<string, string[]> {
  const { nodes, zones } = service.inventory;
  const policies = zones.flatMap((zone) => zone.policies.map((policy) => policy.id));
  const policySets = zones
    .filter((zone) => zone.policies.length > 1)
    .map((zone) => zone.policies.map((p) => p.id).join(','));
  return {
    sourceid: nodes.map((node) => node.id),
    targetid: nodes.map((node) => node.id),
    failovertarget: [...zones.map((zone) => zone.id), ...policies, ...policySets],
    policy: policies,
    pool: zones.flatMap((zone) => zone.pools.map((pool) => pool.id)),
  };
}

/**
 * What the lifecycle model launches: every zone, pool and policy in both directions (so that
 * failbacks happen), a zone's policies together, rehearsals of zones, pools and policies, and DR
 * tests of every policy.
 */
export function lifecycleSubjects(service: SimulatorService): LifecycleSubjects {
  const failovers: LifecycleSubject[] = [];
  const rehearsals: LifecycleSubject[] = [];
  for (const zone of service.inventory.zones) {
    const ways = [
      { sourceid: zone.source, targetid: zone.target },
      { sourceid: zone.target, targetid: zone.source },
    ];
    const policyIds = zone.policies.map((policy) => policy.id);
    const targets: Array<Omit<LifecycleSubject, 'sourceid' | 'targetid'>> = [
      { failovertarget: zone.id },
      ...zone.pools.map((pool) => ({ failovertarget: zone.id, pool: pool.id })),
      ...policyIds.map((id) => ({ failovertarget: id })),
      ...(policyIds.length > 1 ? [{ failovertarget: policyIds.join(',') }] : []),
    ];
    for (const way of ways) for (const target of targets) failovers.push({ ...way, ...target });
    rehearsals.push({ ...ways[0]!, failovertarget: zone.id });
    for (const pool of zone.pools) rehearsals.push({ ...ways[0]!, failovertarget: zone.id, pool: pool.id });
    rehearsals.push({ ...ways[0]!, failovertarget: policyIds[0]! });
  }
  const drTestPolicies = service.inventory.zones.flatMap((zone) => zone.policies.map((policy) => policy.id));
  return { failovers, rehearsals, drTestPolicies };
}

export interface SimulatorTargetOptions {
  /** Over a loopback socket rather than in process. */
  http?: boolean;
  /** The fake clock's speed (1 by default). */
  speed?: number;
  /** How many failover jobs run at once (5 by default). */
  failoverLimit?: number;
  /**
   * The database can be made full at any point: SQLite's page limit is set to the pages it holds,
   * so that every write needing one more page fails as on a full disk.
   */
  storageOutages?: boolean;
}

function pageLimit(db: SimulatorDatabase): (available: boolean) => void {
  return (available) => {
    const pages = available ? 1_073_741_823 : db.pragma('page_count', { simple: true });
    db.pragma(`max_page_count = ${pages}`);
  };
}

/** Starts a simulator on a fake clock; over a loopback socket with `http`, in process otherwise. */
export async function startSimulatorTarget(options: SimulatorTargetOptions = {}): Promise<SimulatorTarget> {
  const clock = createFakeClock({ speed: options.speed ?? 1 });
  const db = options.storageOutages ? openDatabase(':memory:') : undefined;
  const { app, service } = await createSimulator({
    apiKeys: [simulatorApiKey],
    ...(db ? { db } : { dbPath: ':memory:' }),
    clock,
    validateResponses: true,
    ...(options.failoverLimit !== undefined ? { failoverLimit: options.failoverLimit } : {}),
  });
  const origin = options.http ? await app.listen({ host: '127.0.0.1', port: 0 }) : undefined;
  const target = origin ? httpTarget(origin) : injectTarget(app);
  await app.ready();
  return {
    target,
    clock,
    service,
    knownValues: knownValuesFrom(inventoryValues(service)),
    ...(origin ? { origin } : {}),
    ...(db ? { storage: pageLimit(db) } : {}),
    close: async () => {
      await app.close();
      db?.close();
    },
  };
}

/**
 * The simulators the lifecycle model runs against, one after the other: the defaults, a clock
 * whose speed does not divide the step times with two failover slots, and one slot.
 */
export const lifecycleConfigurations: readonly SimulatorTargetOptions[] = [
  {},
  { speed: 7, failoverLimit: 2 },
  { failoverLimit: 1 },
];

/** The simulators the lifecycle model with `storageOutages` runs against: storage that fills, with five slots and one. */
export const storageOutageConfigurations: readonly SimulatorTargetOptions[] = [
  { storageOutages: true },
  { storageOutages: true, failoverLimit: 1 },
];

/** A `start` for `runLifecycleModel`: a fresh simulator per run, cycling through the configurations. */
export function startLifecycleSimulators(
  wrap: (target: ConformanceTarget) => ConformanceTarget = (target) => target,
  configurations: readonly SimulatorTargetOptions[] = lifecycleConfigurations,
) {
  let runs = 0;
  return async () => {
    const simulator = await startSimulatorTarget(configurations[runs++ % configurations.length]);
    return {
      target: wrap(simulator.target),
      advance: (ms: number) => simulator.clock.advance(ms),
      ...(simulator.storage ? { storage: simulator.storage } : {}),
      close: simulator.close,
    };
  };
}

/**
 * The simulator as a conformance target: in process (`inject()`) or over a loopback socket, on a
 * fake clock, with response validation on (an answer that breaks the spec comes back as a 500), and the values it knows:
 * its clusters, zones, policies and pools.
 */
import { createFakeClock, createSimulator, type FakeClock, type SimulatorService } from '@eyeglass-jobs/simulator';
import {
  type ConformanceTarget,
  httpTarget,
  injectTarget,
  type KnownValues,
  knownValuesFrom,
  type LifecycleSubject,
  type LifecycleSubjects,
} from '../src/index.js';

export const simulatorApiKey = 'igls-conformance0000000000000000';

export interface SimulatorTarget {
  target: ConformanceTarget;
  clock: FakeClock;
  service: SimulatorService;
  /** The inventory's ids, by the parameters that take them. */
  knownValues: KnownValues;
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

/** Starts a simulator on a fake clock; over a loopback socket with `http`, in process otherwise. */
export async function startSimulatorTarget(options: { http?: boolean } = {}): Promise<SimulatorTarget> {
  const clock = createFakeClock();
  const { app, service } = await createSimulator({
    apiKeys: [simulatorApiKey],
    dbPath: ':memory:',
    clock,
    validateResponses: true,
  });
  const target = options.http ? httpTarget(await app.listen({ host: '127.0.0.1', port: 0 })) : injectTarget(app);
  await app.ready();
  return {
    target,
    clock,
    service,
    knownValues: knownValuesFrom(inventoryValues(service)),
    close: () => app.close(),
  };
}

/**
 * The simulator as a conformance target: in process (`inject()`), on a fake clock, with response
 * validation on (an answer that breaks the spec comes back as a 500), and the values it knows:
 * its clusters, zones, policies and pools.
 */
import { createFakeClock, createSimulator, type FakeClock, type SimulatorService } from '@eyeglass-jobs/simulator';
import { type ConformanceTarget, injectTarget, type KnownValues, knownValuesFrom } from '../src/index.js';

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

export async function startSimulatorTarget(): Promise<SimulatorTarget> {
  const clock = createFakeClock();
  const { app, service } = await createSimulator({
    apiKeys: [simulatorApiKey],
    dbPath: ':memory:',
    clock,
    validateResponses: true,
  });
  await app.ready();
  return {
    target: injectTarget(app),
    clock,
    service,
    knownValues: knownValuesFrom(inventoryValues(service)),
    close: () => app.close(),
  };
}

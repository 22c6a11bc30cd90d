/** Readiness set through the control API: what the appliance API shows, and what jobs do with it. */
import { createEyeglassClient, type EyeglassClient } from '@eyeglass-jobs/client';
import { SimulatorControlError, startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultInventory, defaultInventoryJson } from '../../src/index.js';

const inventory = defaultInventory();
const finance = inventory.zones.find((zone) => zone.name === 'finance')!;
const financeSync = finance.policies[0]!;
const financePool = finance.pools[0]!;
const [production] = inventory.nodes;

let sim: TestSimulator;
let eg: EyeglassClient;
beforeEach(async () => {
  sim = await startSimulator({ clock: 'manual' });
  eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
});
afterEach(() => sim.close());

const launch = (query: Record<string, string | boolean> = {}) =>
  eg.failover.launch({ sourceid: finance.source, targetid: finance.target, failovertarget: finance.id, ...query });

describe('setReadiness', () => {
  it('a zone turned WARNING just before the launch blocks a failover with blockonwarnings', async () => {
    const set = await sim.control.setReadiness(finance.id, {
      status: 'WARNING',
      reason: 'SmartConnect alias missing.',
    });
    expect(set).toEqual({
      id: finance.id,
      kind: 'zone',
      status: 'WARNING',
      reason: 'SmartConnect alias missing.',
      check: 'Access zone configuration',
      overridden: true,
    });
    const zone = await eg.nodes.zone(production!.id, finance.name);
    expect(zone.failoverReadiness?.status).toBe('WARNING');
    expect(zone.readinessDetail?.[0]).toMatchObject({ reason: 'SmartConnect alias missing.' });

    const { id } = await launch();
    await sim.control.advanceClock('10m');
    const job = await eg.failover.get(id);
    expect(job.success).toBe(false);
    expect(job.jobStatusDetails.info).toContain('Blocked on warnings');
    expect(job.jobStatusDetails.info).toContain('SmartConnect alias missing.');
  });

  it('clearReadiness gives the inventory readiness back, and the failover goes through', async () => {
    await sim.control.setReadiness(finance.id, { status: 'ERROR', reason: 'Broken.' });
    expect(await sim.control.listReadiness()).toMatchObject([{ id: finance.id, status: 'ERROR' }]);
    expect(await sim.control.clearReadiness(finance.id)).toMatchObject({ status: 'OK', reason: '', overridden: false });
    expect(await sim.control.listReadiness()).toEqual([]);
    const { id } = await launch();
    await sim.control.advanceClock('10m');
    expect((await eg.failover.get(id)).success).toBe(true);
  });

  it('a policy in ERROR shows in its zone, and fails the policy failover', async () => {
    await sim.control.setReadiness(financeSync.id, {
      status: 'ERROR',
      reason: 'SyncIQ policy disabled.',
      check: 'SyncIQ',
    });
    const policy = await eg.nodes.policy(production!.id, financeSync.name);
    expect(policy.failoverReadiness?.status).toBe('ERROR');
    expect((await eg.nodes.zone(production!.id, finance.name)).failoverReadiness?.status).toBe('ERROR');
    const { id } = await launch({ failovertarget: financeSync.id });
    await sim.control.advanceClock('10m');
    const job = await eg.failover.get(id);
    expect(job.success).toBe(false);
    expect(job.jobStatusDetails.info).toContain('SyncIQ policy disabled.');
  });

  it('a pool has a readiness of its own, by its id or as <zone id>#<pool id>, which readiness jobs report', async () => {
    expect(
      await sim.control.setReadiness(financePool.id, { status: 'WARNING', reason: 'DNS delegation stale.' }),
    ).toMatchObject({
      id: `${finance.id}#${financePool.id}`,
      kind: 'pool',
      check: 'SmartConnect pool',
    });
    const pools = await eg.nodes.pools(production!.id, { foReadiness: true });
    const pool = pools.find((candidate) => candidate.name === financePool.id)!;
    expect(pool.failoverReadiness?.status).toBe('WARNING');
    expect((await eg.nodes.zone(production!.id, finance.name)).failoverReadiness?.status).toBe('WARNING');

    const { id } = await eg.readiness.run();
    await sim.control.advanceClock('10m');
    const report = await eg.readiness.get(id);
    const zoneSteps = report.childrenDetails.find((step) => step.name === 'Zone finance')!;
    expect(zoneSteps.childrenDetails.find((step) => step.name === `SmartConnect pool ${financePool.id}`)).toMatchObject(
      {
        status: 'WARNING',
        info: 'WARNING: DNS delegation stale.',
      },
    );

    const blocked = await launch({ pool: financePool.id });
    await sim.control.advanceClock('10m');
    expect((await eg.failover.get(blocked.id)).jobStatusDetails.info).toContain('DNS delegation stale.');

    expect(await sim.control.clearReadiness(`${finance.id}#${financePool.id}`)).toMatchObject({
      status: 'OK',
      overridden: false,
    });
    expect((await eg.nodes.zone(production!.id, finance.name)).failoverReadiness?.status).toBe('OK');
  });

  it('answers 404 for an unknown id and 400 for a pool id two zones share', async () => {
    const error = await sim.control.setReadiness('zone-nope', { status: 'OK' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulatorControlError);
    expect(error).toMatchObject({ status: 404, apiMessage: 'No zone, policy or pool has the id zone-nope.' });

    const shared = structuredClone(defaultInventoryJson) as unknown as {
      zones: Array<{ pools: Array<{ id: string }> }>;
    };
    shared.zones[1]!.pools[0]!.id = financePool.id;
    const twice = await startSimulator({ inventory: shared });
    try {
      await expect(twice.control.setReadiness(financePool.id, { status: 'ERROR' })).rejects.toMatchObject({
        status: 400,
        apiMessage: `Pool ${financePool.id} is in 2 zones (finance, engineering): name it as <zone id>#${financePool.id}.`,
      });
    } finally {
      await twice.close();
    }
  });
});

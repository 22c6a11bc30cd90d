/**
 * Lists polled over HTTP while things change: finished jobs and inventory views are answered from
 * what was built for the last answer, and every change that can alter a list shows in the next one.
 * Each list is asked for before the change too, so that the answer after it is not the first built.
 */
import { createEyeglassClient, type EyeglassClient } from '@eyeglass-jobs/client';
import { startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultInventory } from '../../src/index.js';

const inventory = defaultInventory();
const zoneNamed = (name: string) => inventory.zones.find((zone) => zone.name === name)!;
const finance = zoneNamed('finance');
const hr = zoneNamed('hr');
const engineering = zoneNamed('engineering');
const [production, dr] = inventory.nodes as [(typeof inventory.nodes)[0], (typeof inventory.nodes)[0]];

let sim: TestSimulator;
let eg: EyeglassClient;
afterEach(() => sim.close());

async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<void> {
  // Every answer is checked against the spec, kept bytes included.
  sim = await startSimulator({ clock: 'manual', validateResponses: true, ...options });
  eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
}

const launch = (zone = finance) =>
  eg.failover.launch({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id, blockonwarnings: false });

/** Lists the finished failover jobs twice (the second answer from kept bytes), checks both agree, returns the ids. */
async function finishedIds(query: { success?: boolean } = {}): Promise<string[]> {
  const first = await eg.failover.list({ state: 'finished', ...query });
  expect(await eg.failover.list({ state: 'finished', ...query })).toEqual(first);
  return first.map((job) => job.id);
}

const statusIn = (entries: Array<{ name: string; failoverReadiness?: { status: string } }>, name: string) =>
  entries.find((entry) => entry.name === name)?.failoverReadiness?.status;
const zoneStatus = async (name: string, node = production.id) =>
  statusIn(await eg.nodes.zones(node, { foReadiness: true }), name);
const policyStatus = async (name: string) =>
  statusIn(await eg.nodes.policies(production.id, { foReadiness: true }), name);
const poolStatus = async (name: string) => statusIn(await eg.nodes.pools(production.id, { foReadiness: true }), name);

describe('the finished failover list', () => {
  it('shows a job as soon as it finishes, newest first, under every filter', async () => {
    await start();
    expect(await finishedIds()).toEqual([]);
    const first = await launch();
    expect(await finishedIds()).toEqual([]);
    await sim.control.advanceClock('10m');
    expect(await finishedIds()).toEqual([first.id]);
    expect(await finishedIds({ success: true })).toEqual([first.id]);
    expect(await finishedIds({ success: false })).toEqual([]);

    // The failback fails at its first step: its zone is active on the other cluster now.
    const failed = await launch();
    await sim.control.advanceClock('10m');
    expect(await finishedIds()).toEqual([failed.id, first.id]);
    expect(await finishedIds({ success: false })).toEqual([failed.id]);
    expect(await finishedIds({ success: true })).toEqual([first.id]);
  });

  it('shows a cancelled job once the cancel ends it, and the running list loses it', async () => {
    await start();
    await finishedIds();
    const { id } = await launch(hr);
    await sim.control.advanceClock('1s');
    expect((await eg.failover.list({ state: 'running' })).map((job) => job.id)).toEqual([id]);
    await eg.failover.cancel(id);
    await sim.control.advanceClock('10m');
    expect(await finishedIds()).toEqual([id]);
    expect(await eg.failover.list({ state: 'running' })).toEqual([]);
  });

  it('drops the jobs retention deletes', async () => {
    await start({ retention: { failover: { maxJobs: 2 } } });
    const ids: string[] = [];
    for (const zone of [finance, hr, engineering]) {
      ids.unshift((await launch(zone)).id);
      await sim.control.advanceClock('10m');
      expect(await finishedIds()).toEqual(ids.slice(0, 2));
    }
    await sim.control.advanceClock('31d');
    expect(await finishedIds()).toEqual([]);
  });

  it('is empty after a reset, and back to the snapshot after a restore', async () => {
    await start();
    const kept = await launch();
    await sim.control.advanceClock('10m');
    const snapshot = await sim.control.createSnapshot();
    const later = await launch(hr);
    await sim.control.advanceClock('10m');
    expect(await finishedIds()).toEqual([later.id, kept.id]);
    await sim.control.restoreSnapshot(snapshot.id);
    expect(await finishedIds()).toEqual([kept.id]);
    await sim.control.reset();
    expect(await finishedIds()).toEqual([]);
  });
});

describe('the readiness job list and the health check', () => {
  it('show each readiness job once it finishes', async () => {
    await start();
    const before = await eg.health.check();
    expect(await eg.readiness.list({ state: 'finished' })).toEqual([]);
    const first = await eg.readiness.run();
    await sim.control.advanceClock('1h');
    expect((await eg.readiness.list({ state: 'finished' })).map((job) => job.id)).toEqual([first.id]);
    const afterFirst = await eg.health.check();
    expect(Number(afterFirst)).toBeGreaterThan(Number(before));
    const second = await eg.readiness.run();
    await sim.control.advanceClock('1h');
    expect((await eg.readiness.list({ state: 'finished' })).map((job) => job.id)).toEqual([second.id, first.id]);
    expect(Number(await eg.health.check())).toBeGreaterThan(Number(afterFirst));
  });
});

describe('the inventory lists', () => {
  it('show a failover in the zone, policy and pool lists of both clusters, and the failback', async () => {
    await start();
    expect(await zoneStatus('finance')).toBe('OK');
    expect(await zoneStatus('finance', dr.id)).toBe('OK');
    expect(await policyStatus('finance-sync')).toBe('OK');
    expect(await poolStatus('groupnet0:subnet0:pool-finance')).toBe('OK');
    await launch();
    await sim.control.advanceClock('10m');
    expect(await zoneStatus('finance')).toBe('FAILED_OVER');
    expect(await zoneStatus('finance', dr.id)).toBe('FAILED_OVER');
    expect(await policyStatus('finance-sync')).toBe('FAILED_OVER');
    expect(await poolStatus('groupnet0:subnet0:pool-finance')).toBe('FAILED_OVER');
    await eg.failover.launch({ sourceid: dr.id, targetid: production.id, failovertarget: finance.id });
    await sim.control.advanceClock('10m');
    expect(await zoneStatus('finance')).toBe('OK');
    expect(await policyStatus('finance-sync')).toBe('OK');
  });

  it('show a rehearsal and a DR test while they are active, and not after', async () => {
    await start();
    expect(await zoneStatus('hr')).toBe('OK');
    const rehearsal = { sourceid: hr.source, targetid: hr.target, failovertarget: hr.id };
    await eg.failover.rehearsal({ ...rehearsal, enable: true });
    await sim.control.advanceClock('10m');
    expect(await zoneStatus('hr')).toBe('REHEARSAL_ACTIVE');
    expect(await policyStatus('hr-data')).toBe('REHEARSAL_ACTIVE');
    await eg.failover.rehearsal({ ...rehearsal, enable: false });
    await sim.control.advanceClock('10m');
    expect(await zoneStatus('hr')).toBe('OK');

    const policy = finance.policies[0]!;
    expect(await policyStatus(policy.name)).toBe('OK');
    await eg.failover.drTest({ policy: policy.id, enable: true });
    await sim.control.advanceClock('10m');
    expect(await policyStatus(policy.name)).toBe('REHEARSAL_ACTIVE');
    expect(await zoneStatus('finance')).toBe('REHEARSAL_ACTIVE');
    await eg.failover.drTest({ policy: policy.id, enable: false });
    await sim.control.advanceClock('10m');
    expect(await policyStatus(policy.name)).toBe('OK');
    expect(await zoneStatus('finance')).toBe('OK');
  });

  it('show readiness set and cleared through the control API, and drop it at a reset', async () => {
    await start();
    const pool = hr.pools[0]!;
    expect(await zoneStatus('hr')).toBe('OK');
    expect(await poolStatus(pool.id)).toBe('OK');
    expect(await policyStatus('hr-data')).toBe('OK');
    await sim.control.setReadiness(hr.id, { status: 'WARNING', reason: 'Alias missing.' });
    expect(await zoneStatus('hr')).toBe('WARNING');
    await sim.control.setReadiness(pool.id, { status: 'ERROR', reason: 'No IPs left.' });
    expect(await poolStatus(pool.id)).toBe('ERROR');
    expect(await zoneStatus('hr')).toBe('ERROR');
    await sim.control.clearReadiness(pool.id);
    expect(await poolStatus(pool.id)).toBe('WARNING');
    expect(await zoneStatus('hr')).toBe('WARNING');
    // A policy that cannot fail over makes what holds it unable to fail over.
    await sim.control.setReadiness(hr.policies[0]!.id, { status: 'DISABLED' });
    expect(await policyStatus('hr-data')).toBe('DISABLED');
    expect(await poolStatus(pool.id)).toBe('ERROR');
    await sim.control.reset();
    expect(await zoneStatus('hr')).toBe('OK');
    expect(await poolStatus(pool.id)).toBe('OK');
    expect(await policyStatus('hr-data')).toBe('OK');
  });

  it('list the clusters the same at every request', async () => {
    await start();
    const nodes = await eg.nodes.list();
    expect(nodes).toEqual(inventory.nodes.map(({ id, ip, name }) => ({ id, ip, name })));
    await launch();
    await sim.control.advanceClock('10m');
    expect(await eg.nodes.list()).toEqual(nodes);
  });
});

/** A clean slate between tests, and snapshots to come back to, in memory and on a file database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEyeglassClient, type EyeglassClient } from '@eyeglass-jobs/client';
import { startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, defaultInventory } from '../../src/index.js';

const inventory = defaultInventory();
const finance = inventory.zones.find((zone) => zone.name === 'finance')!;
const hr = inventory.zones.find((zone) => zone.name === 'hr')!;
const [production] = inventory.nodes;
const launch = (eg: EyeglassClient, zone = finance) =>
  eg.failover.launch({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id });

describe('in memory', () => {
  let sim: TestSimulator;
  let eg: EyeglassClient;
  beforeEach(async () => {
    sim = await startSimulator({ clock: 'manual' });
    eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  });
  afterEach(() => sim.close());

  it('reset leaves the initial inventory with no jobs, and drops what the test set up', async () => {
    await launch(eg);
    await sim.control.advanceClock('10m');
    const running = await launch(eg, hr);
    await sim.control.setReadiness(finance.id, { status: 'WARNING' });
    await sim.control.injectFault({ operation: 'listNodes', kind: 'status', status: 503, times: 5 });
    await sim.control.injectOutcome({ target: hr.id, step: 'Quota sync', status: 'ERROR' });
    await sim.control.freezeClock();
    const before = await sim.control.getClock();
    expect((await eg.nodes.zone(production!.id, finance.name)).failoverReadiness?.status).toBe('FAILED_OVER');

    await sim.control.reset();

    expect(await eg.failover.list()).toEqual([]);
    await expect(eg.failover.get(running.id)).rejects.toMatchObject({ status: 404 });
    expect((await eg.nodes.zone(production!.id, finance.name)).failoverReadiness?.status).toBe('OK');
    expect(await sim.control.getStatus()).toMatchObject({
      readiness: 0,
      outcomes: 0,
      faults: 0,
      requests: 3,
      runningJobs: 0,
      clock: { now: before.now, frozen: true, pending: 0 },
    });
    // The journal starts again with the first request after the reset.
    expect((await sim.control.requests()).map((r) => r.operationId)).toEqual([
      'listFailoverJobs',
      'getFailoverJob',
      'getNodeZone',
    ]);
    // Nothing of the old jobs is left running on the clock.
    await sim.control.advanceClock('1h');
    expect(await eg.failover.list()).toEqual([]);
  });

  it('restores a snapshot: jobs, logs, where zones are active and readiness set here', async () => {
    const { id } = await launch(eg);
    await sim.control.advanceClock('10m');
    await sim.control.setReadiness(hr.id, { status: 'INFO', reason: 'Quota report late.' });
    const snapshot = await sim.control.createSnapshot();
    expect(snapshot).toMatchObject({ id: 'snapshot-1', jobs: 1 });
    const job = await eg.failover.get(id);
    const log = await eg.failover.log(id);

    await sim.control.reset();
    await launch(eg, hr);
    await sim.control.injectFault({ operation: 'getFailoverJob', kind: 'reset' });

    expect(await sim.control.restoreSnapshot(snapshot.id)).toEqual(snapshot);
    expect(await eg.failover.list()).toEqual([job]);
    expect(await eg.failover.log(id)).toBe(log);
    expect((await eg.nodes.zone(production!.id, finance.name)).failoverReadiness?.status).toBe('FAILED_OVER');
    expect(await sim.control.listReadiness()).toMatchObject([
      { id: hr.id, status: 'INFO', reason: 'Quota report late.' },
    ]);
    expect(await sim.control.listFaults()).toEqual([]);

    // The snapshot is kept, to restore again after more changes; the service goes on from it.
    const failback = await eg.failover.launch({
      sourceid: finance.target,
      targetid: finance.source,
      failovertarget: finance.id,
    });
    await sim.control.advanceClock('10m');
    expect((await eg.failover.get(failback.id)).success).toBe(true);
    await sim.control.restoreSnapshot(snapshot.id);
    expect((await eg.failover.list()).map((j) => j.id)).toEqual([id]);
    expect(await sim.control.listSnapshots()).toEqual([snapshot]);
  });

  it('refuses a snapshot while a job runs, and unknown snapshots', async () => {
    const { id } = await launch(eg);
    await expect(sim.control.createSnapshot()).rejects.toMatchObject({
      status: 409,
      apiMessage: `Job ${id} is pending or running: a snapshot holds no running job; wait for it to finish, or cancel it.`,
    });
    await expect(sim.control.restoreSnapshot('snapshot-9')).rejects.toMatchObject({ status: 404 });
    await expect(sim.control.deleteSnapshot('snapshot-9')).rejects.toMatchObject({ status: 404 });
    await sim.control.advanceClock('10m');
    const snapshot = await sim.control.createSnapshot();
    await sim.control.deleteSnapshot(snapshot.id);
    expect(await sim.control.listSnapshots()).toEqual([]);
  });

  it('keeps at most 32 snapshots', async () => {
    for (let i = 0; i < 32; i++) await sim.control.createSnapshot();
    await expect(sim.control.createSnapshot()).rejects.toMatchObject({
      status: 409,
      apiMessage: '32 snapshots are kept already: delete one to take another.',
    });
  });
});

describe('on a file database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const apiKey = 'igls-state-test-key';
  const key = 'ctl-state-test-key';

  async function open(dbPath: string) {
    const server = await createSimulator({ dbPath, apiKeys: [apiKey], control: { key, clock: 'manual' } });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { controlClient } = await import('@eyeglass-jobs/simulator/testing');
    return {
      server,
      eg: createEyeglassClient({ baseUrl: `${origin}/sera`, apiKey }),
      control: controlClient({ url: `${origin}/control`, key }),
    };
  }

  it('reset and restore replace the file, and what they left is there after a restart', async () => {
    const dbPath = join(dir, 'sim.db');
    const first = await open(dbPath);
    const { id } = await launch(first.eg);
    await first.control.advanceClock('10m');
    const snapshot = await first.control.createSnapshot();
    await first.control.reset();
    expect(await first.eg.failover.list()).toEqual([]);
    await launch(first.eg, hr);
    await first.control.advanceClock('10m');
    await first.control.restoreSnapshot(snapshot.id);
    expect((await first.eg.failover.list()).map((job) => job.id)).toEqual([id]);
    await first.server.app.close();

    const second = await open(dbPath);
    try {
      expect((await second.eg.failover.list()).map((job) => job.id)).toEqual([id]);
      expect(second.server.service.recovered).toEqual([]);
      await second.control.reset();
    } finally {
      await second.server.app.close();
    }
    const third = await open(dbPath);
    try {
      expect(await third.eg.failover.list()).toEqual([]);
    } finally {
      await third.server.app.close();
    }
  });
});

import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRetention } from '../../src/index.js';
import { manyZoneId, manyZones } from '../fixtures/inventories.js';
import { createdId, createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

const hour = 60 * 60 * 1000;

async function failoverIds(): Promise<string[]> {
  return ((await sim.request('listFailoverJobs')).body as Job[]).map((job) => job.id);
}

describe('retention', () => {
  it('has documented defaults: 500 failover jobs of 30 days, 50 readiness and replication jobs of a day', () => {
    expect(defaultRetention).toEqual({
      failover: { maxJobs: 500, maxAgeMs: 30 * 24 * hour },
      readiness: { maxJobs: 50, maxAgeMs: 24 * hour },
      replication: { maxJobs: 50, maxAgeMs: 24 * hour },
    });
  });

  it('keeps the newest maxJobs finished failover jobs, with their logs', async () => {
    sim = createTestSimulator({ inventory: manyZones(5), retention: { failover: { maxJobs: 3 } } });
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push(await sim.launch({ failovertarget: manyZoneId(index) }));
      sim.settle();
    }
    expect(await failoverIds()).toEqual(ids.slice(2).reverse());
    expect((await sim.request('getFailoverJob', { params: { id: ids[0]! } })).status).toBe(404);
    expect((await sim.request('getFailoverJobLog', { params: { id: ids[1]! } })).status).toBe(404);
  });

  it('never drops a pending or running job', async () => {
    sim = createTestSimulator({ inventory: manyZones(3), retention: { failover: { maxJobs: 1 } } });
    const ids = [];
    for (let index = 0; index < 3; index++) ids.push(await sim.launch({ failovertarget: manyZoneId(index) }));
    expect(await failoverIds()).toEqual([...ids].reverse());
    sim.settle();
    expect(await failoverIds()).toEqual([ids[2]]);
  });

  it('drops jobs that finished longer ago than maxAgeMs', async () => {
    sim = createTestSimulator({ inventory: manyZones(2), retention: { failover: { maxAgeMs: 2 * hour } } });
    const old = await sim.launch({ failovertarget: manyZoneId(0) });
    sim.settle();
    sim.clock.advance(hour);
    const recent = await sim.launch({ failovertarget: manyZoneId(1) });
    sim.settle();
    expect(await failoverIds()).toEqual([recent, old]);
    sim.clock.advance(hour + 1);
    expect(await failoverIds()).toEqual([recent]);
    expect((await sim.request('getFailoverJob', { params: { id: old } })).status).toBe(404);
  });

  it('applies to readiness and replication jobs', async () => {
    sim = createTestSimulator({ retention: { readiness: { maxJobs: 2 }, replication: { maxAgeMs: hour } } });
    const readiness = [];
    for (let run = 0; run < 3; run++) {
      readiness.push(createdId(await sim.request('runReadinessJob')));
      sim.settle();
    }
    const kept = (await sim.request('listReadinessJobs')).body as JobStatusDetail[];
    expect(kept.map((job) => job.id)).toEqual(readiness.slice(1).reverse());
    expect((await sim.request('getReadinessJob', { params: { id: readiness[0]! } })).status).toBe(404);

    const replication = createdId(await sim.request('runReplicationJob'));
    sim.settle();
    sim.clock.advance(hour + 1);
    expect((await sim.request('getReplicationJob', { params: { id: replication } })).status).toBe(404);
  });

  it('refuses a retention that keeps nothing', () => {
    expect(() => createTestSimulator({ retention: { failover: { maxJobs: 0 } } })).toThrow(
      /retention.failover.maxJobs/,
    );
    expect(() => createTestSimulator({ retention: { readiness: { maxAgeMs: -1 } } })).toThrow(
      /retention.readiness.maxAgeMs/,
    );
  });
});

import type { Job } from '@eyeglass-jobs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { dr, production, zoneId } from './fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from './fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim.close());

async function listedFinished(): Promise<Job[]> {
  return (await sim.request('listFailoverJobs', { query: { state: 'finished' } })).body as Job[];
}

describe('views of finished failover jobs', () => {
  it('are built once, frozen, and shared by the job and list answers', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    const first = await sim.job(id);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.jobStatusDetails.childrenDetails[0])).toBe(true);
    expect(Object.isFrozen(first.failoverTarget.zone.readinessDetail)).toBe(true);
    expect(await sim.job(id)).toBe(first);
    expect((await listedFinished())[0]).toBe(first);
    // Polled while nothing finishes, the list is the same array of the same views.
    expect(await listedFinished()).toBe(await listedFinished());
  });

  it('of readiness jobs are kept too, once finished', async () => {
    sim = createTestSimulator();
    const reply = await sim.request('runReadinessJob');
    const id = (reply.body as { id: string }).id;
    sim.settle();
    const job = await sim.readinessJob(id);
    expect(Object.isFrozen(job.childrenDetails[0])).toBe(true);
    expect(await sim.readinessJob(id)).toBe(job);
    const listed = await sim.request('listReadinessJobs', { query: { state: 'finished' } });
    expect((listed.body as unknown[])[0]).toBe(job);
  });

  it('keep the readiness the job finished with, when the zone fails back later', async () => {
    sim = createTestSimulator();
    const out = await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    expect((await sim.job(out)).failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
    expect((await listedFinished())[0]!.failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
    const back = await sim.request('launchFailover', {
      query: { sourceid: dr, targetid: production, failovertarget: zoneId('hr') },
    });
    expect(back.status).toBe(201);
    const before = await sim.job(out);
    sim.settle();
    const after = await sim.job(out);
    expect(after).toEqual(before);
    expect(after.failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
    const listed = await listedFinished();
    expect(listed.map((job) => job.failoverTarget.zone.failoverReadiness.status)).toEqual(['OK', 'FAILED_OVER']);
  });

  it('are not kept for running jobs, whose steps still change', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('hr') });
    sim.clock.advance(1);
    const running = await sim.job(id);
    expect(Object.isFrozen(running)).toBe(false);
    sim.settle();
    expect((await sim.job(id)).jobStatusDetails.state).toBe('finished');
  });
});

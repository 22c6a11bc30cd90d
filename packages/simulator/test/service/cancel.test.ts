import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { failoverTiming } from '../../src/index.js';
import { manyZoneId, manyZones, zoneId } from '../fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

function leaves(detail: JobStatusDetail): JobStatusDetail[] {
  return detail.childrenDetails.length === 0 ? [detail] : detail.childrenDetails.flatMap(leaves);
}

const cancel = (id: string) => sim.request('cancelFailoverJob', { params: { id } });

describe('cancelling a failover job', () => {
  it('answers the job as it is and stops it at the next step boundary', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('finance') });
    sim.clock.advance(failoverTiming.validate + failoverTiming.wait + 1_000);

    const reply = await cancel(id);
    expect(reply.status).toBe(200);
    const answered = reply.body as Job;
    expect(answered.jobStatusDetails.state).toBe('running');
    expect(answered.success).toBe(true);
    expect(await sim.log(id)).toContain('Cancel requested: the job stops after step "Run SyncIQ policy finance-sync".');

    // The running step is finished, not cut short.
    sim.clock.advance(failoverTiming.dataSyncPerPolicy - 1_001);
    expect((await sim.job(id)).jobStatusDetails.state).toBe('running');
    sim.clock.advance(1);
    const job = await sim.job(id);
    expect(job.jobStatusDetails).toMatchObject({ state: 'finished', status: 'CANCELLED' });
    expect(job.success).toBe(false);
    const steps = leaves(job.jobStatusDetails);
    expect(steps.find((step) => step.name === 'Run SyncIQ policy finance-sync')?.status).toBe('OK');
    expect(steps.find((step) => step.name === 'Run SyncIQ policy finance-archive')).toMatchObject({
      state: 'finished',
      status: 'CANCELLED',
    });
    expect(steps.every((step) => step.state === 'finished')).toBe(true);
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('OK');
    expect(sim.clock.pending()).toBe(0);
  });

  it('rolls back renamed shares when cancelled after renaming them', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('hr') });
    sim.clock.advance(failoverTiming.validate + failoverTiming.wait + failoverTiming.dataSyncPerPolicy + 1);
    await cancel(id);
    sim.settle();
    const job = await sim.job(id);
    expect(job.jobStatusDetails.childrenDetails.at(-1)).toMatchObject({
      name: 'Roll back renamed shares',
      status: 'OK',
    });
    expect(job.jobStatusDetails.status).toBe('CANCELLED');
  });

  it('stops a pending job at once', async () => {
    sim = createTestSimulator({ inventory: manyZones(6) });
    for (let index = 0; index < 5; index++) await sim.launch({ failovertarget: manyZoneId(index), controlled: false });
    const queued = await sim.launch({ failovertarget: manyZoneId(5), controlled: false });
    expect((await sim.job(queued)).jobStatusDetails.state).toBe('pending');

    const reply = await cancel(queued);
    expect(reply.status).toBe(200);
    const job = reply.body as Job;
    expect(job.jobStatusDetails).toMatchObject({ state: 'finished', status: 'CANCELLED' });
    expect(job.success).toBe(false);
    expect(leaves(job.jobStatusDetails).every((step) => step.status === 'CANCELLED')).toBe(true);
  });

  it('stops a controlled job waiting for other failover jobs at once', async () => {
    sim = createTestSimulator({ inventory: manyZones(2) });
    await sim.launch({ failovertarget: manyZoneId(0), controlled: false });
    const waiting = await sim.launch({ failovertarget: manyZoneId(1) });
    sim.clock.advance(failoverTiming.validate);
    const before = await sim.job(waiting);
    expect(leaves(before.jobStatusDetails)[1]).toMatchObject({
      name: 'Wait for other failover jobs',
      state: 'running',
    });

    const job = (await cancel(waiting)).body as Job;
    expect(job.jobStatusDetails.state).toBe('finished');
    expect(leaves(job.jobStatusDetails)[1]).toMatchObject({
      status: 'CANCELLED',
      info: 'Cancelled while waiting for other failover jobs.',
    });
  });

  it('answers 200 again to a second cancel of a job still stopping', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('finance') });
    expect((await cancel(id)).status).toBe(200);
    expect((await cancel(id)).status).toBe(200);
    expect((await sim.log(id)).match(/Cancel requested/g)).toHaveLength(1);
  });

  it('answers 409 for a finished job and 404 for an unknown one', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('finance') });
    sim.settle();
    expect(await cancel(id)).toEqual({
      status: 409,
      body: {
        code: 409,
        message: `Failover job ${id} is already finished (it succeeded): there is nothing to cancel.`,
      },
    });
    expect(await cancel('job-unknown')).toEqual({
      status: 404,
      body: { code: 404, message: 'Failover job job-unknown was not found.' },
    });
  });
});

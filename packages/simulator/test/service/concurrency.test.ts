import { afterEach, describe, expect, it } from 'vitest';
import { defaultFailoverLimit, failoverTiming } from '../../src/index.js';
import { manyZoneId, manyZones } from '../fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

async function states(ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await sim.job(id)).jobStatusDetails.state));
}

describe('failover concurrency', () => {
  it('runs at most 5 failover jobs at once; the next waits pending and starts when a slot frees', async () => {
    expect(defaultFailoverLimit).toBe(5);
    sim = createTestSimulator({ inventory: manyZones(7) });
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) {
      // Uncontrolled failovers of one policy take the same time; stagger them so they finish in turn.
      ids.push(await sim.launch({ failovertarget: manyZoneId(index), controlled: false }));
      sim.clock.advance(100);
    }
    expect(await states(ids)).toEqual(['running', 'running', 'running', 'running', 'running', 'pending', 'pending']);
    const queued = await sim.job(ids[5]!);
    expect(queued).toMatchObject({ started: 0, success: true });
    expect(queued.jobStatusDetails.info).toBe(
      'Waiting for a free slot: 5 failover jobs are running, the most that run at once.',
    );
    const running = await sim.request('listFailoverJobs', { query: { state: 'running' } });
    expect((running.body as unknown[]).length).toBe(7);

    // Let the first job finish: the sixth starts at that moment, the seventh still waits.
    while ((await sim.job(ids[0]!)).jobStatusDetails.state !== 'finished') sim.clock.advance(100);
    expect(await states(ids)).toEqual(['finished', 'running', 'running', 'running', 'running', 'running', 'pending']);
    expect((await sim.job(ids[5]!)).started).toBe((await sim.job(ids[0]!)).finished);
    sim.settle();
    expect(await states(ids)).toEqual(Array(7).fill('finished'));
  });

  it('a controlled failover waits for the running jobs, and later jobs wait for it', async () => {
    sim = createTestSimulator({ inventory: manyZones(4) });
    const early = [
      await sim.launch({ failovertarget: manyZoneId(0), controlled: false }),
      await sim.launch({ failovertarget: manyZoneId(1), controlled: false }),
    ];
    const controlled = await sim.launch({ failovertarget: manyZoneId(2) });
    const late = await sim.launch({ failovertarget: manyZoneId(3), controlled: false });
    expect(await states([...early, controlled, late])).toEqual(['running', 'running', 'running', 'pending']);
    expect((await sim.job(late)).jobStatusDetails.info).toBe(
      `Waiting for controlled failover job ${controlled} to finish: it runs on its own.`,
    );

    sim.clock.advance(failoverTiming.validate + 1);
    const wait = (await sim.job(controlled)).jobStatusDetails.childrenDetails[1]!;
    expect(wait).toMatchObject({ name: 'Wait for other failover jobs', state: 'running' });
    expect(wait.info).toBe(`Waiting for 2 other failover jobs: ${early.join(', ')}`);

    while ((await sim.job(early[1]!)).jobStatusDetails.state !== 'finished') sim.clock.advance(500);
    const earlyEnd = Math.max((await sim.job(early[0]!)).finished, (await sim.job(early[1]!)).finished);
    const waited = (await sim.job(controlled)).jobStatusDetails.childrenDetails[1]!;
    expect(waited.state).toBe('running');
    expect(waited.info).toBe('');
    expect(await states([late])).toEqual(['pending']);

    sim.settle();
    const done = await sim.job(controlled);
    expect(done.success).toBe(true);
    expect(done.jobStatusDetails.childrenDetails[1]!.finished).toBe(earlyEnd + failoverTiming.wait);
    const lateJob = await sim.job(late);
    expect(lateJob.started).toBe(done.finished);
  });

  it('runs controlled failovers one after another', async () => {
    sim = createTestSimulator({ inventory: manyZones(2) });
    const first = await sim.launch({ failovertarget: manyZoneId(0) });
    const second = await sim.launch({ failovertarget: manyZoneId(1) });
    expect(await states([first, second])).toEqual(['running', 'pending']);
    sim.settle();
    expect((await sim.job(second)).started).toBe((await sim.job(first)).finished);
  });
});

/**
 * A failover that takes an hour on the appliance, finished in milliseconds by moving the
 * simulator's clock, with the client's `waitFor` following it as it would follow a real one.
 */
import { createEyeglassClient, EyeglassWaitTimeoutError, type Job, type JobStatusDetail } from '@eyeglass-jobs/client';
import { startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterEach, expect, it } from 'vitest';
import { defaultInventory } from '../../src/index.js';

const finance = defaultInventory().zones.find((zone) => zone.name === 'finance')!;
const startTime = '2025-03-01T08:00:00.000Z';
const HOUR = 3_600_000;

const sims: TestSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

function step(job: Job, name: string): JobStatusDetail {
  const found = job.jobStatusDetails.childrenDetails.find((child) => child.name === name);
  if (!found) throw new Error(`no step ${name}`);
  return found;
}

/** Runs a zone failover of finance on a frozen clock; the final data sync takes `dataSync` when given. */
async function failover(dataSync?: string): Promise<{ job: Job; sim: TestSimulator; polls: number }> {
  const sim = await startSimulator({ clock: 'manual', startTime });
  sims.push(sim);
  const eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  if (dataSync) await sim.control.injectOutcome({ target: finance.id, step: 'Final data sync', duration: dataSync });
  const { id } = await eg.failover.launch({
    sourceid: finance.source,
    targetid: finance.target,
    failovertarget: finance.id,
  });
  let polls = 0;
  const done = eg.failover.waitFor(id, { intervalMs: 5, maxIntervalMs: 20, onProgress: () => polls++ });

  // The clock is frozen: however long the script waits, the job stays where it is.
  const stuck = await eg.failover.waitFor(id, { intervalMs: 5, timeoutMs: 150 }).catch((e: unknown) => e);
  expect(stuck).toBeInstanceOf(EyeglassWaitTimeoutError);
  expect((stuck as EyeglassWaitTimeoutError<Job>).lastJob?.jobStatusDetails.state).not.toBe('finished');

  await sim.control.advanceClock('1h');
  const after = await eg.failover.get(id);
  if (dataSync) {
    expect(after.jobStatusDetails.state).toBe('running');
    expect(after.jobStatusDetails.info).toBe('Final data sync');
  }
  const clock = await sim.control.advanceClock('5m');
  expect(clock.now).toBe(Date.parse(startTime) + HOUR + 5 * 60_000);
  return { job: await done, sim, polls };
}

it('finishes a one-hour failover through the clock, waitFor resolving, with the times the appliance would show', async () => {
  const [usual, slow, again] = await Promise.all([failover(), failover('1h'), failover('1h')]);

  for (const { job } of [usual, slow]) {
    expect(job.success).toBe(true);
    expect(job.jobStatusDetails.state).toBe('finished');
    expect(job.started).toBe(Date.parse(startTime));
  }
  const usualSync = step(usual.job, 'Final data sync');
  const slowSync = step(slow.job, 'Final data sync');
  expect(slowSync.finished - slowSync.started).toBe(HOUR);
  // One hour in place of the usual sync, and every other step as long as usual.
  expect(slow.job.finished - slow.job.started).toBe(
    usual.job.finished - usual.job.started - (usualSync.finished - usualSync.started) + HOUR,
  );
  expect(slow.job.finished - slow.job.started).toBeGreaterThan(HOUR);
  // The two policy syncs share the hour as they share the usual time.
  expect(slowSync.childrenDetails.map((sync) => sync.finished - sync.started)).toEqual([HOUR / 2, HOUR / 2]);
  expect(slow.polls).toBeGreaterThan(0);

  // Deterministic: the same run again shows the same job, but for its id.
  const withoutIds = (job: Job) => JSON.parse(JSON.stringify(job).replaceAll(job.id, '<id>')) as unknown;
  expect(withoutIds(again.job)).toEqual(withoutIds(slow.job));

  // The outcome was taken by this job, and waits for no other.
  expect(await slow.sim.control.listOutcomes()).toEqual([]);
});

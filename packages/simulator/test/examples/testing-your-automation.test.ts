import { createEyeglassClient, type EyeglassClient, EyeglassError } from '@eyeglass-jobs/client';
import { startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';

// The automation under test: fail zone finance over to dr, and never launch it twice.
async function failOverFinance(eg: EyeglassClient): Promise<string> {
  const [production, dr] = await eg.nodes.list();
  const zones = await eg.nodes.zones(production!.id);
  const finance = zones.find((zone) => zone.name === 'finance')!;
  const query = { sourceid: production!.id, targetid: dr!.id, failovertarget: finance.id };
  try {
    return (await eg.failover.launch(query)).id;
  } catch (error) {
    // The answer was lost: the job may exist. Look before launching again.
    if (!(error instanceof EyeglassError) || !error.outcomeUnknown) throw error;
    const running = await eg.failover.list({ state: 'running' });
    const launched = running.find((job) => job.failoverTarget.zone.id === finance.id);
    if (!launched) throw error;
    return launched.id;
  }
}

let sim: TestSimulator;
let eg: EyeglassClient;
beforeEach(async () => {
  sim = await startSimulator({ clock: 'manual' });
  eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
});
afterEach(() => sim.close());

it('launches once when the answer to the launch is lost', async () => {
  await sim.control.injectFault({ operation: 'launchFailover', kind: 'commit-then-drop' });

  const id = await failOverFinance(eg);

  const launches = await sim.control.requests({ operation: 'launchFailover' });
  expect(launches).toHaveLength(1);
  expect((await eg.failover.list()).map((job) => job.id)).toEqual([id]);
});

it('follows a failover whose data sync takes an hour', async () => {
  const [production] = await eg.nodes.list();
  const finance = (await eg.nodes.zones(production!.id)).find((zone) => zone.name === 'finance')!;
  await sim.control.injectOutcome({ target: finance.id, step: 'Final data sync', duration: '1h' });

  const id = await failOverFinance(eg);
  const finished = eg.failover.waitFor(id, { intervalMs: 10 });
  await sim.control.advanceClock('2h');

  const job = await finished;
  expect(job.success).toBe(true);
  expect(job.finished - job.started).toBeGreaterThan(3_600_000);
});

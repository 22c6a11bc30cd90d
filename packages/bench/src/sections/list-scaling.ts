/**
 * Scaling: the latency of `GET /v2/jobs/failover?state=finished` with 100 retained jobs against
 * the retention maximum (500 by default, below 100 000), and of `state=running` with 100 against
 * 100 000 finished jobs stored, which only the indexes keep flat. Measured in process with
 * `inject()`, so only the simulator's own work counts.
 */
import { performance } from 'node:perf_hooks';
import {
  createFakeClock,
  createSimulator,
  defaultInventory,
  defaultRetention,
  openDatabase,
} from '@eyeglass-jobs/simulator';
import { median } from '../measure.js';
import { ms, ratio, type Section } from '../report.js';

const API_KEY = 'igls-benchmark0123456789';

/** A simulator holding `finished` copies of one finished failover, and two running failovers. */
async function simulatorWith(finished: number) {
  const clock = createFakeClock();
  const db = openDatabase(':memory:');
  const inventory = defaultInventory();
  const { app } = await createSimulator({
    apiKeys: [API_KEY],
    db,
    clock,
    inventory,
    retention: { failover: { maxJobs: Math.max(finished, defaultRetention.failover.maxJobs) + 10 } },
  });
  const headers = { api_key: API_KEY };
  const launch = async (zone: (typeof inventory.zones)[number]) => {
    const query = new URLSearchParams({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id });
    const response = await app.inject({ method: 'POST', url: `/sera/v2/jobs/failover?${query}`, headers });
    return (response.json() as { id: string }).id;
  };
  const first = await launch(inventory.zones[0]!);
  clock.runUntilIdle();
  // Copied in SQL: launching 100 000 failovers one by one would take minutes.
  const copyJob = db.prepare(
    `INSERT INTO job (id, kind, job_type, name, state, success, created, finished, subject)
     SELECT ? || id, kind, job_type, name, state, success, created, finished, subject FROM job WHERE id = ?`,
  );
  const copySteps = db.prepare(
    `INSERT INTO step SELECT ?, ord, parent_ord, ? || id, name, state, status, info, started, finished
     FROM step WHERE job_seq = (SELECT seq FROM job WHERE id = ?)`,
  );
  db.transaction(() => {
    for (let copy = 1; copy < finished; copy++) {
      const prefix = `copy${copy}-`;
      copySteps.run(Number(copyJob.run(prefix, first).lastInsertRowid), prefix, first);
    }
  })();
  for (const zone of inventory.zones.slice(2, 4)) await launch(zone);
  clock.advance(5_000);
  return { app, headers };
}

async function latency(
  sim: Awaited<ReturnType<typeof simulatorWith>>,
  url: string,
  requests: number,
  expectCount: number,
): Promise<number> {
  const check = await sim.app.inject({ method: 'GET', url, headers: sim.headers });
  const listed = (check.json() as unknown[]).length;
  if (listed !== expectCount) throw new Error(`${url} listed ${listed} jobs, expected ${expectCount}`);
  for (let i = 0; i < Math.max(3, requests / 5); i++)
    await sim.app.inject({ method: 'GET', url, headers: sim.headers });
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await sim.app.inject({ method: 'GET', url, headers: sim.headers });
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function listScalingSection(small: number, large: number, requests: number): Promise<Section> {
  const retentionMax = Math.min(large, defaultRetention.failover.maxJobs);
  // One simulator at a time, each closed after its measure: a store of 100 000 jobs in the same
  // heap would slow every other measure with its garbage collection.
  const measureWith = async <T>(
    finished: number,
    work: (sim: Awaited<ReturnType<typeof simulatorWith>>) => Promise<T>,
  ) => {
    const sim = await simulatorWith(finished);
    try {
      return await work(sim);
    } finally {
      await sim.app.close();
    }
  };
  const finished = '/sera/v2/jobs/failover?state=finished';
  const running = '/sera/v2/jobs/failover?state=running';
  const [finishedFew, runningFew] = await measureWith(small, async (sim) => [
    await latency(sim, finished, requests, small),
    await latency(sim, running, requests * 5, 2),
  ]);
  const finishedRetained = await measureWith(retentionMax, (sim) => latency(sim, finished, requests, retentionMax));
  const runningMany = await measureWith(large, (sim) => latency(sim, running, requests * 5, 2));
  const growth = (finishedRetained - finishedFew) / (retentionMax - small);
  return {
    title: '4. List scaling',
    baseline: `the same list with ${small} retained failover jobs (median of ${requests} requests, in process)`,
    rows: [
      { subject: `state=finished, ${small} retained (lists ${small})`, value: ms(finishedFew), ratio: '' },
      {
        subject: `state=finished, ${retentionMax} retained = retention maximum (lists ${retentionMax})`,
        value: ms(finishedRetained),
        ratio: ratio(finishedRetained, finishedFew),
      },
      { subject: `state=running, ${small} finished stored (lists 2)`, value: ms(runningFew), ratio: '' },
      {
        subject: `state=running, ${large} finished stored (lists 2)`,
        value: ms(runningMany),
        ratio: ratio(runningMany, runningFew),
      },
    ],
    goals: [
      {
        goal: 'list scaling ≤ 2×',
        met: finishedRetained <= 2 * finishedFew,
        detail: `${ratio(finishedRetained, finishedFew)} for ${retentionMax / small}× the jobs listed`,
      },
    ],
    notes: [
      `the finished list grows by ${(growth * 1000).toFixed(1)} µs per listed job: linear in the answer, which holds every job`,
      `the running list with ${large} jobs stored costs ${ratio(runningMany, runningFew)} of the same list with ${small}: the indexes keep the query flat`,
    ],
  };
}

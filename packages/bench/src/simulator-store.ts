/**
 * Benchmarks of the simulator's store and handlers, each against a baseline measured in the
 * same run, printed as ratios:
 * - `GET /v2/jobs/failover?state=running` with 100 000 finished jobs retained, against the same
 *   list on an empty history (the indexes should keep the ratio near 1);
 * - the `getFailoverJob` handler (SQLite read, step tree, live readiness) serialised to JSON,
 *   against serialising the same Job object already in memory.
 *
 * Run: pnpm --filter @eyeglass-jobs/bench bench:simulator
 */
import { performance } from 'node:perf_hooks';
import {
  createFakeClock,
  createSimulatorService,
  defaultInventory,
  openDatabase,
  type SimulatorService,
  withQueryDefaults,
} from '@eyeglass-jobs/simulator';

const retained = 100_000;
const inventory = defaultInventory();
const [production, dr] = inventory.nodes;
const finance = inventory.zones[0]!;
const launchQuery = withQueryDefaults('launchFailover', {
  sourceid: production!.id,
  targetid: dr!.id,
  failovertarget: finance.id,
  controlled: false,
});
const input = <Q>(query: Q) => ({ params: {}, query, headers: {}, body: undefined });
const byId = (id: string) => ({ params: { id }, query: {}, headers: {}, body: undefined });

/** Calls `run` repeatedly for about `ms` and returns calls per second. */
async function rate(run: () => unknown, ms = 1_500): Promise<number> {
  for (let warm = 0; warm < 200; warm++) await run();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let batch = 0; batch < 50; batch++) await run();
    calls += 50;
  }
  return calls / ((performance.now() - start) / 1_000);
}

/** A simulator with one finished job copied `history` times (in SQL: a launch per job would take minutes) and two running failovers. */
async function simulator(history: number): Promise<{ service: SimulatorService; finishedId: string }> {
  const clock = createFakeClock();
  const db = openDatabase(':memory:');
  const service = createSimulatorService({ db, clock, inventory, retention: { failover: { maxJobs: history + 10 } } });
  const finished = await service.launchFailover(input(launchQuery));
  clock.runUntilIdle();
  const finishedId = (finished.body as { id: string }).id;
  const copyJob = db.prepare(
    `INSERT INTO job (id, kind, job_type, name, state, success, created, finished, subject)
     SELECT ? || id, kind, job_type, name, state, success, created, finished, subject FROM job WHERE id = ?`,
  );
  const copySteps = db.prepare(
    `INSERT INTO step SELECT ?, ord, parent_ord, ? || id, name, state, status, info, started, finished
     FROM step WHERE job_seq = (SELECT seq FROM job WHERE id = ?)`,
  );
  db.transaction(() => {
    for (let copy = 0; copy < history; copy++) {
      const prefix = `copy${copy}-`;
      const seq = Number(copyJob.run(prefix, finishedId).lastInsertRowid);
      copySteps.run(seq, prefix, finishedId);
    }
  })();
  for (const zone of inventory.zones.slice(2, 4)) {
    await service.launchFailover(
      input({ ...launchQuery, sourceid: zone.source, targetid: zone.target, failovertarget: zone.id }),
    );
  }
  clock.advance(5_000);
  return { service, finishedId };
}

const empty = await simulator(0);
const full = await simulator(retained);
const running = input({ state: 'running' as const });
const listEmpty = await rate(() => empty.service.listFailoverJobs(running));
const listFull = await rate(() => full.service.listFailoverJobs(running));
const check = await full.service.listFailoverJobs(running);
if (check.body.length !== 2) throw new Error(`Expected 2 running jobs, listed ${check.body.length}`);

const job = (await full.service.getFailoverJob(byId(full.finishedId))).body;
const handler = await rate(async () => JSON.stringify((await full.service.getFailoverJob(byId(full.finishedId))).body));
const serialise = await rate(() => JSON.stringify(job));

const row = (name: string, value: number, baseline: number) =>
  `${name.padEnd(58)} ${value.toFixed(0).padStart(9)}/s  ${(value / baseline).toFixed(2)}x of baseline`;
console.log(row(`list running, ${retained} finished jobs retained`, listFull, listEmpty));
console.log(row('list running, empty history (baseline)', listEmpty, listEmpty));
console.log(row('getFailoverJob handler + JSON.stringify', handler, serialise));
console.log(row('JSON.stringify of the same Job (baseline)', serialise, serialise));
empty.service.close();
full.service.close();

import { beforeAll, describe, expect, it } from 'vitest';
import { runSoak, type SoakReport, soakFailures } from '../../scripts/durability/soak-load.js';

// A short run of `pnpm soak` with a fixed seed, generous memory bounds and no timing assertion;
// SOAK_SEED runs another one.
const seed = Number(process.env.SOAK_SEED ?? 20_241_202);
const megabyte = 2 ** 20;
let report: SoakReport;

beforeAll(async () => {
  report = await runSoak({ seed, seconds: 3, warmupSeconds: 1, connections: 4 });
}, 60_000);

describe(`the simulator under a short load of valid reads and launches (seed ${seed})`, () => {
  it('answers every request, only with statuses the spec documents, bodies that match it, and bounded memory growth', () => {
    const failures = soakFailures(report, { heapGrowth: 32 * megabyte, rssGrowth: 96 * megabyte });
    expect([...failures, ...report.problems], `seed ${seed}`).toEqual([]);
  });

  it('sent launches that created jobs and reads of them, and checked bodies against the spec', () => {
    const created = ['launchFailover', 'runReadinessJob', 'runReplicationJob'] as const;
    for (const operationId of created) expect(report.answers[operationId]?.['201'], operationId).toBeGreaterThan(0);
    for (const operationId of ['getFailoverJob', 'getFailoverJobLog', 'listFailoverJobs'] as const)
      expect(report.answers[operationId]?.['200'], operationId).toBeGreaterThan(0);
    expect(report.requests).toBeGreaterThan(0);
    expect(report.checkedBodies).toBeGreaterThan(0);
  });

  it('measured the simulator process after a full garbage collection', () => {
    expect(report.collected).toBe(true);
    expect(report.memory.warm.heapUsed).toBeGreaterThan(0);
    expect(report.memory.end.rss).toBeGreaterThan(report.memory.end.heapUsed);
  });
});

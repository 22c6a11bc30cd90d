import { beforeAll, describe, expect, it } from 'vitest';
import { type KillLoopReport, runKillLoop } from '../../scripts/durability/kill-loop.js';

// A bounded run of `pnpm crash-loop` with a fixed seed; CRASH_LOOP_SEED runs another one, such as
// the seed a failed `pnpm crash-loop` printed.
const seed = Number(process.env.CRASH_LOOP_SEED ?? 20_241_201);
const kills = 5;
let report: KillLoopReport;

beforeAll(async () => {
  report = await runKillLoop({ seed, kills, uptimeMs: [300, 1200] });
}, 90_000);

describe(`eyeglass-sim killed with SIGKILL ${kills} times and restarted on its database (seed ${seed})`, () => {
  it('loses and changes nothing it acknowledged, and finishes the jobs it interrupted as documented', () => {
    expect(report.failures, `seed ${seed}`).toEqual([]);
  });

  it('was really killed mid-run each time, then stopped with SIGTERM', () => {
    const stops = report.rounds.map((round) => round.stop);
    expect(stops.slice(0, kills).every((stop) => stop.startsWith('SIGKILL'))).toBe(true);
    expect(stops.at(-1)).toBe('SIGTERM');
    const interrupted = report.rounds.map((round) => round.interrupted);
    expect(interrupted.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(kills);
    expect(interrupted.filter((count) => count > 0).length).toBeGreaterThanOrEqual(Math.ceil(kills / 2));
  });

  it('checked jobs of every kind, finished ones among them, with their steps and log lines', () => {
    const { jobs, finishedSteps, logLines } = report.verified;
    expect(jobs.failover).toBeGreaterThan(0);
    expect(jobs.readiness).toBeGreaterThan(0);
    expect(jobs.replication).toBeGreaterThan(0);
    expect(finishedSteps).toBeGreaterThan(jobs.failover);
    expect(logLines).toBeGreaterThan(jobs.failover);
    expect(report.rounds.reduce((sum, round) => sum + round.finishedWhileUp, 0)).toBeGreaterThan(0);
    expect(report.statuses['launchFailover 201']).toBeGreaterThan(0);
  });
});

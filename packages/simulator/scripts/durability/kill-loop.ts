/**
 * The kill loop: `eyeglass-sim` runs on a file database while clients launch and poll jobs; it
 * is killed with SIGKILL at a random moment (sometimes again while it restarts, or while it
 * shuts down) and started again on the same database, several times, and finally stopped with
 * SIGTERM. After every start, nothing the simulator acknowledged
 * may be missing or changed (see `AcknowledgedJobs`), and the jobs that were unfinished must be
 * finished: interrupted as the README documents, or on their own before the stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ConformanceResponse,
  type ConformanceTarget,
  checkResponse,
  httpTarget,
} from '@eyeglass-jobs/conformance';
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { defaultInventory, defaultRetention } from '../../src/index.js';
import { AcknowledgedJobs, type KnownJob, type Sighting } from './acknowledged-jobs.js';
import {
  finishedBeforeStopProblems,
  interruptedStateProblems,
  type StopWindow,
  wasInterrupted,
} from './interrupted-state.js';
import { type JobKind, type PlannedRequest, RequestMix, toHttpRequest } from './request-mix.js';
import { createRandom } from './seeded-random.js';
import {
  type RestartedSimulator,
  recoveredJobs,
  spawnSimulatorProcess,
  startSimulatorProcess,
} from './simulator-process.js';

export interface KillLoopOptions {
  seed: number;
  /** How many rounds end with a SIGKILL before the final graceful stop. */
  kills: number;
  /** The simulator's speed factor: at 60 a zone failover takes about a second. */
  speed?: number;
  /** How long clients run between a start and the kill, drawn from this range (ms). */
  uptimeMs?: readonly [number, number];
  /** Concurrent clients. */
  clients?: number;
  /** Per-round progress lines. */
  progress?: (line: string) => void;
}

/**
 * How a round ends: a SIGKILL while clients are mid-request; the same, then a SIGKILL of the
 * next process while it starts (before, during or after it recovers); a SIGTERM followed by a
 * SIGKILL during the graceful shutdown; or, in the last round, a SIGTERM alone.
 */
export type StopKind = 'SIGKILL' | 'SIGKILL, again while starting' | 'SIGKILL while stopping' | 'SIGTERM';

export interface RoundReport {
  round: number;
  stop: StopKind;
  uptimeMs: number;
  requests: number;
  /** Requests cut off by the stop (no answer). */
  unanswered: number;
  /** Jobs answered 201 in this round. */
  launched: number;
  /** Jobs first seen finished while this process ran. */
  finishedWhileUp: number;
  /** Jobs the next starts reported, or (after a SIGTERM) showed, interrupted. */
  interrupted: number;
  /** Of those, jobs acknowledged before the stop (the others were launched by requests cut off). */
  interruptedAcknowledged: number;
  /** Jobs last seen unfinished that finished on their own before the stop. */
  finishedBeforeStop: number;
  /** The start killed while starting: when, whether it had printed its banner, how many jobs it had finished as interrupted. */
  killedStart?: { afterMs: number; ready: boolean; recovered: number };
}

export interface KillLoopReport {
  seed: number;
  rounds: RoundReport[];
  requests: number;
  /** Answers by operation and status, such as `getFailoverJob 200`. */
  statuses: Record<string, number>;
  /** What was acknowledged and verified after the last start. */
  verified: ReturnType<AcknowledgedJobs['counts']>;
  failures: string[];
}

const apiKey = 'igls-killloop0000000000000000000000';
const kinds: JobKind[] = ['failover', 'readiness', 'replication'];
const requestTimeoutMs = 10_000;
const listOperation = {
  failover: 'listFailoverJobs',
  readiness: 'listReadinessJobs',
  replication: 'listReplicationJobs',
} as const;
const getOperation = {
  failover: 'getFailoverJob',
  readiness: 'getReadinessJob',
  replication: 'getReplicationJob',
} as const;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The sightings in a 200 answer of an operation that shows jobs. */
function sightingsOf(planned: PlannedRequest, body: string): Sighting[] {
  switch (planned.operationId) {
    case 'getFailoverJob':
    case 'cancelFailoverJob': {
      const job = JSON.parse(body) as Job;
      return [{ kind: 'failover', tree: job.jobStatusDetails, job }];
    }
    case 'listFailoverJobs':
      return (JSON.parse(body) as Job[]).map((job) => ({ kind: 'failover', tree: job.jobStatusDetails, job }));
    case 'getReadinessJob':
    case 'getReplicationJob': {
      const kind = planned.operationId === 'getReadinessJob' ? 'readiness' : 'replication';
      return [{ kind, tree: JSON.parse(body) as JobStatusDetail }];
    }
    case 'listReadinessJobs':
    case 'listReplicationJobs': {
      const kind = planned.operationId === 'listReadinessJobs' ? 'readiness' : 'replication';
      return (JSON.parse(body) as JobStatusDetail[]).map((tree) => ({ kind, tree }));
    }
    default:
      return [];
  }
}

/** A copy of what is known of a job, so that later sightings do not move it. */
function snapshot(job: KnownJob): KnownJob {
  return { ...job, steps: new Map(job.steps) };
}

export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopReport> {
  const { seed, kills, speed = 60, uptimeMs = [300, 2500], clients = 3 } = options;
  const progress = options.progress ?? (() => {});
  const random = createRandom(seed);
  const mix = new RequestMix(random, defaultInventory());
  const ledger = new AcknowledgedJobs();
  const dir = mkdtempSync(join(tmpdir(), 'eyeglass-kill-loop-'));
  const dbPath = join(dir, 'simulator.db');
  const failures: string[] = [];
  const statuses: Record<string, number> = {};
  const rounds: RoundReport[] = [];
  // Launches that may have created a job: kept under each kind's retention count, so that no
  // job is dropped by retention and every acknowledged one must still be there.
  const mayHaveCreated: Record<JobKind, number> = { failover: 0, readiness: 0, replication: 0 };
  let requests = 0;
  let round = 0;

  const fail = (message: string) => failures.push(`round ${round}: ${message}`);

  /** Checks an answer against the spec and what a valid request may get, and records what it shows. */
  function record(planned: PlannedRequest, response: ConformanceResponse, atLeast: boolean): ConformanceResponse {
    const { operationId } = planned;
    const key = `${operationId} ${response.status}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (!planned.expected.includes(response.status)) {
      fail(
        `${operationId} answered ${response.status} (expected ${planned.expected.join(' or ')}): ${response.body.slice(0, 200)}`,
      );
    }
    for (const violation of checkResponse(operationId, response))
      fail(`${operationId} ${response.status}: ${violation}`);
    if (response.status === 201) ledger.acknowledge(planned.creates!, (JSON.parse(response.body) as { id: string }).id);
    if (response.status === 200) {
      const problems =
        operationId === 'getFailoverJobLog'
          ? ledger.observeLog(planned.id!, response.body, atLeast)
          : sightingsOf(planned, response.body).flatMap((sighting) => ledger.observe(sighting, atLeast));
      for (const problem of problems) fail(problem);
    }
    return response;
  }

  async function send(target: ConformanceTarget, planned: PlannedRequest, atLeast = false) {
    requests++;
    return record(planned, await target(toHttpRequest(planned, apiKey)), atLeast);
  }

  /** Launches and polls from several clients until `until` resolves; returns the round's counts. */
  async function drive(sim: RestartedSimulator, until: Promise<void>) {
    const target = httpTarget(sim.origin, { timeoutMs: requestTimeoutMs });
    const counts = { requests: 0, unanswered: 0, launched: 0 };
    let running = true;
    void until.then(() => {
      running = false;
    });
    const choose = (): PlannedRequest => {
      if (random.chance(0.2)) {
        const launch = mix.launch();
        const kind = launch.creates!;
        if (mayHaveCreated[kind] < defaultRetention[kind].maxJobs) return launch;
      }
      const unfinished = ledger.unfinished();
      const roll = random.next();
      if (unfinished.length > 0 && roll < 0.6) {
        const job = random.pick(unfinished);
        if (job.kind === 'failover' && random.chance(0.05)) return mix.cancel(job.id);
        return mix.readJob(job.kind, job.id);
      }
      const all = ledger.all();
      if (all.length > 0 && roll < 0.85) {
        const job = random.pick(all);
        return mix.readJob(job.kind, job.id);
      }
      return mix.list(random.pick(kinds));
    };
    const client = async () => {
      while (running) {
        const planned = choose();
        if (planned.creates) mayHaveCreated[planned.creates]++;
        counts.requests++;
        requests++;
        let response: ConformanceResponse;
        try {
          response = await target(toHttpRequest(planned, apiKey));
        } catch (error) {
          counts.unanswered++;
          if (running) fail(`${planned.operationId} got no answer while the simulator was up: ${String(error)}`);
          continue;
        }
        record(planned, response, false);
        if (planned.creates && response.status !== 201) mayHaveCreated[planned.creates]--;
        if (response.status === 201) counts.launched++;
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    return counts;
  }

  /** After a start: nothing runs, nothing acknowledged is lost, and the unfinished jobs ended as documented. */
  async function verifyRestart(sim: RestartedSimulator, stop: StopKind, reported: string[], window: StopWindow) {
    const target = httpTarget(sim.origin, { timeoutMs: requestTimeoutMs });
    const before = new Map(ledger.unfinished().map((job) => [job.id, snapshot(job)]));
    const seenFinished = new Set(ledger.all().flatMap((job) => (job.final === undefined ? [] : [job.id])));
    for (const kind of kinds) {
      const running = await send(target, {
        operationId: listOperation[kind],
        query: { state: 'running' },
        expected: [200],
      });
      if (running.status === 200 && JSON.parse(running.body).length > 0) fail(`${kind} jobs run right after the start`);
    }
    const shown = new Map<string, Sighting>();
    for (const kind of kinds) {
      const list = await send(
        target,
        { operationId: listOperation[kind], query: { state: 'all' }, expected: [200] },
        true,
      );
      if (list.status !== 200) continue;
      for (const sighting of sightingsOf({ operationId: listOperation[kind], expected: [200] }, list.body))
        shown.set(sighting.job?.id ?? sighting.tree.id, sighting);
    }
    for (const known of ledger.all()) {
      if (!shown.has(known.id))
        fail(`lost: ${known.kind} job ${known.id} (${known.launched ? 'answered 201' : 'seen in a list'}) is missing`);
    }
    const logs = new Map<string, string>();
    for (const known of ledger.all()) {
      if (known.kind !== 'failover' || !shown.has(known.id)) continue;
      const log = await send(target, { operationId: 'getFailoverJobLog', id: known.id, expected: [200] }, true);
      logs.set(known.id, log.body);
    }
    // After a plain kill the starts must report every job they interrupted; after a graceful
    // stop the jobs were finished at shutdown, and after a second kill some may have been.
    let interruptedIds = reported;
    if (stop === 'SIGTERM' && reported.length > 0)
      fail(`after a graceful stop, the next start still found ${reported.length} unfinished jobs`);
    if (stop !== 'SIGKILL') {
      const byShape = [...before.keys()].filter((id) => {
        const tree = shown.get(id)?.tree;
        return tree !== undefined && wasInterrupted(tree);
      });
      interruptedIds = [...new Set([...reported, ...byShape])];
    }
    for (const id of interruptedIds) {
      const sighting = shown.get(id);
      if (!sighting) {
        fail(`job ${id}, reported interrupted, is not listed`);
        continue;
      }
      if (seenFinished.has(id)) fail(`job ${id} was seen finished before the stop, yet reported interrupted`);
      const read: PlannedRequest = { operationId: getOperation[sighting.kind], id, expected: [200] };
      const byId = await send(target, read, true);
      if (
        byId.status === 200 &&
        JSON.stringify(sightingsOf(read, byId.body)[0]?.tree) !== JSON.stringify(sighting.tree)
      )
        fail(`job ${id} reads differently by id and in the list`);
      let log = logs.get(id);
      if (sighting.kind === 'failover' && log === undefined) {
        log = (await send(target, { operationId: 'getFailoverJobLog', id, expected: [200] })).body;
      }
      for (const problem of interruptedStateProblems(
        { ...sighting, ...(log === undefined ? {} : { log }) },
        window,
        before.get(id),
      ))
        fail(problem);
    }
    let finishedBeforeStop = 0;
    for (const [id] of before) {
      const sighting = shown.get(id);
      if (!sighting || interruptedIds.includes(id)) continue;
      finishedBeforeStop++;
      for (const problem of finishedBeforeStopProblems(sighting, window)) fail(problem);
    }
    // Every job is finished now: acknowledged ones were all checked against the lists above.
    return {
      interrupted: interruptedIds.length,
      interruptedAcknowledged: interruptedIds.filter((id) => before.has(id)).length,
      finishedBeforeStop,
    };
  }

  /** Lets the clients run for `uptime`, then stops the simulator as `stop` says. */
  async function runUntilStop(sim: RestartedSimulator, stop: StopKind, uptime: number) {
    const timeUp = sleep(uptime);
    if (stop === 'SIGKILL' || stop === 'SIGKILL, again while starting') {
      const driving = drive(sim, timeUp);
      await timeUp;
      const stoppedAt = Date.now();
      const exit = await sim.stop('SIGKILL');
      const counts = await driving;
      if (exit.signal !== 'SIGKILL') fail(`SIGKILL ended the simulator with code ${exit.code}, signal ${exit.signal}`);
      return { counts, exit, stoppedAt };
    }
    const counts = await drive(sim, timeUp);
    const stoppedAt = Date.now();
    if (stop === 'SIGTERM') {
      const exit = await sim.stop('SIGTERM');
      if (exit.code !== 0)
        fail(
          `SIGTERM ended the simulator with code ${exit.code}, signal ${exit.signal}:\n${sim.output().slice(-2000)}`,
        );
      return { counts, exit, stoppedAt };
    }
    sim.child.kill('SIGTERM');
    await sleep(random.between(0, 40));
    const exit = await sim.stop('SIGKILL');
    if (exit.signal !== 'SIGKILL' && exit.code !== 0) fail(`the simulator ended with code ${exit.code} while stopping`);
    return { counts, exit, stoppedAt };
  }

  /** Starts the simulator again; first kills one start at a random moment when the round says so. Returns the ids every start reported interrupted. */
  async function restart(
    stop: StopKind,
  ): Promise<{ sim: RestartedSimulator; reported: string[]; killedStart?: RoundReport['killedStart'] }> {
    const reported: string[] = [];
    let killedStart: RoundReport['killedStart'];
    if (stop === 'SIGKILL, again while starting') {
      const doomed = spawnSimulatorProcess({ dbPath, apiKey, speed });
      let ready = false;
      void doomed.ready.then((origin) => {
        ready = origin !== undefined;
      });
      // Start-up takes one to two seconds: the kill comes before, during or after recovery.
      const afterMs = random.between(0, 2500);
      await sleep(afterMs);
      await doomed.stop('SIGKILL');
      const recovered = recoveredJobs(doomed.stdout());
      reported.push(...recovered);
      killedStart = { afterMs, ready, recovered: recovered.length };
    }
    const sim = await startSimulatorProcess({ dbPath, apiKey, speed });
    reported.push(...sim.recovered);
    return { sim, reported, ...(killedStart ? { killedStart } : {}) };
  }

  let sim = await startSimulatorProcess({ dbPath, apiKey, speed });
  try {
    for (round = 0; round <= kills; round++) {
      const stop: StopKind =
        round === kills
          ? 'SIGTERM'
          : random.weighted<StopKind>([
              ['SIGKILL', 6],
              ['SIGKILL, again while starting', 2],
              ['SIGKILL while stopping', 2],
            ]);
      const uptime = random.between(uptimeMs[0], uptimeMs[1]);
      const finishedAtStart = ledger.counts().finishedJobs;
      const { counts, exit, stoppedAt } = await runUntilStop(sim, stop, uptime);
      const finishedWhileUp = ledger.counts().finishedJobs - finishedAtStart;
      const started = await restart(stop);
      sim = started.sim;
      const window: StopWindow = {
        from: stop === 'SIGKILL' || stop === 'SIGKILL, again while starting' ? exit.at : stoppedAt,
        to: stop === 'SIGTERM' ? exit.at : sim.readyAt,
        ranUntil: exit.at,
      };
      const verified = await verifyRestart(sim, stop, started.reported, window);
      const { killedStart } = started;
      rounds.push({
        round,
        stop,
        uptimeMs: uptime,
        ...counts,
        finishedWhileUp,
        ...verified,
        ...(killedStart ? { killedStart } : {}),
      });
      const known = ledger.counts();
      const jobs = known.jobs.failover + known.jobs.readiness + known.jobs.replication;
      progress(
        `round ${round}: ${stop} after ${uptime} ms${killedStart ? ` (the next start killed after ${killedStart.afterMs} ms, ${killedStart.ready ? 'ready' : 'not ready'}, ${killedStart.recovered} recovered)` : ''}, ${counts.requests} requests (${counts.unanswered} cut off), ${counts.launched} launched, ${finishedWhileUp} seen finished; ` +
          `restart: ${verified.interrupted} interrupted (${verified.interruptedAcknowledged} acknowledged), ${verified.finishedBeforeStop} finished before the stop; ` +
          `${jobs} jobs, ${known.finishedSteps} finished steps, ${known.logLines} log lines verified`,
      );
    }
    const exit = await sim.stop('SIGTERM');
    if (exit.code !== 0) fail(`the last simulator exited with code ${exit.code}, signal ${exit.signal} on SIGTERM`);
  } finally {
    await sim.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  return { seed, rounds, requests, statuses, verified: ledger.counts(), failures };
}

/**
 * The kill loop: `eyeglass-sim` runs on a file database while clients launch and poll jobs; it
 * is killed with SIGKILL at a random moment and started again on the same database, several
 * times, and finally stopped with SIGTERM. After every start, nothing the simulator acknowledged
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
import { type SimulatorProcess, startSimulatorProcess } from './simulator-process.js';

export interface KillLoopOptions {
  seed: number;
  /** How many times the simulator is killed with SIGKILL before the final graceful stop. */
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

export interface RoundReport {
  round: number;
  signal: 'SIGKILL' | 'SIGTERM';
  uptimeMs: number;
  requests: number;
  /** Requests cut off by the stop (no answer). */
  unanswered: number;
  /** Jobs answered 201 in this round. */
  launched: number;
  /** Jobs first seen finished while this process ran. */
  finishedWhileUp: number;
  /** Jobs the next start reported (SIGKILL) or found (SIGTERM) interrupted. */
  interrupted: number;
  /** Of those, jobs acknowledged before the stop (the others were launched by requests cut off). */
  interruptedAcknowledged: number;
  /** Jobs last seen unfinished that finished on their own before the stop. */
  finishedBeforeStop: number;
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

const timedFetch: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });

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

  /** Sends a request, checks its answer against the spec and what a valid request may get, and records what it shows. */
  async function send(
    target: ConformanceTarget,
    planned: PlannedRequest,
    atLeast = false,
  ): Promise<ConformanceResponse> {
    requests++;
    const response = await target(toHttpRequest(planned, apiKey));
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

  /** Launches and polls from several clients until `until` resolves; returns the round's counts. */
  async function drive(sim: SimulatorProcess, until: Promise<void>) {
    const target = httpTarget(sim.origin, timedFetch);
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
        try {
          const response = await send(target, planned);
          if (planned.creates && response.status !== 201) mayHaveCreated[planned.creates]--;
          if (response.status === 201) counts.launched++;
        } catch (error) {
          counts.unanswered++;
          if (running) fail(`${planned.operationId} got no answer while the simulator was up: ${String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    return counts;
  }

  /** After a start: nothing runs, nothing acknowledged is lost, and the unfinished jobs ended as documented. */
  async function verifyRestart(sim: SimulatorProcess, signal: RoundReport['signal'], window: StopWindow) {
    const target = httpTarget(sim.origin, timedFetch);
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
    let interruptedIds = sim.recovered;
    if (signal === 'SIGTERM') {
      if (sim.recovered.length > 0)
        fail(`after a graceful stop, the next start still found ${sim.recovered.length} unfinished jobs`);
      interruptedIds = [...before.keys()].filter((id) => {
        const tree = shown.get(id)?.tree;
        return tree !== undefined && wasInterrupted(tree);
      });
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

  /** Lets the clients run for `uptime`, then stops the simulator with `signal`: a kill while requests are in flight, a SIGTERM once they are done. */
  async function runUntilStop(sim: SimulatorProcess, signal: RoundReport['signal'], uptime: number) {
    const timeUp = sleep(uptime);
    if (signal === 'SIGKILL') {
      const driving = drive(sim, timeUp);
      await timeUp;
      const stoppedAt = Date.now();
      const exit = await sim.stop('SIGKILL');
      return { counts: await driving, exit, stoppedAt };
    }
    const counts = await drive(sim, timeUp);
    const stoppedAt = Date.now();
    return { counts, exit: await sim.stop('SIGTERM'), stoppedAt };
  }

  let sim = await startSimulatorProcess({ dbPath, apiKey, speed });
  try {
    for (round = 0; round <= kills; round++) {
      const signal = round < kills ? 'SIGKILL' : 'SIGTERM';
      const uptime = random.between(uptimeMs[0], uptimeMs[1]);
      const finishedAtStart = ledger.counts().finishedJobs;
      const { counts, exit, stoppedAt } = await runUntilStop(sim, signal, uptime);
      const expectedEnd = signal === 'SIGKILL' ? exit.signal === 'SIGKILL' : exit.code === 0;
      if (!expectedEnd)
        fail(
          `${signal} ended the simulator with code ${exit.code}, signal ${exit.signal}:\n${sim.output().slice(-2000)}`,
        );
      const finishedWhileUp = ledger.counts().finishedJobs - finishedAtStart;
      sim = await startSimulatorProcess({ dbPath, apiKey, speed });
      const window: StopWindow =
        signal === 'SIGKILL'
          ? { from: exit.at, to: sim.readyAt, ranUntil: exit.at }
          : { from: stoppedAt, to: exit.at, ranUntil: exit.at };
      const restart = await verifyRestart(sim, signal, window);
      rounds.push({ round, signal, uptimeMs: uptime, ...counts, finishedWhileUp, ...restart });
      const verified = ledger.counts();
      const jobs = verified.jobs.failover + verified.jobs.readiness + verified.jobs.replication;
      progress(
        `round ${round}: ${signal} after ${uptime} ms, ${counts.requests} requests (${counts.unanswered} cut off), ${counts.launched} launched, ${finishedWhileUp} seen finished; ` +
          `restart: ${restart.interrupted} interrupted (${restart.interruptedAcknowledged} acknowledged), ${restart.finishedBeforeStop} finished before the stop; ` +
          `${jobs} jobs, ${verified.finishedSteps} finished steps, ${verified.logLines} log lines verified`,
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

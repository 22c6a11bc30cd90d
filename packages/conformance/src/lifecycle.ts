/**
 * `runLifecycleModel`: a model-based stateful test of the job lifecycle (fast-check `commands`).
 * Each run starts a fresh server, runs a random sequence of launches, reads, cancels and clock
 * steps against it, checking the model's invariants on every answer, then lets every job finish
 * and checks each one a last time. A failure is shrunk to a short sequence and reported with the
 * seed that replays the whole run.
 */
import fc from 'fast-check';
import type { CheckOptions } from './check-response.js';
import { fetchJob, type LifecycleSubjects, lifecycleCommands, listJobs } from './lifecycle-commands.js';
import {
  type JobKind,
  LifecycleModel,
  LifecycleSession,
  type LifecycleSystem,
  LifecycleViolation,
  type SessionOptions,
} from './lifecycle-model.js';

export interface LifecycleOptions {
  /** Starts a fresh server for each run; a server that cannot be reset may answer with the same one. */
  start: () => Promise<LifecycleSystem>;
  /** A key the server accepts. */
  apiKey: string;
  /** What the launches act on: ids the server knows. */
  subjects: LifecycleSubjects;
  /** Replays a run, shrinking included, with the same `numRuns` and subjects; random and reported otherwise. */
  seed?: number;
  /** Runs (50 by default); each starts a fresh server. */
  numRuns?: number;
  /** Commands per run (40 by default). Keep it below the server's retention of readiness jobs. */
  maxCommands?: number;
  /** The longest single clock step, in milliseconds (90 s by default); used only with `advance`. */
  maxAdvanceMs?: number;
  /** How long, at most, to let jobs finish at the end of a run (3 hours of clock time by default). */
  settleMs?: number;
  /**
   * Adds commands that take the server's storage away and give it back (through the system's
   * `storage`). `start` must then give a fresh, empty server per run: the model checks that every
   * job shown is one a launch was answered 201 for.
   */
  storageOutages?: boolean;
  basePath?: string;
  check?: CheckOptions;
  /** Called with every answer once the kit's spec check passed, such as `expect(res).toSatisfyOperation(id)`. */
  onAnswer?: SessionOptions['onAnswer'];
}

export interface LifecycleReport {
  seed: number;
  runs: number;
  requests: number;
  /** Answers by `operationId status`, over every run (shrinking included). */
  byAnswer: Record<string, number>;
  failure?: {
    message: string;
    seed: number;
    /** The shortest command sequence found that fails. */
    commands: string;
  };
}

const kinds: JobKind[] = ['failover', 'readiness', 'replication'];

/**
 * The end of a run: with a clock to move, every job must finish within `settleMs`; then every
 * job seen is fetched (it must still exist and match the model) and its log read once more.
 */
async function settle(model: LifecycleModel, session: LifecycleSession, settleMs: number): Promise<void> {
  // Jobs held by a storage outage go on once the storage is back.
  if (session.storageDown) await session.setStorage(true);
  if (session.system.advance) {
    const step = 10 * 60 * 1000;
    for (let waited = 0; ; waited += step) {
      const running = await Promise.all(kinds.map((kind) => listJobs(model, session, kind, 'running')));
      const left = running.flat().map((job) => job.id);
      if (left.length === 0) break;
      if (waited >= settleMs) {
        throw new LifecycleViolation(`jobs still not finished after ${settleMs} ms of clock time: ${left.join(', ')}`);
      }
      await session.system.advance(step);
    }
  }
  for (const job of model.jobs.values()) {
    await fetchJob(model, session, job.kind, job.id);
    if (job.kind === 'failover') {
      const log = await session.expect('getFailoverJobLog', [200], { id: job.id });
      model.observeLog(job.id, log.text);
    }
  }
}

/** Runs the stateful test and reports what it sent and the first failure, if any. */
export async function runLifecycleModel(options: LifecycleOptions): Promise<LifecycleReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const report: LifecycleReport = { seed, runs: 0, requests: 0, byAnswer: {} };
  const count = (key: string) => {
    report.requests++;
    report.byAnswer[key] = (report.byAnswer[key] ?? 0) + 1;
  };
  const maxAdvanceMs = options.maxAdvanceMs ?? 90_000;
  const property = fc.asyncProperty(
    fc.commands(lifecycleCommands(options.subjects, maxAdvanceMs, options.storageOutages === true), {
      maxCommands: options.maxCommands ?? 40,
      size: 'max',
    }),
    async (commands) => {
      report.runs++;
      const system = await options.start();
      const session = new LifecycleSession(system, {
        apiKey: options.apiKey,
        count,
        ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
        ...(options.check ? { check: options.check } : {}),
        ...(options.onAnswer ? { onAnswer: options.onAnswer } : {}),
      });
      const model = new LifecycleModel(options.storageOutages === true);
      try {
        await fc.asyncModelRun(() => ({ model, real: session }), commands);
        await settle(model, session, options.settleMs ?? 3 * 60 * 60 * 1000);
      } finally {
        await system.close?.();
      }
    },
  );
  const details = await fc.check(property, { seed, numRuns: options.numRuns ?? 50 });
  if (details.failed) {
    const error = details.errorInstance;
    report.failure = {
      message: error instanceof Error ? error.message : String(error),
      seed,
      commands: details.counterexample ? String(details.counterexample[0]) : '(none)',
    };
  }
  return report;
}

/** A readable summary: runs, requests, answers by operation and status, and the failure with how to replay it. */
export function formatLifecycleReport(report: LifecycleReport): string {
  const lines = [
    `lifecycle model: ${report.runs} runs, ${report.requests} requests, seed ${report.seed}`,
    ...Object.entries(report.byAnswer)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `  ${key.padEnd(32)} ${String(n).padStart(7)}`),
  ];
  const { failure } = report;
  if (failure) {
    lines.push(
      `failure (replay with seed ${failure.seed} and the same numRuns):`,
      `  ${failure.message}`,
      `  commands: ${failure.commands}`,
    );
  }
  return lines.join('\n');
}

/**
 * What the simulator has acknowledged to clients: the ids of jobs it answered 201 for, and every
 * job, step and log text it showed in a 200 answer. While the simulator runs, answers arrive over
 * several connections in no guaranteed order, so two sightings of a job must only agree with
 * each other (a finished step looks the same in both, one log is the start of the other). After
 * a restart the simulator must show at least everything ever seen: each job, each step, finished
 * steps and finished jobs unchanged, and each log starting with the longest log seen.
 */
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import type { JobKind } from './request-mix.js';

/** A job as an answer showed it: the step tree, and for failover jobs the Job around it. */
export interface Sighting {
  kind: JobKind;
  tree: JobStatusDetail;
  job?: Job;
}

interface StepFacts {
  name: string;
  state: JobStatusDetail['state'];
  status: string;
  info: string;
  started: number;
  finished: number;
}

export interface KnownJob {
  kind: JobKind;
  id: string;
  /** Acknowledged by a 201 answer (rather than first seen in a list). */
  launched: boolean;
  /** The most advanced facts shown about each step (the root included), by step id. */
  steps: Map<string, StepFacts>;
  /** Whether any answer showed `success: false` (failover jobs). */
  failed: boolean;
  /** The job as first shown finished; every later sighting must agree with it. */
  final?: string;
  /** The longest log text shown. */
  log: string;
}

const stateRank = { pending: 0, running: 1, finished: 2 } as const;

function flatten(tree: JobStatusDetail): JobStatusDetail[] {
  return [tree, ...tree.childrenDetails.flatMap(flatten)];
}

function factsOf(step: JobStatusDetail): StepFacts {
  const { name, state, status, info, started, finished } = step;
  return { name, state, status, info, started, finished };
}

/** What must never change once a job has finished (its zone's readiness, shown as it is now, may). */
function finalForm(sighting: Sighting): string {
  const { job } = sighting;
  return JSON.stringify({
    tree: sighting.tree,
    ...(job ? { name: job.name, jobType: job.jobType, started: job.started, finished: job.finished } : {}),
    ...(job ? { success: job.success, source: job.sourceNode.id, target: job.targetNode.id } : {}),
  });
}

function describe(step: StepFacts): string {
  return `${step.state} ${step.status || '-'} ${JSON.stringify(step.info)} ${step.started}-${step.finished}`;
}

export class AcknowledgedJobs {
  private readonly jobs = new Map<string, KnownJob>();
  sightings = 0;

  /** Records the id of a 201 answer. */
  acknowledge(kind: JobKind, id: string): void {
    const known = this.jobs.get(id);
    if (known) known.launched = true;
    else this.jobs.set(id, { kind, id, launched: true, steps: new Map(), failed: false, log: '' });
  }

  get(id: string): KnownJob | undefined {
    return this.jobs.get(id);
  }

  all(): KnownJob[] {
    return [...this.jobs.values()];
  }

  /** Jobs not yet shown finished, including those only acknowledged by a 201. */
  unfinished(): KnownJob[] {
    return this.all().filter((job) => job.final === undefined);
  }

  /**
   * Records a job shown by a 200 answer. Returns how it disagrees with earlier sightings; with
   * `atLeast`, also how it falls behind them (a lost step, a step gone back to an earlier state).
   */
  observe(sighting: Sighting, atLeast = false): string[] {
    this.sightings++;
    const { id } = sighting.tree;
    const problems: string[] = [];
    let known = this.jobs.get(id);
    if (!known) {
      known = { kind: sighting.kind, id, launched: false, steps: new Map(), failed: false, log: '' };
      this.jobs.set(id, known);
    }
    if (known.kind !== sighting.kind)
      problems.push(`job ${id} was a ${known.kind} job and is now shown as ${sighting.kind}`);
    const shown = new Map(flatten(sighting.tree).map((step) => [step.id, factsOf(step)]));
    for (const [stepId, before] of known.steps) {
      const now = shown.get(stepId);
      if (!now) {
        if (atLeast) problems.push(`job ${id}: step ${stepId} (${before.name}) is lost`);
        continue;
      }
      if (now.name !== before.name) problems.push(`job ${id}: step ${stepId} was "${before.name}", is "${now.name}"`);
      if (before.state === 'finished' && now.state === 'finished' && describe(now) !== describe(before)) {
        problems.push(`job ${id}: finished step "${before.name}" changed from ${describe(before)} to ${describe(now)}`);
      }
      if (atLeast && stateRank[now.state] < stateRank[before.state]) {
        problems.push(`job ${id}: step "${before.name}" went back from ${before.state} to ${now.state}`);
      }
      if (before.started !== 0 && now.started !== 0 && now.started !== before.started) {
        problems.push(`job ${id}: step "${before.name}" started at ${before.started}, now at ${now.started}`);
      }
    }
    const success = sighting.job?.success;
    if (atLeast && known.failed && success === true) problems.push(`job ${id}: success went back from false to true`);
    if (sighting.tree.state === 'finished') {
      const form = finalForm(sighting);
      if (known.final !== undefined && known.final !== form) problems.push(`job ${id} changed after it finished`);
      known.final ??= form;
    }
    // Keep the most advanced facts of each step.
    for (const [stepId, now] of shown) {
      const before = known.steps.get(stepId);
      if (!before || stateRank[now.state] >= stateRank[before.state]) known.steps.set(stepId, now);
    }
    if (success === false) known.failed = true;
    return problems;
  }

  /** Records a log text shown by a 200 answer; with `atLeast`, it must start with the longest seen. */
  observeLog(id: string, text: string, atLeast = false): string[] {
    const known = this.jobs.get(id);
    if (!known) return [`the log of job ${id} was read before the job was known`];
    const problems: string[] = [];
    if (!text.startsWith(known.log)) {
      if (atLeast || !known.log.startsWith(text)) {
        const at = [...text].findIndex((char, index) => char !== known.log[index]);
        problems.push(
          `job ${id}: the log (${text.length} chars) does not start with the ${known.log.length} chars seen before; they differ at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`,
        );
      }
    } else {
      known.log = text;
    }
    return problems;
  }

  counts(): {
    jobs: Record<JobKind, number>;
    finishedJobs: number;
    steps: number;
    finishedSteps: number;
    logLines: number;
  } {
    const jobs: Record<JobKind, number> = { failover: 0, readiness: 0, replication: 0 };
    let finishedJobs = 0;
    let steps = 0;
    let finishedSteps = 0;
    let logLines = 0;
    for (const job of this.jobs.values()) {
      jobs[job.kind]++;
      if (job.final !== undefined) finishedJobs++;
      steps += job.steps.size;
      for (const step of job.steps.values()) if (step.state === 'finished') finishedSteps++;
      logLines += job.log.split('\n').length - 1;
    }
    return { jobs, finishedJobs, steps, finishedSteps, logLines };
  }
}

/**
 * A job's plan: the step tree it will walk, with what each leaf step takes (appliance time), what
 * it checks and what it changes. Plans live in memory while the job runs; the store keeps the
 * tree's state as `JobStatusDetail` rows.
 */
import type { EntityChange } from '../domain/entity-state.js';
import type { JobKind, StepRecord } from '../domain/job.js';
import type { StoredJobType } from '../domain/job-type.js';

export type OutcomeStatus = 'OK' | 'INFO' | 'WARNING' | 'ERROR';

export interface Outcome {
  status: OutcomeStatus;
  info: string;
}

export interface PlanStep {
  name: string;
  /** The zones, policies and pools the step acts on: their injected faults can strike it. */
  subjects: readonly string[];
  /** Appliance time a leaf takes; groups take the sum of their children. */
  durationMs: number;
  /** Why the step does not run (a parameter turned it off); it is then SKIPPED. */
  skip?: string;
  /** What the step finds when it is done; OK when absent. */
  evaluate?: () => Outcome;
  /** What the step changes in the inventory once it has succeeded. */
  apply?: () => EntityChange[];
  /** The failover jobs this step waits for; it takes its time once the list is empty. */
  waitFor?: () => string[];
  /** The step renames shares, so a failure after it rolls them back. */
  renamesShares?: boolean;
  children: PlanStep[];
}

/** What a finished job came to, for its summary line. */
export interface JobResult {
  success: boolean;
  cancelled: boolean;
  failed?: { step: string; info: string };
  /** Leaf steps that ended WARNING or ERROR. */
  warnings: number;
  errors: number;
  /** The outcome of each top-level step. */
  topLevel: Array<{ name: string; status: string }>;
}

export interface JobPlan {
  kind: JobKind;
  jobType: StoredJobType | null;
  id: string;
  /** The job's `name`. */
  name: string;
  /** The name of the step tree's root (`jobStatusDetails.name`). */
  rootName: string;
  /** What a failover job acts on, as the Job object shows it at launch. */
  subject: unknown;
  steps: PlanStep[];
  /** The first log lines. */
  startLog: string[];
  /** Failover jobs stop at the first ERROR; readiness and replication jobs check everything. */
  stopOnError: boolean;
  /** Whether a failover keeps a success flag. */
  tracksSuccess: boolean;
  /** Appended and run when the job stops after renaming shares, if rollback is on. */
  rollback?: { enabled: boolean; step: PlanStep };
  summarize(result: JobResult): string;
}

export function leaf(
  name: string,
  durationMs: number,
  subjects: readonly string[],
  extra: Partial<PlanStep> = {},
): PlanStep {
  return { name, durationMs, subjects, children: [], ...extra };
}

/** A group of steps; a `skip` reason skips every step beneath it. */
export function group(name: string, children: PlanStep[], skip?: string): PlanStep {
  const subjects = [...new Set(children.flatMap((child) => child.subjects))];
  const skipped = skip === undefined ? children : children.map((child) => ({ ...child, skip: child.skip ?? skip }));
  return { name, durationMs: 0, subjects, children: skipped, ...(skip === undefined ? {} : { skip }) };
}

export interface FlatStep {
  record: StepRecord;
  plan: PlanStep | undefined;
  children: number[];
}

/** Numbers the tree depth first (0 is the job) and gives each step its id, `<job id>.<path>`. */
export function flattenPlan(plan: JobPlan): FlatStep[] {
  const flat: FlatStep[] = [];
  const blank = { state: 'pending', status: '', info: '', started: 0, finished: 0 } as const;
  flat.push({
    record: { ord: 0, parentOrd: null, id: plan.id, name: plan.rootName, ...blank },
    plan: undefined,
    children: [],
  });
  const visit = (step: PlanStep, parentOrd: number, id: string) => {
    const ord = flat.length;
    flat.push({ record: { ord, parentOrd, id, name: step.name, ...blank }, plan: step, children: [] });
    flat[parentOrd]!.children.push(ord);
    step.children.forEach((child, index) => {
      visit(child, ord, `${id}.${index + 1}`);
    });
  };
  plan.steps.forEach((step, index) => {
    visit(step, 0, `${plan.id}.${index + 1}`);
  });
  return flat;
}

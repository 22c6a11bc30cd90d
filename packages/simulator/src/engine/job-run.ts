/**
 * Runs one job's plan on the clock: leaf steps one after another, each taking its appliance
 * time, groups opening and closing around them, the log growing a line per event. Every event
 * is written in one transaction before the run goes on. A cancel is honoured at the next step
 * boundary; a failure stops a failover (after rolling back renamed shares when asked).
 *
 * An event the store cannot write (a full disk) leaves the run as it was before the event, in
 * memory as on disk. A cancel then fails to its caller; an event of the run's own (a step's time
 * up, a start by the queue) holds the job where it was and tries again `storageRetryMs` later.
 */
import type { Clock, ClockTimer } from '../clock.js';
import type { EntityState } from '../domain/entity-state.js';
import type { StepRecord, Transition } from '../domain/job.js';
import { StorageFailure } from '../domain/storage-failure.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import type { JobStore } from '../store/job-store.js';
import { type FlatStep, flattenPlan, type JobPlan, type Outcome, type PlanStep } from './plan.js';
import { type SubjectSnapshot, subjectNow } from './targets.js';

const statusRank: Record<string, number> = { '': 0, SKIPPED: 1, OK: 2, INFO: 3, WARNING: 4, CANCELLED: 5, ERROR: 6 };
const rank = (status: string) => statusRank[status] ?? 0;

function logLevel(status: string): string {
  if (status === 'ERROR') return 'ERROR';
  return status === 'WARNING' || status === 'CANCELLED' ? 'WARN' : 'INFO';
}

/** One line of a job's log: ISO time, level, message. */
export function logLine(at: number, level: string, message: string): string {
  return `${new Date(at).toISOString()} ${level.padEnd(5)} ${message}`;
}

/** How long, in clock time, a job whose event could not be stored waits before it tries again. */
export const storageRetryMs = 1_000;

/** The transition being built for one event. */
class Batch {
  readonly steps = new Set<StepRecord>();
  readonly log: string[] = [];
  readonly entities: NonNullable<Transition['entities']> = [];
  /** The states the entities had before the event, to put back if it cannot be stored. */
  readonly entitiesBefore: Array<[string, EntityState]> = [];
  job: Transition['job'];
}

/** Why a run stopped before the end of its plan: a step failed, or it was cancelled. */
type StopReason = 'error' | 'cancel';

/**
 * Where a run stands. Each phase holds only what can be true in it; what the run has done so far
 * (a failed step, renamed shares) is read from its step tree.
 * - `pending`: not started; the queue starts it.
 * - `waiting`: in a step that waits for other failover jobs; a cancel stops it at once.
 * - `stepping`: a leaf step takes its time on `timer`. A cancel is honoured when the step ends;
 *   `stopping` says the run has already stopped and is running what undoes it (share rollback).
 * - `finished`: over; `stopped` says why it ended early.
 */
type RunState =
  | { phase: 'pending' }
  | { phase: 'waiting' }
  | { phase: 'stepping'; timer: ClockTimer; cancelRequested: boolean; stopping: StopReason | undefined }
  | { phase: 'finished'; stopped: StopReason | undefined };

/** What an event carries from the state it started in to the one it ends in. */
interface Course {
  cancelRequested: boolean;
  stopping: StopReason | undefined;
}

const freshCourse = (): Course => ({ cancelRequested: false, stopping: undefined });

/** A run as it was before an event, to go back to when the event cannot be stored. */
interface Snapshot {
  state: RunState;
  cursor: number;
  records: StepRecord[];
  leaves: number;
  rootChildren: number;
}

export interface JobRunHooks {
  store: JobStore;
  clock: Clock;
  live: LiveInventory;
  /** Called once the job has finished and its last transition is stored. */
  onFinished(run: JobRun): void;
  /** Called when an event of the run's own could not be stored: the job holds and tries again. */
  onPaused?(run: JobRun, failure: StorageFailure): void;
  /** Called when a held job could store an event again. */
  onResumed?(run: JobRun): void;
}

export class JobRun {
  readonly seq: number;
  private readonly flat: FlatStep[];
  private readonly leaves: number[];
  private cursor = 0;
  private state: RunState = { phase: 'pending' };
  /** Events waiting to be tried again after a storage failure. */
  private readonly retries = new Set<ClockTimer>();
  /** The storage failure the job holds on, until an event is stored again. */
  private heldBy: StorageFailure | undefined;

  constructor(
    readonly plan: JobPlan,
    private readonly hooks: JobRunHooks,
  ) {
    this.flat = flattenPlan(plan);
    this.leaves = this.flat.filter((step) => step.children.length === 0 && step.plan).map((step) => step.record.ord);
    const now = hooks.clock.now();
    this.seq = hooks.store.insert({
      id: plan.id,
      kind: plan.kind,
      jobType: plan.jobType,
      name: plan.name,
      success: plan.tracksSuccess ? true : null,
      created: now,
      subject: plan.subject,
      steps: this.flat.map((step) => step.record),
      log: plan.kind === 'failover' ? plan.startLog.map((line) => logLine(now, 'INFO', line)) : [],
    });
  }

  get id(): string {
    return this.plan.id;
  }

  get started(): boolean {
    return this.root.state !== 'pending';
  }

  get finished(): boolean {
    return this.state.phase === 'finished';
  }

  /** Whether the job holds because its last event could not be stored. */
  get held(): boolean {
    return this.heldBy !== undefined;
  }

  /** Where the job stands, for log records. */
  get outcome(): { status: string; info: string; success: boolean | null } {
    return { status: this.root.status, info: this.root.info, success: this.plan.tracksSuccess ? this.success : null };
  }

  /** The first leaf step that failed, if one has. */
  private get failed(): { step: string; info: string } | undefined {
    for (const ord of this.leaves) {
      const { record } = this.flat[ord]!;
      if (record.status === 'ERROR') return { step: record.name, info: record.info };
    }
    return undefined;
  }

  /** Whether a step that renames shares has succeeded, so that stopping rolls them back. */
  private get sharesRenamed(): boolean {
    return this.leaves.some((ord) => {
      const { plan, record } = this.flat[ord]!;
      return plan?.renamesShares === true && ['OK', 'INFO', 'WARNING'].includes(record.status);
    });
  }

  /** A failover succeeds so far unless a step failed or it was cancelled; other jobs check everything. */
  private get success(): boolean {
    const cancelled = this.state.phase === 'finished' ? this.state.stopped === 'cancel' : false;
    const stopping = this.state.phase === 'stepping' && this.state.stopping === 'cancel';
    return !cancelled && !stopping && !(this.plan.tracksSuccess && this.failed !== undefined);
  }

  private get root(): StepRecord {
    return this.flat[0]!.record;
  }

  private now(): number {
    return this.hooks.clock.now();
  }

  /**
   * Runs one event: `apply` changes the run and fills a batch, which is then stored in one
   * transaction; a finished job is then reported. When the store fails, the run goes back to
   * where it was before the event and the failure is thrown.
   */
  private perform(apply: (batch: Batch) => void): void {
    const before = this.snapshot();
    const batch = new Batch();
    try {
      apply(batch);
      this.write(batch);
    } catch (error) {
      if (error instanceof StorageFailure) this.restore(before, batch);
      throw error;
    }
    if (this.heldBy) {
      this.heldBy = undefined;
      this.hooks.onResumed?.(this);
    }
    if (this.finished) this.hooks.onFinished(this);
  }

  /** An event of the run's own: when it cannot be stored, the job holds and tries it again later. */
  private performOrHold(event: () => void): void {
    try {
      event();
    } catch (error) {
      if (!(error instanceof StorageFailure)) throw error;
      if (!this.heldBy) this.hooks.onPaused?.(this, error);
      this.heldBy = error;
      const { clock } = this.hooks;
      const retry = clock.schedule(storageRetryMs * clock.speed, () => {
        this.retries.delete(retry);
        this.performOrHold(event);
      });
      this.retries.add(retry);
    }
  }

  private snapshot(): Snapshot {
    return {
      state: { ...this.state },
      cursor: this.cursor,
      records: this.flat.map((step) => ({ ...step.record })),
      leaves: this.leaves.length,
      rootChildren: this.flat[0]!.children.length,
    };
  }

  private restore(before: Snapshot, batch: Batch): void {
    // A timer the event started belongs to a state that never was.
    if (
      this.state.phase === 'stepping' &&
      (before.state.phase !== 'stepping' || before.state.timer !== this.state.timer)
    ) {
      this.state.timer.cancel();
    }
    this.state = before.state;
    this.cursor = before.cursor;
    this.flat.length = before.records.length;
    for (const [ord, record] of before.records.entries()) Object.assign(this.flat[ord]!.record, record);
    this.leaves.length = before.leaves;
    this.flat[0]!.children.length = before.rootChildren;
    for (const [id, state] of batch.entitiesBefore.reverse()) this.hooks.live.setState(id, state);
  }

  private write(batch: Batch): void {
    this.hooks.store.update(this.seq, {
      ...(batch.job ? { job: batch.job } : {}),
      steps: [...batch.steps],
      // Only failover jobs have a log endpoint.
      log: this.plan.kind === 'failover' ? batch.log : [],
      entities: batch.entities,
    });
  }

  private say(batch: Batch, level: string, message: string): void {
    batch.log.push(logLine(this.now(), level, message));
  }

  /**
   * Tells why the job does not start yet; it stays pending until the queue starts it. The reason
   * is a note: when it cannot be stored it is left out, rather than told late.
   */
  markQueued(reason: string): void {
    try {
      this.perform((batch) => {
        this.root.info = reason;
        batch.steps.add(this.root);
        this.say(batch, 'INFO', `Queued: ${reason}`);
      });
    } catch (error) {
      if (!(error instanceof StorageFailure)) throw error;
    }
  }

  /** Starts the job: the queue calls this once a slot is free. */
  start(): void {
    this.performOrHold(() => {
      if (this.state.phase !== 'pending' || this.started) return;
      this.perform((batch) => {
        Object.assign(this.root, { state: 'running', status: 'OK', started: this.now() });
        batch.steps.add(this.root);
        batch.job = { state: 'running' };
        this.say(batch, 'INFO', `${this.plan.rootName}: started`);
        this.advance(batch, freshCourse());
      });
    });
  }

  /**
   * Walks to the next leaf that takes time, skipping and cancelling on the way, and sets the state
   * the run waits in; finishes the job at the end.
   */
  private advance(batch: Batch, course: Course): void {
    for (;;) {
      if (course.cancelRequested && !course.stopping) course.stopping = this.stop(batch, 'cancel');
      const ord = this.leaves[this.cursor];
      if (ord === undefined) {
        this.finish(batch, course.stopping);
        return;
      }
      const step = this.flat[ord]!;
      if (step.plan?.skip !== undefined && step.record.state === 'pending') {
        // A group skipped as a whole says so once, for all its steps.
        const groupSkipped = this.parentOf(step)?.plan?.skip !== undefined;
        this.close(batch, step, { status: 'SKIPPED', info: step.plan.skip }, { step: groupSkipped });
        this.cursor++;
        continue;
      }
      if (step.record.state === 'finished') {
        this.cursor++;
        continue;
      }
      this.open(batch, step);
      const waitFor = step.plan?.waitFor?.() ?? [];
      if (waitFor.length > 0) {
        // Reached only on course: a stopped run has closed every step that could wait.
        this.state = { phase: 'waiting' };
        step.record.info = `Waiting for ${waitFor.length} other failover job${waitFor.length === 1 ? '' : 's'}: ${waitFor.join(', ')}`;
        this.say(batch, 'INFO', `${step.record.name}: ${step.record.info}`);
        return;
      }
      this.runLeaf(step, course);
      return;
    }
  }

  /** Starts the clock on a leaf step. */
  private runLeaf(step: FlatStep, course: Course): void {
    const timer = this.hooks.clock.schedule(step.plan?.durationMs ?? 0, () =>
      this.performOrHold(() => this.completeLeaf()),
    );
    this.state = { phase: 'stepping', timer, ...course };
  }

  /** Marks a leaf and its not yet started groups running. */
  private open(batch: Batch, step: FlatStep): void {
    const now = this.now();
    const chain: FlatStep[] = [];
    for (let at: FlatStep | undefined = step; at && at.record.ord !== 0; at = this.parentOf(at)) chain.unshift(at);
    for (const link of chain) {
      if (link.record.state !== 'pending') continue;
      Object.assign(link.record, { state: 'running', started: now });
      batch.steps.add(link.record);
      this.say(batch, 'INFO', `${link.record.name}: started`);
    }
    this.root.info = chain[0]?.record.name ?? '';
    batch.steps.add(this.root);
  }

  private parentOf(step: FlatStep): FlatStep | undefined {
    return step.record.parentOrd === null ? undefined : this.flat[step.record.parentOrd];
  }

  /** Finishes a step with an outcome, then every group above it whose steps are all finished. */
  private close(
    batch: Batch,
    step: FlatStep,
    outcome: { status: string; info: string },
    quiet: { step?: boolean; groups?: boolean } = {},
  ): void {
    const now = this.now();
    Object.assign(step.record, {
      state: 'finished',
      status: outcome.status,
      info: outcome.info,
      started: step.record.started || now,
      finished: now,
    });
    batch.steps.add(step.record);
    const detail = outcome.info ? ` - ${outcome.info}` : '';
    if (!quiet.step) this.say(batch, logLevel(outcome.status), `${step.record.name}: ${outcome.status}${detail}`);
    if (
      outcome.status !== 'SKIPPED' &&
      outcome.status !== 'CANCELLED' &&
      rank(outcome.status) > rank(this.root.status)
    ) {
      this.root.status = outcome.status;
      batch.steps.add(this.root);
    }
    const parent = this.parentOf(step);
    if (!parent || parent.record.ord === 0) return;
    const children = parent.children.map((ord) => this.flat[ord]!.record);
    if (children.some((child) => child.state !== 'finished')) return;
    const worst = children.reduce((a, b) => (rank(b.status) > rank(a.status) ? b : a));
    const groupQuiet = quiet.groups === true;
    this.close(
      batch,
      parent,
      { status: worst.status, info: worst.status === 'OK' ? '' : worst.info },
      { step: groupQuiet, groups: groupQuiet },
    );
  }

  /** Timer: the running leaf's time is up. */
  private completeLeaf(): void {
    if (this.state.phase !== 'stepping') return;
    const course: Course = { cancelRequested: this.state.cancelRequested, stopping: this.state.stopping };
    this.perform((batch) => this.endLeaf(batch, course));
  }

  private endLeaf(batch: Batch, course: Course): void {
    const step = this.flat[this.leaves[this.cursor]!]!;
    const plan = step.plan!;
    const outcome = this.strike(step, plan.evaluate?.() ?? { status: 'OK', info: '' });
    if (outcome.status !== 'ERROR') {
      for (const change of plan.apply?.() ?? []) {
        batch.entitiesBefore.push([change.id, this.hooks.live.state(change.id)]);
        this.hooks.live.setState(change.id, change.state);
        batch.entities.push(change);
      }
    }
    const wasSucceeding = this.success;
    this.close(batch, step, outcome);
    this.cursor++;
    if (outcome.status === 'ERROR') {
      if (this.plan.tracksSuccess && wasSucceeding) batch.job = { success: false };
      if (this.plan.stopOnError && !course.stopping) course.stopping = this.stop(batch, 'error');
    }
    this.advance(batch, course);
  }

  /** Applies the worst injected fault of the step's subjects that names the step or a group above it. */
  private strike(step: FlatStep, outcome: Outcome): Outcome {
    const names = new Set<string>();
    for (let at: FlatStep | undefined = step; at; at = this.parentOf(at)) names.add(at.record.name.toLowerCase());
    let result = outcome;
    for (const subject of step.plan?.subjects ?? []) {
      for (const fault of this.hooks.live.faultsOf(subject)) {
        if (names.has(fault.step.toLowerCase()) && rank(fault.status) > rank(result.status)) {
          result = { status: fault.status, info: fault.info };
        }
      }
    }
    return result;
  }

  /**
   * Stops the job: every step not yet run is skipped (after a failure) or cancelled, then renamed
   * shares are rolled back. Returns the reason, which the run carries from then on.
   */
  private stop(batch: Batch, reason: StopReason): StopReason {
    const status = reason === 'cancel' ? 'CANCELLED' : 'SKIPPED';
    const info =
      reason === 'cancel' ? 'Not run: the job was cancelled.' : `Not run: step "${this.failed?.step ?? ''}" failed.`;
    const remaining = this.leaves.slice(this.cursor).map((ord) => this.flat[ord]!);
    const unrun = remaining.filter((step) => step.record.state === 'pending');
    for (const step of unrun) this.close(batch, step, { status, info }, { step: true, groups: true });
    if (unrun.length > 0)
      this.say(batch, 'WARN', `${unrun.length} remaining step${unrun.length === 1 ? '' : 's'}: ${status} - ${info}`);
    this.cursor = this.leaves.length;
    if (reason === 'cancel' && this.plan.tracksSuccess) batch.job = { ...batch.job, success: false };
    const rollback = this.plan.rollback;
    if (!rollback || !this.sharesRenamed) return reason;
    if (!rollback.enabled) {
      this.say(batch, 'WARN', 'Renamed SMB shares on source are left renamed: rollbackrenamedshares is false.');
      return reason;
    }
    this.appendTopLevel(batch, rollback.step);
    return reason;
  }

  private appendTopLevel(batch: Batch, step: PlanStep): void {
    const ord = this.flat.length;
    const record: StepRecord = {
      ord,
      parentOrd: 0,
      id: `${this.plan.id}.${this.flat[0]!.children.length + 1}`,
      name: step.name,
      state: 'pending',
      status: '',
      info: '',
      started: 0,
      finished: 0,
    };
    this.flat.push({ record, plan: step, children: [] });
    this.flat[0]!.children.push(ord);
    this.leaves.push(ord);
    batch.steps.add(record);
  }

  private finish(batch: Batch, stopped: StopReason | undefined): void {
    this.state = { phase: 'finished', stopped };
    const now = this.now();
    const children = this.flat[0]!.children.map((ord) => this.flat[ord]!.record);
    const warnings = this.flat.filter((step) => step.children.length === 0 && step.record.status === 'WARNING').length;
    const errors = this.flat.filter((step) => step.children.length === 0 && step.record.status === 'ERROR').length;
    const cancelled = stopped === 'cancel';
    const failed = this.failed;
    const worst = children.reduce((status, child) => (rank(child.status) > rank(status) ? child.status : status), 'OK');
    const info = this.plan.summarize({
      success: this.success,
      cancelled,
      ...(failed ? { failed } : {}),
      warnings,
      errors,
      topLevel: children.map((child) => ({ name: child.name, status: child.status })),
    });
    Object.assign(this.root, {
      state: 'finished',
      status: worst === 'SKIPPED' ? 'OK' : worst,
      info,
      started: this.root.started || now,
      finished: now,
    });
    batch.steps.add(this.root);
    batch.job = {
      ...batch.job,
      state: 'finished',
      finished: now,
      ...(this.plan.tracksSuccess ? { success: this.success } : {}),
      // A finished job shows its subject as it was when it finished, from then on.
      ...(this.plan.subject ? { subject: subjectNow(this.plan.subject as SubjectSnapshot, this.hooks.live) } : {}),
    };
    this.say(batch, logLevel(this.root.status), `${this.plan.rootName}: finished ${this.root.status} - ${info}`);
  }

  /** The failover jobs this run waits for may have finished: go on if none is left. */
  recheckWait(): void {
    this.performOrHold(() => {
      if (this.state.phase !== 'waiting') return;
      const step = this.flat[this.leaves[this.cursor]!]!;
      if ((step.plan?.waitFor?.() ?? []).length > 0) return;
      this.perform((batch) => {
        step.record.info = '';
        batch.steps.add(step.record);
        this.say(batch, 'INFO', `${step.record.name}: no other failover job is running`);
        this.runLeaf(step, freshCourse());
      });
    });
  }

  /**
   * Asks the job to stop. A job that has not started, or is waiting for other jobs, stops at
   * once; a running one finishes its current step first. Returns false if it already finished.
   * Throws a `StorageFailure`, having changed nothing, when the request cannot be stored.
   */
  cancel(): boolean {
    const { state } = this;
    if (state.phase === 'finished') return false;
    if (state.phase === 'stepping' && state.cancelRequested) return true;
    this.perform((batch) => {
      batch.job = { cancelRequested: true };
      if (state.phase === 'stepping') {
        const current = this.flat[this.leaves[this.cursor]!]?.record.name ?? '';
        this.say(batch, 'WARN', `Cancel requested: the job stops after step "${current}".`);
        this.state = { ...state, cancelRequested: true };
        return;
      }
      this.say(batch, 'WARN', 'Cancel requested: the job stops now.');
      if (state.phase === 'waiting') {
        const step = this.flat[this.leaves[this.cursor]!]!;
        this.close(batch, step, { status: 'CANCELLED', info: 'Cancelled while waiting for other failover jobs.' });
        this.cursor++;
      } else {
        Object.assign(this.root, { state: 'running', started: this.now() });
      }
      this.advance(batch, { cancelRequested: true, stopping: undefined });
    });
    return true;
  }

  /** Stops the clock work of this run without touching the store (the simulator is closing). */
  halt(): void {
    if (this.state.phase === 'stepping') this.state.timer.cancel();
    for (const retry of this.retries) retry.cancel();
    this.retries.clear();
  }
}

/**
 * Jobs, their step trees, their logs and the inventory's changed states, in SQLite. Each write
 * is one transaction, committed before the caller goes on, so whatever an answer shows is on
 * disk; a write that fails (a full disk) is rolled back whole and raised as a `StorageFailure`.
 * Finished jobs are served from a cache once read, and so are the lists of finished jobs; the SQL
 * lives in `job-tables.ts`.
 */
import type { EntityState } from '../domain/entity-state.js';
import type { JobKind, JobRecord, NewJob, RetentionRule, StateFilter, StepRecord, Transition } from '../domain/job.js';
import { storageFailure } from '../domain/storage-failure.js';
import type { SimulatorDatabase } from './database.js';
import { EntityStateTable } from './entity-states.js';
import { FinishedJobCache } from './finished-cache.js';
import { JobTables, toJob, toStep } from './job-tables.js';

/** Up to this many uncached jobs, a list reads them by key rather than rereading all it lists. */
const readOneByOne = 50;

export class JobStore {
  readonly tables: JobTables;
  private readonly entities: EntityStateTable;
  private readonly cache = new FinishedJobCache();
  /**
   * The finished lists as last read, by kind and success filter. The set of finished jobs changes
   * only when a job's own row changes (it finishes) or jobs are pruned, and both clear them; step
   * and log writes, the frequent ones, do not. Each list is frozen: every caller gets the same one.
   */
  private readonly finishedLists = new Map<string, readonly JobRecord[]>();

  constructor(readonly db: SimulatorDatabase) {
    this.tables = new JobTables(db);
    this.entities = new EntityStateTable(db);
  }

  /** Runs `work`, raising a failure of the storage as a `StorageFailure`. */
  private guard<T>(operation: 'read' | 'write', work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storageFailure(error, operation, this.db.name) ?? error;
    }
  }

  /** Stores a new job with its whole (pending) step tree and first log lines; returns its `seq`. */
  insert(job: NewJob): number {
    return this.guard('write', () =>
      this.db.transaction(() => {
        const seq = this.tables.insertJob(job);
        this.tables.write(seq, { steps: job.steps, log: job.log });
        return seq;
      })(),
    );
  }

  /** Applies one transition of a job atomically. */
  update(seq: number, transition: Transition): void {
    // Finished jobs do not change; this only guards a write to one against a stale copy.
    this.cache.forget(seq);
    if (transition.job) this.finishedLists.clear();
    this.guard('write', () =>
      this.db.transaction(() => {
        this.tables.write(seq, transition);
        for (const { id, state } of transition.entities ?? []) this.entities.write(id, state);
      })(),
    );
  }

  find(kind: JobKind, id: string): JobRecord | undefined {
    const cached = this.cache.find(kind, id);
    if (cached) return cached;
    const record = this.guard('read', () => this.tables.find(kind, id));
    return record && this.cache.remember(record);
  }

  /**
   * The jobs of a kind that pass the filters, newest first. Finished jobs come from the cache when
   * it has them; the others are read with their steps, one job at a time when they are few. A
   * finished list is read once and handed out again until the set of finished jobs changes.
   */
  list(kind: JobKind, state: StateFilter, success?: boolean): readonly JobRecord[] {
    if (state !== 'finished') return this.guard('read', () => this.read(kind, state, success));
    const key = `${kind}:${success}`;
    let listed = this.finishedLists.get(key);
    if (!listed) {
      listed = Object.freeze(this.guard('read', () => this.read(kind, state, success)));
      this.finishedLists.set(key, listed);
    }
    return listed;
  }

  private read(kind: JobKind, state: StateFilter, success?: boolean): JobRecord[] {
    const { seqs, jobs, steps } = this.tables.listStatements(state, success !== undefined);
    const params = success === undefined ? { kind } : { kind, success: Number(success) };
    const listed = seqs.all(params);
    const records = listed.map((seq) => this.cache.get(seq));
    const missing = records.filter((record) => record === undefined).length;
    if (missing === 0) return records as JobRecord[];
    if (missing <= readOneByOne) {
      return listed.map((seq, index) => records[index] ?? this.cache.remember(this.tables.bySeq(seq)!));
    }
    const rows = jobs.all(params);
    const stepsBySeq = new Map<number, StepRecord[]>(rows.map((row) => [row.seq, []]));
    for (const row of steps.all(params)) stepsBySeq.get(row.job_seq)?.push(toStep(row));
    return rows.map((row) => this.cache.remember(toJob(row, stepsBySeq.get(row.seq) ?? [])));
  }

  /** The log lines of a failover job, or undefined when there is no such job. */
  log(id: string): string[] | undefined {
    return this.guard('read', () => this.tables.log('failover', id));
  }

  /** Jobs that are pending or running, oldest first. */
  unfinished(): JobRecord[] {
    return this.guard('read', () => this.tables.unfinished());
  }

  entityStates(): Map<string, EntityState> {
    return this.guard('read', () => this.entities.all());
  }

  /** Deletes the finished jobs of a kind that fall outside the rule; returns how many. */
  prune(kind: JobKind, rule: RetentionRule, now: number): number {
    const deleted = this.guard('write', () =>
      this.db.transaction(() => this.tables.prune(kind, now - rule.maxAgeMs, rule.maxJobs))(),
    );
    if (deleted > 0) {
      this.cache.clear();
      this.finishedLists.clear();
    }
    return deleted;
  }
}

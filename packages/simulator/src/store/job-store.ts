/**
 * Jobs, their step trees, their logs and the inventory's changed states, in SQLite. Each write
 * is one transaction, committed before the caller goes on, so whatever an answer shows is on
 * disk. Lists read through the `job_by_*` indexes, newest (highest `seq`) first.
 */

import type { JobState } from '@eyeglass-jobs/types';
import type { Statement } from 'better-sqlite3';
import type { EntityMode, EntityState } from '../inventory/live-inventory.js';
import type { StoredJobType } from '../job-type.js';
import type { SimulatorDatabase } from './database.js';

export type JobKind = 'failover' | 'readiness' | 'replication';
export type StateFilter = 'all' | 'running' | 'finished';

export interface StepRecord {
  /** Position in the tree, depth first; 0 is the job itself. */
  ord: number;
  parentOrd: number | null;
  id: string;
  name: string;
  state: JobState;
  status: string;
  info: string;
  started: number;
  finished: number;
}

export interface JobRecord {
  seq: number;
  id: string;
  kind: JobKind;
  jobType: StoredJobType | null;
  name: string;
  state: JobState;
  /** Failover jobs only. */
  success: boolean | null;
  created: number;
  finished: number;
  cancelRequested: boolean;
  /** What a failover job acts on, as it was at launch (JSON). */
  subject: unknown;
  steps: StepRecord[];
}

export interface NewJob {
  id: string;
  kind: JobKind;
  jobType: StoredJobType | null;
  name: string;
  success: boolean | null;
  created: number;
  subject: unknown;
  steps: StepRecord[];
  log: string[];
}

/** Everything one step of a job changes, written in one transaction. */
export interface Transition {
  job?: Partial<Pick<JobRecord, 'state' | 'success' | 'finished' | 'cancelRequested' | 'subject'>>;
  steps?: StepRecord[];
  log?: string[];
  entities?: Array<{ id: string; state: EntityState }>;
}

export interface RetentionRule {
  /** Finished jobs beyond this many (newest first) are deleted. */
  maxJobs: number;
  /** Finished jobs that finished longer ago than this are deleted. */
  maxAgeMs: number;
}

interface JobRow {
  seq: number;
  id: string;
  kind: JobKind;
  job_type: StoredJobType | null;
  name: string;
  state: JobState;
  success: number | null;
  created: number;
  finished: number;
  cancel_requested: number;
  subject: string | null;
}

interface StepRow {
  job_seq: number;
  ord: number;
  parent_ord: number | null;
  id: string;
  name: string;
  state: JobState;
  status: string;
  info: string;
  started: number;
  finished: number;
}

const listFilters: Record<StateFilter, string> = {
  all: '',
  running: "AND state IN ('pending', 'running')",
  finished: "AND state = 'finished'",
};

/**
 * The index each list reads. Left to itself, SQLite walks `job_by_kind` in `seq` order to
 * spare a sort, which reads every retained job to find the few running ones.
 */
function listIndex(state: StateFilter, bySuccess: boolean): string {
  if (state !== 'all') return 'job_by_state';
  return bySuccess ? 'job_by_success' : 'job_by_kind';
}

function toStep(row: StepRow): StepRecord {
  return {
    ord: row.ord,
    parentOrd: row.parent_ord,
    id: row.id,
    name: row.name,
    state: row.state,
    status: row.status,
    info: row.info,
    started: row.started,
    finished: row.finished,
  };
}

function toJob(row: JobRow, steps: StepRecord[]): JobRecord {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    jobType: row.job_type,
    name: row.name,
    state: row.state,
    success: row.success === null ? null : row.success === 1,
    created: row.created,
    finished: row.finished,
    cancelRequested: row.cancel_requested === 1,
    subject: row.subject === null ? null : JSON.parse(row.subject),
    steps,
  };
}

/** How many finished jobs `find` keeps in memory; they no longer change, so they need no reread. */
const finishedCacheSize = 1_000;

/** Up to this many uncached jobs, a list reads them by key rather than rereading all it lists. */
const readOneByOne = 50;

export class JobStore {
  private readonly statements;
  /** Finished jobs by `seq`, oldest cached first, and their `seq` by `kind:id`. */
  private readonly finishedCache = new Map<number, JobRecord>();
  private readonly cachedSeqs = new Map<string, number>();
  private readonly listCache = new Map<
    string,
    {
      seqs: Statement<Record<string, unknown>, { seq: number }>;
      jobs: Statement<Record<string, unknown>, JobRow>;
      steps: Statement<Record<string, unknown>, StepRow>;
    }
  >();

  constructor(readonly db: SimulatorDatabase) {
    this.statements = {
      insertJob: db.prepare(
        `INSERT INTO job (id, kind, job_type, name, state, success, created, subject)
         VALUES (@id, @kind, @jobType, @name, 'pending', @success, @created, @subject)`,
      ),
      upsertStep: db.prepare(
        `INSERT OR REPLACE INTO step (job_seq, ord, parent_ord, id, name, state, status, info, started, finished)
         VALUES (@jobSeq, @ord, @parentOrd, @id, @name, @state, @status, @info, @started, @finished)`,
      ),
      appendLog: db.prepare(
        `INSERT INTO log_line (job_seq, line_no, text)
         VALUES (?, (SELECT COALESCE(MAX(line_no), 0) + 1 FROM log_line WHERE job_seq = ?), ?)`,
      ),
      updateJob: db.prepare(
        `UPDATE job SET state = COALESCE(@state, state), success = COALESCE(@success, success),
           finished = COALESCE(@finished, finished), cancel_requested = COALESCE(@cancelRequested, cancel_requested),
           subject = COALESCE(@subject, subject)
         WHERE seq = @seq`,
      ),
      upsertEntity: db.prepare('INSERT OR REPLACE INTO entity_state (id, active_node, mode) VALUES (?, ?, ?)'),
      findJob: db.prepare<[string, string], JobRow>('SELECT * FROM job WHERE kind = ? AND id = ?'),
      jobBySeq: db.prepare<[number], JobRow>('SELECT * FROM job WHERE seq = ?'),
      stepsOf: db.prepare<[number], StepRow>('SELECT * FROM step WHERE job_seq = ? ORDER BY ord'),
      logOf: db.prepare<[number], { text: string }>('SELECT text FROM log_line WHERE job_seq = ? ORDER BY line_no'),
      unfinished: db.prepare<[], JobRow>("SELECT * FROM job WHERE state IN ('pending', 'running') ORDER BY seq"),
      entities: db.prepare<[], { id: string; active_node: string; mode: EntityMode }>('SELECT * FROM entity_state'),
      pruneByAge: db.prepare("DELETE FROM job WHERE kind = ? AND state = 'finished' AND finished < ?"),
      nthNewest: db.prepare<[string, number], { seq: number }>(
        'SELECT seq FROM job WHERE kind = ? ORDER BY seq DESC LIMIT 1 OFFSET ?',
      ),
      pruneOlderThan: db.prepare("DELETE FROM job WHERE kind = ? AND state = 'finished' AND seq <= ?"),
    };
  }

  /** Stores a new job with its whole (pending) step tree and first log lines; returns its `seq`. */
  insert(job: NewJob): number {
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.statements.insertJob.run({
        id: job.id,
        kind: job.kind,
        jobType: job.jobType,
        name: job.name,
        success: job.success === null ? null : Number(job.success),
        created: job.created,
        subject: job.subject === null ? null : JSON.stringify(job.subject),
      });
      const seq = Number(lastInsertRowid);
      this.write(seq, { steps: job.steps, log: job.log });
      return seq;
    })();
  }

  /** Applies one transition of a job atomically. */
  update(seq: number, transition: Transition): void {
    this.db.transaction(() => this.write(seq, transition))();
  }

  private write(seq: number, transition: Transition): void {
    const { job, steps = [], log = [], entities = [] } = transition;
    // Finished jobs do not change; this only guards a write to one against a stale copy.
    this.forget(seq);
    if (job) {
      this.statements.updateJob.run({
        seq,
        state: job.state ?? null,
        success: job.success === undefined || job.success === null ? null : Number(job.success),
        finished: job.finished ?? null,
        cancelRequested: job.cancelRequested === undefined ? null : Number(job.cancelRequested),
        subject: job.subject === undefined || job.subject === null ? null : JSON.stringify(job.subject),
      });
    }
    for (const step of steps) this.statements.upsertStep.run({ jobSeq: seq, ...step });
    for (const line of log) this.statements.appendLog.run(seq, seq, line);
    for (const { id, state } of entities) this.statements.upsertEntity.run(id, state.activeNode, state.mode);
  }

  find(kind: JobKind, id: string): JobRecord | undefined {
    const seq = this.cachedSeqs.get(`${kind}:${id}`);
    const cached = seq === undefined ? undefined : this.finishedCache.get(seq);
    if (cached) return cached;
    const row = this.statements.findJob.get(kind, id);
    return row && this.remember(toJob(row, this.statements.stepsOf.all(row.seq).map(toStep)));
  }

  /** Keeps a finished job in the cache (dropping the oldest cached when full); returns the record. */
  private remember(record: JobRecord): JobRecord {
    if (record.state !== 'finished') return record;
    if (this.finishedCache.size >= finishedCacheSize) this.forget(this.finishedCache.keys().next().value!);
    this.finishedCache.set(record.seq, record);
    this.cachedSeqs.set(`${record.kind}:${record.id}`, record.seq);
    return record;
  }

  private forget(seq: number): void {
    const record = this.finishedCache.get(seq);
    if (!record) return;
    this.finishedCache.delete(seq);
    this.cachedSeqs.delete(`${record.kind}:${record.id}`);
  }

  /**
   * The jobs of a kind that pass the filters, newest first. Finished jobs come from the cache when
   * it has them; the others are read with their steps, one job at a time when they are few.
   */
  list(kind: JobKind, state: StateFilter, success?: boolean): JobRecord[] {
    const { seqs, jobs, steps } = this.listStatements(state, success !== undefined);
    const params = success === undefined ? { kind } : { kind, success: Number(success) };
    const listed = seqs.all(params);
    const records = listed.map(({ seq }) => this.finishedCache.get(seq));
    const missing = records.filter((record) => record === undefined).length;
    if (missing === 0) return records as JobRecord[];
    if (missing <= readOneByOne) {
      return listed.map(({ seq }, index) => {
        const record = records[index];
        if (record) return record;
        const row = this.statements.jobBySeq.get(seq)!;
        return this.remember(toJob(row, this.statements.stepsOf.all(seq).map(toStep)));
      });
    }
    const rows = jobs.all(params);
    const stepsBySeq = new Map<number, StepRecord[]>(rows.map((row) => [row.seq, []]));
    for (const row of steps.all(params)) stepsBySeq.get(row.job_seq)?.push(toStep(row));
    return rows.map((row) => this.remember(toJob(row, stepsBySeq.get(row.seq) ?? [])));
  }

  /** The statements behind `list` for a filter (exposed so tests can check their query plans). */
  listStatements(state: StateFilter, bySuccess: boolean) {
    const key = `${state}:${bySuccess}`;
    let statements = this.listCache.get(key);
    if (!statements) {
      const where = `kind = @kind ${listFilters[state]} ${bySuccess ? 'AND success = @success' : ''}`;
      const from = `job INDEXED BY ${listIndex(state, bySuccess)}`;
      statements = {
        seqs: this.db.prepare<Record<string, unknown>, { seq: number }>(
          `SELECT seq FROM ${from} WHERE ${where} ORDER BY seq DESC`,
        ),
        jobs: this.db.prepare<Record<string, unknown>, JobRow>(
          `SELECT * FROM ${from} WHERE ${where} ORDER BY seq DESC`,
        ),
        steps: this.db.prepare<Record<string, unknown>, StepRow>(
          `SELECT * FROM step WHERE job_seq IN (SELECT seq FROM ${from} WHERE ${where}) ORDER BY job_seq, ord`,
        ),
      };
      this.listCache.set(key, statements);
    }
    return statements;
  }

  /** The log lines of a failover job, or undefined when there is no such job. */
  log(id: string): string[] | undefined {
    const row = this.statements.findJob.get('failover', id);
    return row && this.statements.logOf.all(row.seq).map((line) => line.text);
  }

  /** Jobs that are pending or running, oldest first. */
  unfinished(): JobRecord[] {
    return this.statements.unfinished.all().map((row) => toJob(row, this.statements.stepsOf.all(row.seq).map(toStep)));
  }

  entityStates(): Map<string, EntityState> {
    return new Map(
      this.statements.entities.all().map((row) => [row.id, { activeNode: row.active_node, mode: row.mode }]),
    );
  }

  /** Deletes the finished jobs of a kind that fall outside the rule; returns how many. */
  prune(kind: JobKind, rule: RetentionRule, now: number): number {
    return this.db.transaction(() => {
      let deleted = this.statements.pruneByAge.run(kind, now - rule.maxAgeMs).changes;
      const boundary = this.statements.nthNewest.get(kind, rule.maxJobs);
      if (boundary) deleted += this.statements.pruneOlderThan.run(kind, boundary.seq).changes;
      if (deleted > 0) {
        this.finishedCache.clear();
        this.cachedSeqs.clear();
      }
      return deleted;
    })();
  }
}

/**
 * The job, step and log tables: their SQL statements and the mapping between rows and records.
 * Lists read through the `job_by_*` indexes, newest (highest `seq`) first; pruning deletes
 * through `job_by_age` and the primary key.
 */
import type { JobState } from '@eyeglass-jobs/types';
import type { Statement } from 'better-sqlite3';
import type { JobKind, JobRecord, NewJob, StateFilter, StepRecord, Transition } from '../domain/job.js';
import type { StoredJobType } from '../domain/job-type.js';
import type { SimulatorDatabase } from './database.js';

export interface JobRow {
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

export interface StepRow {
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

/** The statements behind one list filter: the listed `seq`s, their jobs, and their steps. */
export interface ListStatements {
  /** The `seq` of each listed job, as plain numbers (plucked: no row object per job). */
  seqs: Statement<Record<string, unknown>, number>;
  jobs: Statement<Record<string, unknown>, JobRow>;
  steps: Statement<Record<string, unknown>, StepRow>;
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

export function toStep(row: StepRow): StepRecord {
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

export function toJob(row: JobRow, steps: StepRecord[]): JobRecord {
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

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const flag = (value: boolean | null | undefined): number | null =>
  value === undefined || value === null ? null : Number(value);

export class JobTables {
  private readonly statements;
  private readonly listCache = new Map<string, ListStatements>();

  constructor(private readonly db: SimulatorDatabase) {
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
      findJob: db.prepare<[string, string], JobRow>('SELECT * FROM job WHERE kind = ? AND id = ?'),
      jobBySeq: db.prepare<[number], JobRow>('SELECT * FROM job WHERE seq = ?'),
      stepsOf: db.prepare<[number], StepRow>('SELECT * FROM step WHERE job_seq = ? ORDER BY ord'),
      logOf: db.prepare<[number], { text: string }>('SELECT text FROM log_line WHERE job_seq = ? ORDER BY line_no'),
      unfinished: db.prepare<[], JobRow>("SELECT * FROM job WHERE state IN ('pending', 'running') ORDER BY seq"),
      pruneByAge: db.prepare<[string, number]>(
        "DELETE FROM job WHERE kind = ? AND state = 'finished' AND finished < ?",
      ),
      nthNewest: db.prepare<[string, number], { seq: number }>(
        'SELECT seq FROM job WHERE kind = ? ORDER BY seq DESC LIMIT 1 OFFSET ?',
      ),
      pruneOlderThan: db.prepare<[string, number]>(
        "DELETE FROM job WHERE kind = ? AND state = 'finished' AND seq <= ?",
      ),
    };
  }

  /** Inserts a job row (pending); returns its `seq`. */
  insertJob(job: NewJob): number {
    const { lastInsertRowid } = this.statements.insertJob.run({
      id: job.id,
      kind: job.kind,
      jobType: job.jobType,
      name: job.name,
      success: flag(job.success),
      created: job.created,
      subject: json(job.subject),
    });
    return Number(lastInsertRowid);
  }

  /** Writes what a transition changes about the job, its steps and its log (not entities). */
  write(seq: number, transition: Transition): void {
    const { job, steps = [], log = [] } = transition;
    if (job) {
      this.statements.updateJob.run({
        seq,
        state: job.state ?? null,
        success: flag(job.success),
        finished: job.finished ?? null,
        cancelRequested: flag(job.cancelRequested),
        subject: json(job.subject),
      });
    }
    for (const step of steps) this.statements.upsertStep.run({ jobSeq: seq, ...step });
    for (const line of log) this.statements.appendLog.run(seq, seq, line);
  }

  /** The job of a kind with this id, with its steps. */
  find(kind: JobKind, id: string): JobRecord | undefined {
    const row = this.statements.findJob.get(kind, id);
    return row && toJob(row, this.stepsOf(row.seq));
  }

  bySeq(seq: number): JobRecord | undefined {
    const row = this.statements.jobBySeq.get(seq);
    return row && toJob(row, this.stepsOf(seq));
  }

  private stepsOf(seq: number): StepRecord[] {
    return this.statements.stepsOf.all(seq).map(toStep);
  }

  /** The log lines of a job of a kind, or undefined when there is no such job. */
  log(kind: JobKind, id: string): string[] | undefined {
    const row = this.statements.findJob.get(kind, id);
    return row && this.statements.logOf.all(row.seq).map((line) => line.text);
  }

  /** Jobs that are pending or running, oldest first. */
  unfinished(): JobRecord[] {
    return this.statements.unfinished.all().map((row) => toJob(row, this.stepsOf(row.seq)));
  }

  /** The statements behind a list filter (exposed so tests can check their query plans). */
  listStatements(state: StateFilter, bySuccess: boolean): ListStatements {
    const key = `${state}:${bySuccess}`;
    let statements = this.listCache.get(key);
    if (!statements) {
      const where = `kind = @kind ${listFilters[state]} ${bySuccess ? 'AND success = @success' : ''}`;
      const from = `job INDEXED BY ${listIndex(state, bySuccess)}`;
      statements = {
        seqs: this.db
          .prepare<Record<string, unknown>, number>(`SELECT seq FROM ${from} WHERE ${where} ORDER BY seq DESC`)
          .pluck(),
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

  /** The statements behind `prune`, in the order it runs them (exposed so tests can check their query plans). */
  pruneStatements(): Statement<[string, number], unknown>[] {
    const { pruneByAge, nthNewest, pruneOlderThan } = this.statements;
    return [pruneByAge, nthNewest, pruneOlderThan];
  }

  /** Deletes the finished jobs of a kind that finished before `finishedBefore` or are not among the newest `keep`. */
  prune(kind: JobKind, finishedBefore: number, keep: number): number {
    let deleted = this.statements.pruneByAge.run(kind, finishedBefore).changes;
    const boundary = this.statements.nthNewest.get(kind, keep);
    if (boundary) deleted += this.statements.pruneOlderThan.run(kind, boundary.seq).changes;
    return deleted;
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateFilter } from '../../src/domain/job.js';
import { openDatabase } from '../../src/index.js';
import { JobStore } from '../../src/store/job-store.js';

const retained = 100_000;
const db = openDatabase(':memory:');
const store = new JobStore(db);

/** Inserts a running failover job named after its id, without steps; returns its `seq`. */
function insertFailover(into: JobStore, id: string): number {
  return into.insert({
    id,
    kind: 'failover',
    jobType: null,
    name: id,
    success: true,
    created: 1,
    subject: null,
    steps: [],
    log: [],
  });
}

beforeAll(() => {
  const job = db.prepare(
    "INSERT INTO job (seq, id, kind, job_type, name, state, success, created, finished) VALUES (?, ?, 'failover', 'zone_failover', 'j', ?, ?, ?, ?)",
  );
  const step = db.prepare(
    "INSERT INTO step (job_seq, ord, parent_ord, id, name, state, status, info, started, finished) VALUES (?, ?, ?, ?, 's', ?, 'OK', '', 1, 1)",
  );
  db.transaction(() => {
    for (let seq = 1; seq <= retained + 2; seq++) {
      const state = seq > retained ? 'running' : 'finished';
      job.run(
        seq,
        `job-${seq}`,
        state,
        seq % 3 === 0 && state === 'finished' ? 0 : 1,
        seq,
        state === 'finished' ? seq : 0,
      );
      step.run(seq, 0, null, `job-${seq}`, state);
      step.run(seq, 1, 0, `job-${seq}.1`, state);
    }
  })();
});
afterAll(() => db.close());

describe('listing with 100 000 retained jobs', () => {
  it('finds the running ones among them', () => {
    expect(store.list('failover', 'running').map((job) => job.id)).toEqual([
      `job-${retained + 2}`,
      `job-${retained + 1}`,
    ]);
    expect(store.list('failover', 'running', false)).toEqual([]);
    expect(store.list('failover', 'finished', false).length).toBe(Math.floor(retained / 3));
  });

  const filters: Array<[StateFilter, boolean]> = [
    ['all', false],
    ['running', false],
    ['finished', false],
    ['all', true],
    ['running', true],
    ['finished', true],
  ];

  it.each(filters)('state=%s (success filter: %s) reads through indexes, never a full scan', (state, bySuccess) => {
    const { seqs, jobs, steps } = store.tables.listStatements(state, bySuccess);
    for (const statement of [seqs, jobs, steps]) {
      const plan = db
        .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${statement.source}`)
        .all({ kind: 'failover', success: 1 })
        .map((row) => row.detail);
      expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX job_by_|USING PRIMARY KEY/);
      expect(
        plan.filter((detail) => /^SCAN (job|step)\b/.test(detail)),
        plan.join('\n'),
      ).toEqual([]);
    }
  });

  it('prunes by count and by age through indexes', () => {
    const statements = store.tables.pruneStatements();
    expect(statements).toHaveLength(3);
    for (const statement of statements) {
      const plan = db
        .prepare<[string, number], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.source}`)
        .all('failover', 5)
        .map((row) => row.detail);
      expect(plan.join('\n'), statement.source).toMatch(/SEARCH job USING (COVERING )?INDEX job_by_/);
      expect(
        plan.filter((detail) => /^SCAN (job|step|log_line)\b/.test(detail)),
        plan.join('\n'),
      ).toEqual([]);
    }
  });

  it('prunes what the rule says: finished jobs too old or beyond the count, never running ones', () => {
    const scratch = new JobStore(openDatabase(':memory:'));
    const insert = (id: string) => insertFailover(scratch, id);
    const seqs = ['a', 'b', 'c', 'd', 'e'].map(insert);
    // a and b finished long ago, c and d recently; e still runs.
    for (const [index, seq] of seqs.slice(0, 4).entries()) {
      scratch.update(seq, { job: { state: 'finished', finished: index < 2 ? 1_000 : 9_000 } });
    }
    expect(scratch.prune('failover', { maxJobs: 10, maxAgeMs: 5_000 }, 10_000)).toBe(2);
    expect(scratch.list('failover', 'all').map((job) => job.id)).toEqual(['e', 'd', 'c']);
    // The newest 2 are e (running) and d: c goes; e stays even beyond the count.
    expect(scratch.prune('failover', { maxJobs: 2, maxAgeMs: 5_000 }, 10_000)).toBe(1);
    expect(scratch.prune('failover', { maxJobs: 1, maxAgeMs: 1 }, 10_000)).toBe(1);
    expect(scratch.list('failover', 'all').map((job) => job.id)).toEqual(['e']);
    scratch.db.close();
  });
});

describe('the finished list', () => {
  it('is handed out again until a job finishes or is pruned; step writes of running jobs keep it', () => {
    const scratch = new JobStore(openDatabase(':memory:'));
    const insert = (id: string) => insertFailover(scratch, id);
    const [a, b] = ['a', 'b'].map(insert) as [number, number];
    scratch.update(a, { job: { state: 'finished', finished: 2 } });
    const listed = scratch.list('failover', 'finished');
    expect(listed.map((job) => job.id)).toEqual(['a']);
    expect(Object.isFrozen(listed)).toBe(true);
    scratch.update(b, { log: ['b goes on'] });
    expect(scratch.list('failover', 'finished')).toBe(listed);
    expect(scratch.list('readiness', 'finished')).toEqual([]);

    scratch.update(b, { job: { state: 'finished', finished: 3, success: false } });
    expect(scratch.list('failover', 'finished').map((job) => job.id)).toEqual(['b', 'a']);
    expect(scratch.list('failover', 'finished', false).map((job) => job.id)).toEqual(['b']);
    expect(scratch.prune('failover', { maxJobs: 1, maxAgeMs: 1_000 }, 10)).toBe(1);
    expect(scratch.list('failover', 'finished').map((job) => job.id)).toEqual(['b']);
    expect(scratch.list('failover', 'finished', true)).toEqual([]);
    scratch.db.close();
  });
});

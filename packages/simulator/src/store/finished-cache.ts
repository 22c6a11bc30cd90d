/**
 * Finished jobs kept in memory. A finished job no longer changes, so once read it needs no
 * reread: `GET` by id and lists hand out the cached record (one object per job, which lets the
 * views of finished jobs be built once). The oldest cached job makes room for a new one.
 */
import type { JobKind, JobRecord } from '../domain/job.js';

/** How many finished jobs are kept by default. */
export const finishedCacheSize = 1_000;

export class FinishedJobCache {
  /** Finished jobs by `seq`, oldest cached first, and their `seq` by `kind:id`. */
  private readonly bySeq = new Map<number, JobRecord>();
  private readonly seqs = new Map<string, number>();

  constructor(private readonly size = finishedCacheSize) {}

  get(seq: number): JobRecord | undefined {
    return this.bySeq.get(seq);
  }

  find(kind: JobKind, id: string): JobRecord | undefined {
    const seq = this.seqs.get(`${kind}:${id}`);
    return seq === undefined ? undefined : this.bySeq.get(seq);
  }

  /** Keeps a finished job (an unfinished one is not kept); returns the record. */
  remember(record: JobRecord): JobRecord {
    if (record.state !== 'finished') return record;
    if (this.bySeq.size >= this.size) this.forget(this.bySeq.keys().next().value!);
    this.bySeq.set(record.seq, record);
    this.seqs.set(`${record.kind}:${record.id}`, record.seq);
    return record;
  }

  forget(seq: number): void {
    const record = this.bySeq.get(seq);
    if (!record) return;
    this.bySeq.delete(seq);
    this.seqs.delete(`${record.kind}:${record.id}`);
  }

  clear(): void {
    this.bySeq.clear();
    this.seqs.clear();
  }
}

/**
 * Which failover jobs run. At most `limit` run at once (5, as on the appliance); the rest wait,
 * pending, first come first served. A controlled failover runs on its own: once it has started
 * it waits (in its "Wait for other failover jobs" step) for the jobs already running, and no
 * later job starts until it has finished. DR test and rehearsal jobs take slots like failovers.
 */
import type { JobRun } from './job-run.js';

export const defaultFailoverLimit = 5;

interface Entry {
  run: JobRun;
  controlled: boolean;
  /** What the job holds while pending or running (zone, pool and policy keys), with how a conflict names each. */
  locks: Map<string, string>;
}

export class FailoverQueue {
  private readonly pending: Entry[] = [];
  private readonly running: Entry[] = [];

  constructor(readonly limit = defaultFailoverLimit) {}

  /** Adds a job and starts it now if it may run; otherwise it stays pending and says why. */
  submit(run: JobRun, controlled: boolean, locks: Map<string, string>): void {
    this.pending.push({ run, controlled, locks });
    this.pump();
    if (!run.started && !run.finished) run.markQueued(this.queuedReason(run));
  }

  /** The first pending or running job holding one of `locks`, with the conflicting entity's name. */
  conflict(locks: Map<string, string>): { holder: JobRun; what: string } | undefined {
    for (const entry of [...this.running, ...this.pending]) {
      for (const [key, what] of locks) if (entry.locks.has(key)) return { holder: entry.run, what };
    }
    return undefined;
  }

  /** The ids of the running failover jobs other than job `id`. */
  othersRunning(id: string): string[] {
    return this.running.filter((entry) => entry.run.id !== id).map((entry) => entry.run.id);
  }

  find(id: string): JobRun | undefined {
    return [...this.running, ...this.pending].find((entry) => entry.run.id === id)?.run;
  }

  /** Every job not yet finished, for closing down. */
  all(): JobRun[] {
    return [...this.running, ...this.pending].map((entry) => entry.run);
  }

  /** A job finished: free its slot, let waiting controlled jobs go on, start what may start. */
  finished(run: JobRun): void {
    for (const list of [this.running, this.pending]) {
      const index = list.findIndex((entry) => entry.run === run);
      if (index >= 0) list.splice(index, 1);
    }
    for (const entry of [...this.running]) entry.run.recheckWait();
    this.pump();
  }

  private pump(): void {
    for (let next = this.pending[0]; next; next = this.pending[0]) {
      if (this.running.length >= this.limit || this.running.some((entry) => entry.controlled)) return;
      this.pending.shift();
      this.running.push(next);
      next.run.start();
    }
  }

  private queuedReason(run: JobRun): string {
    const controlled = this.running.find((entry) => entry.controlled);
    if (controlled) return `Waiting for controlled failover job ${controlled.run.id} to finish: it runs on its own.`;
    const ahead = this.pending.findIndex((entry) => entry.run === run);
    if (this.running.length >= this.limit) {
      return `Waiting for a free slot: ${this.running.length} failover jobs are running, the most that run at once.`;
    }
    return `Waiting behind ${ahead} earlier pending job${ahead === 1 ? '' : 's'}.`;
  }
}

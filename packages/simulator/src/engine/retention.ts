/**
 * How long finished jobs are kept. Each kind keeps at most `maxJobs` jobs (the newest; pending
 * and running jobs are never deleted) and none that finished more than `maxAgeMs` ago. The
 * count is enforced whenever a job finishes, the age at most once a second of clock time, on
 * the next request.
 */
import type { Clock } from '../clock.js';
import type { JobKind, RetentionRule } from '../domain/job.js';
import { StorageFailure } from '../domain/storage-failure.js';
import type { JobStore } from '../store/job-store.js';

export type RetentionOptions = Record<JobKind, RetentionRule>;

const day = 24 * 60 * 60 * 1000;

/** Failover jobs: the last 500 of 30 days. Readiness and replication jobs: the last 50 of one day. */
export const defaultRetention: RetentionOptions = {
  failover: { maxJobs: 500, maxAgeMs: 30 * day },
  readiness: { maxJobs: 50, maxAgeMs: day },
  replication: { maxJobs: 50, maxAgeMs: day },
};

export type RetentionOverrides = { [K in JobKind]?: Partial<RetentionRule> };

export function resolveRetention(overrides: RetentionOverrides = {}): RetentionOptions {
  const resolved = {} as RetentionOptions;
  for (const kind of Object.keys(defaultRetention) as JobKind[]) {
    const rule = { ...defaultRetention[kind], ...overrides[kind] };
    if (!Number.isInteger(rule.maxJobs) || rule.maxJobs < 1) {
      throw new RangeError(`retention.${kind}.maxJobs must be a whole number of at least 1, not ${rule.maxJobs}.`);
    }
    if (!(rule.maxAgeMs > 0))
      throw new RangeError(`retention.${kind}.maxAgeMs must be positive, not ${rule.maxAgeMs}.`);
    resolved[kind] = rule;
  }
  return resolved;
}

const ageSweepIntervalMs = 1_000;

export class Retention {
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    readonly rules: RetentionOptions,
    private readonly store: JobStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Enforces one kind's rule now (a job of that kind just finished). Retention is housekeeping:
   * when the storage fails, the jobs stay until a later sweep can delete them.
   */
  enforce(kind: JobKind): void {
    try {
      this.store.prune(kind, this.rules[kind], this.clock.now());
    } catch (error) {
      if (!(error instanceof StorageFailure)) throw error;
    }
  }

  /** Enforces every rule, unless that was done less than a second ago. */
  sweep(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < ageSweepIntervalMs) return;
    this.lastSweep = now;
    for (const kind of Object.keys(this.rules) as JobKind[]) this.enforce(kind);
  }
}

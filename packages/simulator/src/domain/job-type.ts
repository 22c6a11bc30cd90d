/**
 * How a failover job's type is kept and how it is shown. The store keeps one of five values,
 * which also tell a rehearsal and a DR test apart; the API shows only the vendor's two `jobType`
 * values, which the vendor's client insists on, and says which operation started the job in
 * `jobMode`.
 */
import type { JobMode, JobType } from '@eyeglass-jobs/types';

/** A failover job's type as stored (databases written by earlier versions hold the same values). */
export type StoredJobType = 'zone_failover' | 'policy_failover' | 'zone_rehearsal' | 'policy_rehearsal' | 'dr_test';

const shown: Record<StoredJobType, { jobType: JobType; jobMode: JobMode }> = {
  zone_failover: { jobType: 'zone_failover', jobMode: 'failover' },
  policy_failover: { jobType: 'policy_failover', jobMode: 'failover' },
  zone_rehearsal: { jobType: 'zone_failover', jobMode: 'rehearsal' },
  policy_rehearsal: { jobType: 'policy_failover', jobMode: 'rehearsal' },
  dr_test: { jobType: 'policy_failover', jobMode: 'dr_test' },
};

/** The `jobType` and `jobMode` of a stored job type; an unknown stored value reads as a zone failover. */
export function shownJobType(stored: string | null): { jobType: JobType; jobMode: JobMode } {
  return shown[stored as StoredJobType] ?? shown.zone_failover;
}

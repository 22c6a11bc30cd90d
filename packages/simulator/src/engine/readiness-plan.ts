/**
 * The step tree of a readiness job: for every access zone, a check of the zone, of each of its
 * SmartConnect pools and of each of its policies, reporting the readiness the API shows for
 * them. Unlike a failover, a readiness job checks everything even when a check fails.
 */
import type { ReadinessStatus, StatusDetail } from '@eyeglass-jobs/types';
import { stepNames } from '../domain/step-names.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import { poolSubject } from '../inventory/live-inventory.js';
import { group, type JobPlan, leaf, type Outcome, type OutcomeStatus } from './plan.js';

export const readinessTiming = { perCheck: 1_500 } as const;

/** How a readiness status reads as the outcome of a check step. */
const checkStatus: Record<ReadinessStatus, OutcomeStatus> = {
  OK: 'OK',
  INFO: 'INFO',
  WARNING: 'WARNING',
  ERROR: 'ERROR',
  NOT_ELIGIBLE: 'ERROR',
  DISABLED: 'INFO',
  FAILED_OVER: 'INFO',
  PARTIALLY_FAILED_OVER: 'WARNING',
  REHEARSAL_ACTIVE: 'INFO',
};

function outcomeOf(readiness: {
  failoverReadiness: { status: ReadinessStatus };
  readinessDetail: StatusDetail[];
}): Outcome {
  const { status } = readiness.failoverReadiness;
  if (status === 'OK') return { status: 'OK', info: '' };
  const reason = readiness.readinessDetail.find((detail) => detail.reason)?.reason;
  return { status: checkStatus[status], info: reason ? `${status}: ${reason}` : status };
}

export function readinessPlan(id: string, live: LiveInventory): JobPlan {
  const zones = live.inventory.zones;
  const steps = zones.map((zone) =>
    group(`Zone ${zone.name}`, [
      leaf(zone.readiness.check, readinessTiming.perCheck, [zone.id], {
        evaluate: () => outcomeOf(live.zone(zone.id)),
      }),
      ...zone.pools.map((pool) =>
        leaf(`SmartConnect pool ${pool.id}`, readinessTiming.perCheck, [zone.id, poolSubject(zone, pool)], {
          // A pool reports a readiness of its own only when one is configured for it.
          evaluate: () => (pool.readiness ? outcomeOf(live.pool(zone, pool)) : { status: 'OK', info: '' }),
        }),
      ),
      ...zone.policies.map((policy) =>
        leaf(`Policy ${policy.name}`, readinessTiming.perCheck, [policy.id], {
          evaluate: () => outcomeOf(live.policy(policy.id)),
        }),
      ),
    ]),
  );
  return {
    kind: 'readiness',
    jobType: null,
    id,
    name: stepNames.zoneReadiness,
    rootName: stepNames.zoneReadiness,
    subject: null,
    steps,
    startLog: [],
    stopOnError: false,
    tracksSuccess: false,
    summarize: (result) => {
      const count = (status: string) => result.topLevel.filter((zone) => zone.status === status).length;
      const errors = count('ERROR');
      const warnings = count('WARNING');
      if (errors + warnings === 0) return `All ${zones.length} zones are ready to fail over.`;
      const parts = [errors && `${errors} with errors`, warnings && `${warnings} with warnings`].filter(Boolean);
      return `${errors + warnings} of ${zones.length} zones need attention: ${parts.join(', ')}.`;
    },
  };
}

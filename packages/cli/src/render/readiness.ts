/**
 * Failover readiness as the CLI shows it: the status of a zone, policy or pool, and the reasons
 * behind it, read from the checks of `readinessDetail` that are not OK.
 */
import type { FailoverReadiness, StatusDetail } from '@eyeglass-jobs/types';
import { readinessTone } from './style.js';
import type { Cell } from './table.js';

export interface WithReadiness {
  failoverReadiness?: FailoverReadiness;
  readinessDetail?: StatusDetail[];
}

/** The readiness status, or `unknown` when the answer did not carry one. */
export function readinessStatus(entity: WithReadiness): string {
  return entity.failoverReadiness?.status ?? 'unknown';
}

export function readinessCell(entity: WithReadiness): Cell {
  const status = readinessStatus(entity);
  return { text: status, tone: readinessTone(status) };
}

/** `check: reason` for every check that is not OK and says why, depth first (`SyncIQ policies › eng-home: …`). */
export function readinessReasons(entity: WithReadiness): string[] {
  const reasons: string[] = [];
  const visit = (details: StatusDetail[], path: string[]) => {
    for (const detail of details) {
      const here = [...path, detail.name];
      const children = detail.statusChildren ?? [];
      const childHasReason = children.some((child) => child.reason);
      if (detail.reason && detail.status?.status !== 'OK' && !childHasReason) {
        reasons.push(`${here.join(' › ')}: ${detail.reason}`);
      }
      visit(children, here);
    }
  };
  visit(entity.readinessDetail ?? [], []);
  return reasons;
}

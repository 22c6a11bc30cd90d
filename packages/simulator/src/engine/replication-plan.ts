/**
 * The step tree of a configuration replication job: SMB shares, NFS exports, NFS aliases and
 * quotas, each copied for every access zone from the cluster it is active on to its peer. A zone
 * that is only partly failed over is not replicated (a warning), as its two sides disagree.
 */
import { stepNames } from '../domain/step-names.js';
import type { ZoneEntry } from '../inventory/inventory.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import { group, type JobPlan, leaf, type Outcome } from './plan.js';

export const replicationTiming = { perZone: 2_000 } as const;

function replicateZone(live: LiveInventory, zone: ZoneEntry): Outcome {
  const status = live.zone(zone.id).failoverReadiness.status;
  if (status === 'PARTIALLY_FAILED_OVER') {
    return {
      status: 'WARNING',
      info: `Zone ${zone.name} is partially failed over: its configuration is not replicated.`,
    };
  }
  if (status === 'REHEARSAL_ACTIVE')
    return { status: 'INFO', info: 'Rehearsal or DR test mode is active: rehearsal objects are not replicated.' };
  return { status: 'OK', info: '' };
}

export function replicationPlan(id: string, live: LiveInventory): JobPlan {
  const zoneSteps = () =>
    live.inventory.zones.map((zone) => {
      const from = live.zone(zone.id).failoverReadiness.status === 'FAILED_OVER' ? zone.target : zone.source;
      const to = live.peerOf(zone, from);
      const title = `Zone ${zone.name} (${live.nodes.get(from)?.name} → ${live.nodes.get(to)?.name})`;
      return leaf(title, replicationTiming.perZone, [zone.id], { evaluate: () => replicateZone(live, zone) });
    });
  const kinds = [
    stepNames.replicateShares,
    stepNames.replicateExports,
    stepNames.replicateAliases,
    stepNames.replicateQuotas,
  ];
  return {
    kind: 'replication',
    jobType: null,
    id,
    name: stepNames.configurationReplication,
    rootName: stepNames.configurationReplication,
    subject: null,
    steps: kinds.map((name) => group(name, zoneSteps())),
    startLog: [],
    stopOnError: false,
    tracksSuccess: false,
    summarize: (result) => {
      if (result.errors + result.warnings === 0)
        return `Configuration of ${live.inventory.zones.length} zones replicated.`;
      return `Configuration replicated with ${result.errors} errors and ${result.warnings} warnings.`;
    },
  };
}

/**
 * The validation steps of failover, rehearsal and DR test jobs. They run inside the job, as on
 * the appliance: a policy active on the wrong cluster, a readiness of ERROR, or a WARNING under
 * `blockonwarnings=true` fails the step, and the job finishes with `success: false` and the
 * reason, rather than the launch being refused.
 */
import type { EntityMode } from '../domain/entity-state.js';
import type { PolicyEntry, ReadinessSetting, ZoneEntry } from '../inventory/inventory.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import type { Outcome } from './plan.js';
import type { FailoverSubject } from './targets.js';

const modeNames: Record<EntityMode, string> = {
  normal: 'normal',
  rehearsal: 'Rehearsal mode',
  dr_test: 'DR test mode',
};

interface Findings {
  errors: string[];
  warnings: string[];
  infos: string[];
}

function readinessFindings(findings: Findings, what: string, readiness: ReadinessSetting): void {
  const line = `readiness of ${what} is ${readiness.status}${readiness.reason ? ` (${readiness.reason})` : ''}`;
  if (readiness.status === 'WARNING') findings.warnings.push(line);
  else if (readiness.status === 'INFO') findings.infos.push(line);
  else if (readiness.status !== 'OK') findings.errors.push(`The ${line}.`);
}

/** The active cluster and mode of each policy must allow the job to start from `sourceId`. */
function placementFindings(
  findings: Findings,
  live: LiveInventory,
  zone: ZoneEntry,
  policies: PolicyEntry[],
  sourceId: string,
): void {
  const zoneMode = live.state(zone.id).mode;
  if (zoneMode !== 'normal')
    findings.errors.push(`${modeNames[zoneMode]} is active for access zone ${zone.name}: end it first.`);
  for (const policy of policies) {
    const state = live.state(policy.id);
    if (state.mode !== 'normal')
      findings.errors.push(`${modeNames[state.mode]} is active for policy ${policy.name}: end it first.`);
    if (state.activeNode !== sourceId) {
      const active = live.nodes.get(state.activeNode)?.name ?? state.activeNode;
      const source = live.nodes.get(sourceId)?.name ?? sourceId;
      findings.errors.push(
        `Policy ${policy.name} is active on ${active}, not on ${source}: there is nothing to fail over from ${source}.`,
      );
    }
  }
}

function conclude(findings: Findings, blockOnWarnings: boolean | undefined): Outcome {
  if (findings.errors.length > 0) return { status: 'ERROR', info: findings.errors.join(' ') };
  if (findings.warnings.length > 0) {
    const list = findings.warnings.join('; ');
    if (blockOnWarnings) {
      return {
        status: 'ERROR',
        info: `Blocked on warnings: ${list}. Launch with blockonwarnings=false to go ahead anyway.`,
      };
    }
    return { status: 'WARNING', info: `Going ahead despite warnings: ${list}.` };
  }
  if (findings.infos.length > 0) return { status: 'INFO', info: `${findings.infos.join('; ')}.` };
  return { status: 'OK', info: '' };
}

function startFindings(live: LiveInventory, subject: FailoverSubject): Findings {
  const findings: Findings = { errors: [], warnings: [], infos: [] };
  placementFindings(findings, live, subject.zone, subject.policies, subject.source.id);
  if (subject.scope === 'zone') readinessFindings(findings, `access zone ${subject.zone.name}`, subject.zone.readiness);
  for (const policy of subject.policies) readinessFindings(findings, `policy ${policy.name}`, policy.readiness);
  // A pool's own readiness, when one is configured, counts for the jobs that move it.
  for (const pool of subject.pools) {
    if (pool.readiness) readinessFindings(findings, `SmartConnect pool ${pool.id}`, pool.readiness);
  }
  return findings;
}

/** Validates a failover: placement, modes and readiness; warnings block when asked. */
export function validateFailover(live: LiveInventory, subject: FailoverSubject, blockOnWarnings: boolean): Outcome {
  return conclude(startFindings(live, subject), blockOnWarnings);
}

/** Validates entering a rehearsal or DR test (warnings never block) or leaving one (the mode must be on). */
export function validateModeChange(
  live: LiveInventory,
  subject: FailoverSubject,
  mode: Exclude<EntityMode, 'normal'>,
  enable: boolean,
  holder: 'zone' | 'policies',
): Outcome {
  if (enable) return conclude(startFindings(live, subject), false);
  const holders = holder === 'zone' ? [subject.zone] : subject.policies;
  const off = holders.filter((entry) => live.state(entry.id).mode !== mode).map((entry) => entry.name);
  if (off.length === 0) return { status: 'OK', info: '' };
  return { status: 'ERROR', info: `${modeNames[mode]} is not active for ${off.join(', ')}: there is nothing to end.` };
}

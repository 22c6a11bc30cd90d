/**
 * The step trees of rehearsal and DR test jobs. Entering either mode makes the target writable
 * for testing while production keeps running, and shows the zone or policy as
 * `REHEARSAL_ACTIVE`; leaving it makes the target read-only again. Both are failover jobs.
 */
import type { EntityChange, EntityMode } from '../domain/entity-state.js';
import type { StoredJobType } from '../domain/job-type.js';
import { stepNames } from '../domain/step-names.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import { poolSubject } from '../inventory/live-inventory.js';
import { direction, subjectTitle, summarizeFailover } from './failover-plan.js';
import { group, type JobPlan, leaf, type PlanStep } from './plan.js';
import { type FailoverSubject, snapshotSubject, subjectIds } from './targets.js';
import { validateModeChange } from './validation.js';

export const modeTiming = {
  validate: 2_000,
  perPolicy: 4_000,
  shares: 5_000,
  perPool: 3_000,
  dataSyncPerPolicy: 12_000,
  configSync: 6_000,
  switchMode: 1_000,
} as const;

interface ModePlanInput {
  id: string;
  subject: FailoverSubject;
  enable: boolean;
  live: LiveInventory;
}

/** Zone-wide rehearsals are held by the zone; pool, policy and DR test ones by each policy. */
function holders(subject: FailoverSubject, mode: Exclude<EntityMode, 'normal'>): 'zone' | 'policies' {
  return mode === 'rehearsal' && subject.scope === 'zone' && !subject.pool ? 'zone' : 'policies';
}

function switchMode(input: ModePlanInput, mode: Exclude<EntityMode, 'normal'>, name: string): PlanStep {
  const { subject, live, enable } = input;
  const entries = holders(subject, mode) === 'zone' ? [subject.zone] : subject.policies;
  const apply = (): EntityChange[] =>
    entries.map((entry) => ({ id: entry.id, state: { ...live.state(entry.id), mode: enable ? mode : 'normal' } }));
  return leaf(name, modeTiming.switchMode, subjectIds(subject), { apply });
}

function policySteps(subject: FailoverSubject, name: (policy: string) => string, ms: number): PlanStep[] {
  return subject.policies.map((policy) => leaf(name(policy.name), ms, [policy.id]));
}

function modePlan(
  input: ModePlanInput,
  mode: Exclude<EntityMode, 'normal'>,
  jobType: StoredJobType,
  steps: PlanStep[],
  titles: { name: string; noun: string; done: string },
): JobPlan {
  const { id, subject, enable, live } = input;
  const validate = leaf(
    mode === 'rehearsal' ? stepNames.validateRehearsal : stepNames.validateDrTest,
    modeTiming.validate,
    subjectIds(subject),
    {
      evaluate: () => validateModeChange(live, subject, mode, enable, holders(subject, mode)),
    },
  );
  const rootName = `${enable ? 'Enter' : 'Exit'} ${titles.name} for ${subjectTitle(subject)}`;
  return {
    kind: 'failover',
    jobType,
    id,
    name: `${rootName} (${direction(subject)})`,
    rootName,
    subject: snapshotSubject(live, subject),
    steps: [validate, ...steps],
    startLog: [
      `Failover job ${id} launched: ${rootName.toLowerCase()} (${direction(subject)})`,
      `Options: enable=${enable}`,
    ],
    stopOnError: true,
    tracksSuccess: true,
    summarize: summarizeFailover(titles.noun, titles.done),
  };
}

/** A rehearsal: a zone (or one pool of it) or policies, as chosen by `failovertarget` and `pool`. */
export function rehearsalPlan(input: ModePlanInput): JobPlan {
  const { subject, enable } = input;
  const zoneIds = [subject.zone.id];
  const noPools = subject.pools.length === 0 ? 'No SmartConnect pool serves these policies.' : undefined;
  const aliases = (verb: string) =>
    subject.pools.map((pool) =>
      leaf(`${verb} rehearsal alias of ${pool.smartConnectZone}`, modeTiming.perPool, [
        subject.zone.id,
        poolSubject(subject.zone, pool),
      ]),
    );
  const steps = enable
    ? [
        group(
          stepNames.makeWritable,
          policySteps(subject, (name) => `Allow writes on target for ${name}`, modeTiming.perPolicy),
        ),
        leaf(stepNames.rehearsalShares, modeTiming.shares, zoneIds),
        group(stepNames.rehearsalAliases, aliases('Add'), noPools),
        switchMode(input, 'rehearsal', stepNames.activateRehearsal),
      ]
    : [
        group(stepNames.removeRehearsalAliases, aliases('Remove'), noPools),
        leaf(stepNames.deleteRehearsalShares, modeTiming.shares, zoneIds),
        group(
          stepNames.makeReadOnly,
          policySteps(subject, (name) => `Make target read-only for ${name}`, modeTiming.perPolicy),
        ),
        switchMode(input, 'rehearsal', stepNames.endRehearsal),
      ];
  const jobType = subject.scope === 'zone' ? 'zone_rehearsal' : 'policy_rehearsal';
  const done = enable ? 'Rehearsal mode is active.' : 'Rehearsal mode has ended.';
  return modePlan(input, 'rehearsal', jobType, steps, { name: 'rehearsal mode', noun: 'Rehearsal job', done });
}

export interface DrTestOptions {
  datasync: boolean;
  configsync: boolean;
}

/** A DR test of one policy: its target becomes writable (enable) or read-only again. */
export function drTestPlan(input: ModePlanInput, options: DrTestOptions): JobPlan {
  const { subject, enable } = input;
  const dataSync = group(
    stepNames.dataSync,
    policySteps(subject, (name) => `Run SyncIQ policy ${name}`, modeTiming.dataSyncPerPolicy),
    options.datasync ? undefined : 'datasync is false.',
  );
  const configSync = group(
    stepNames.configSync,
    [
      leaf(`Replicate shares, exports and quotas of ${subjectTitle(subject)}`, modeTiming.configSync, [
        subject.zone.id,
      ]),
    ],
    options.configsync ? undefined : 'configsync is false.',
  );
  const steps = enable
    ? [
        dataSync,
        configSync,
        group(
          stepNames.makeWritable,
          policySteps(subject, (name) => `Allow writes on target for ${name}`, modeTiming.perPolicy),
        ),
        switchMode(input, 'dr_test', stepNames.activateDrTest),
      ]
    : [
        group(
          stepNames.makeReadOnly,
          policySteps(subject, (name) => `Make target read-only for ${name}`, modeTiming.perPolicy),
        ),
        dataSync,
        configSync,
        switchMode(input, 'dr_test', stepNames.endDrTest),
      ];
  const done = enable ? 'DR test mode is active: the target is writable.' : 'DR test mode has ended.';
  const plan = modePlan(input, 'dr_test', 'dr_test', steps, { name: 'DR test mode', noun: 'DR test job', done });
  return {
    ...plan,
    startLog: [
      plan.startLog[0]!,
      `Options: enable=${enable} datasync=${options.datasync} configsync=${options.configsync}`,
    ],
  };
}

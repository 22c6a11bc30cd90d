/**
 * The step tree of a failover job. A controlled failover works on both clusters: it waits for
 * the other failover jobs, syncs configuration and data one last time, takes the source's shares
 * and exports offline, makes the target writable, moves SmartConnect, fails quotas over and
 * preps the resync. An uncontrolled one (source unreachable) skips every source-side step.
 * Each parameter that turns a step off leaves it in the tree as SKIPPED, saying why.
 */
import { stepNames } from '../domain/step-names.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import { poolSubject } from '../inventory/live-inventory.js';
import { group, type JobPlan, type JobResult, leaf, type PlanStep } from './plan.js';
import { type FailoverSubject, snapshotSubject, subjectIds } from './targets.js';
import { validateFailover } from './validation.js';

/** Appliance time of each step, in milliseconds; a two-policy zone fails over in about a minute. */
export const failoverTiming = {
  validate: 3_000,
  wait: 1_000,
  configSync: 6_000,
  dataSyncPerPolicy: 12_000,
  renameShares: 3_000,
  disconnectSessions: 2_000,
  removeExports: 2_000,
  allowWritesPerPolicy: 4_000,
  movePool: 5_000,
  updateAliases: 3_000,
  quotas: 4_000,
  resyncPrepPerPolicy: 6_000,
  disableMirrorPerPolicy: 1_500,
  updateInventory: 2_000,
  rollback: 3_000,
} as const;

export interface FailoverOptions {
  controlled: boolean;
  datasync: boolean;
  configsync: boolean;
  resyncprep: boolean;
  disablemirror: boolean;
  quotasync: boolean;
  blockonwarnings: boolean;
  rollbackrenamedshares: boolean;
  smbdataintegrity: boolean;
}

const sourceUnused = 'Uncontrolled failover: the source cluster is not used.';

/** Why a flag-controlled step does not run, or undefined when it runs. */
function skipUnless(flag: boolean, name: string, sourceSide: boolean, controlled: boolean): string | undefined {
  if (sourceSide && !controlled) return sourceUnused;
  return flag ? undefined : `${name} is false.`;
}

/** The "Zone failover finance" part of names: what fails over. */
export function subjectTitle(subject: FailoverSubject): string {
  if (subject.pool) return `pool ${subject.pool.id} of zone ${subject.zone.name}`;
  if (subject.scope === 'zone') return `zone ${subject.zone.name}`;
  return `${subject.policies.length === 1 ? 'policy' : 'policies'} ${subject.policies.map((p) => p.name).join(', ')}`;
}

export function direction(subject: FailoverSubject): string {
  return `${subject.source.name} → ${subject.target.name}`;
}

/** The summary of a finished failover-family job, with its reason when it did not succeed. */
export function summarizeFailover(noun: string, done: string): (result: JobResult) => string {
  return (result) => {
    if (result.failed) return `Failed at step "${result.failed.step}": ${result.failed.info}`;
    if (result.cancelled) return 'Cancelled on request; the steps not yet run were not run.';
    if (result.warnings > 0)
      return `${noun} finished with ${result.warnings} warning${result.warnings === 1 ? '' : 's'}. ${done}`;
    return `${noun} finished without errors. ${done}`;
  };
}

interface FailoverPlanInput {
  id: string;
  subject: FailoverSubject;
  options: FailoverOptions;
  live: LiveInventory;
  /** The ids of the other failover jobs running now. */
  otherFailovers: () => string[];
}

function sourceSteps(input: FailoverPlanInput): PlanStep {
  const { subject, options } = input;
  const zoneIds = [subject.zone.id];
  return group(
    stepNames.prepareSource,
    [
      leaf(stepNames.renameShares, failoverTiming.renameShares, zoneIds, { renamesShares: true }),
      leaf(stepNames.disconnectSessions, failoverTiming.disconnectSessions, zoneIds, {
        ...(options.smbdataintegrity ? {} : { skip: 'smbdataintegrity is false.' }),
      }),
      leaf(stepNames.removeExports, failoverTiming.removeExports, zoneIds),
    ],
    options.controlled ? undefined : sourceUnused,
  );
}

/** Builds the plan of a failover job. */
export function failoverPlan(input: FailoverPlanInput): JobPlan {
  const { id, subject, options, live } = input;
  const all = subjectIds(subject);
  const { controlled } = options;
  const perPolicy = (
    name: (policy: string) => string,
    ms: number,
    extra: (id: string) => Partial<PlanStep> = () => ({}),
  ) => subject.policies.map((policy) => leaf(name(policy.name), ms, [policy.id], extra(policy.id)));
  const configTitle = subject.scope === 'zone' ? `zone ${subject.zone.name}` : subjectTitle(subject);

  const steps: PlanStep[] = [
    leaf(stepNames.validateFailover, failoverTiming.validate, all, {
      evaluate: () => validateFailover(live, subject, options.blockonwarnings),
    }),
    leaf(stepNames.waitForFailovers, failoverTiming.wait, all, {
      waitFor: input.otherFailovers,
      ...(controlled ? {} : { skip: 'Uncontrolled failover: it does not wait for other jobs.' }),
    }),
    group(
      stepNames.configSync,
      [leaf(`Replicate shares, exports and quotas of ${configTitle}`, failoverTiming.configSync, [subject.zone.id])],
      skipUnless(options.configsync, 'configsync', true, controlled),
    ),
  ];
  const dataSync = group(
    stepNames.dataSync,
    perPolicy((name) => `Run SyncIQ policy ${name}`, failoverTiming.dataSyncPerPolicy),
    skipUnless(options.datasync, 'datasync', true, controlled),
  );
  // An SMB data integrity failover takes the shares offline before the last sync, so no write is lost.
  if (options.smbdataintegrity) steps.push(sourceSteps(input), dataSync);
  else steps.push(dataSync, sourceSteps(input));

  const targetId = subject.target.id;
  steps.push(
    group(
      stepNames.makeWritable,
      perPolicy(
        (name) => `Allow writes on target for ${name}`,
        failoverTiming.allowWritesPerPolicy,
        (policyId) => ({
          apply: () => [{ id: policyId, state: { ...live.state(policyId), activeNode: targetId } }],
        }),
      ),
    ),
    group(
      stepNames.networking,
      [
        ...subject.pools.map((pool) =>
          leaf(`Move SmartConnect zone ${pool.smartConnectZone} (${pool.id})`, failoverTiming.movePool, [
            subject.zone.id,
            poolSubject(subject.zone, pool),
          ]),
        ),
        leaf(stepNames.updateAliases, failoverTiming.updateAliases, [subject.zone.id]),
      ],
      subject.pools.length === 0 ? 'No SmartConnect pool serves these policies.' : undefined,
    ),
    group(
      stepNames.quotaSync,
      [leaf(`Fail over quotas of ${configTitle}`, failoverTiming.quotas, [subject.zone.id])],
      skipUnless(options.quotasync, 'quotasync', false, controlled),
    ),
    group(
      stepNames.resyncPrep,
      perPolicy((name) => `Resync prep for ${name}`, failoverTiming.resyncPrepPerPolicy),
      skipUnless(options.resyncprep, 'resyncprep', true, controlled),
    ),
    group(
      stepNames.disableMirror,
      perPolicy((name) => `Disable mirror policy ${name}_mirror`, failoverTiming.disableMirrorPerPolicy),
      options.resyncprep && controlled
        ? skipUnless(options.disablemirror, 'disablemirror', false, controlled)
        : 'No mirror policies: resync prep did not run.',
    ),
    leaf(stepNames.updateInventory, failoverTiming.updateInventory, all),
  );

  const title = subject.pool
    ? `Pool failover ${subject.pool.id} of zone ${subject.zone.name}`
    : `${subject.scope === 'zone' ? 'Zone' : 'Policy'} failover ${subjectTitle(subject).replace(/^\S+ /, '')}`;
  const flags = Object.entries(options).map(([name, value]) => `${name}=${value}`);
  return {
    kind: 'failover',
    jobType: subject.scope === 'zone' ? 'zone_failover' : 'policy_failover',
    id,
    name: `${title} (${direction(subject)})`,
    rootName: title,
    subject: snapshotSubject(live, subject),
    steps,
    startLog: [`Failover job ${id} launched: ${title} (${direction(subject)})`, `Options: ${flags.join(' ')}`],
    stopOnError: true,
    tracksSuccess: true,
    rollback: {
      enabled: options.rollbackrenamedshares,
      step: leaf(stepNames.rollbackShares, failoverTiming.rollback, [subject.zone.id]),
    },
    summarize: summarizeFailover('Failover', `Now active on ${subject.target.name}.`),
  };
}

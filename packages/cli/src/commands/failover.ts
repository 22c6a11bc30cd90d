/**
 * `eyeglass failover <zone | policy...> --from <node> --to <node>`: resolves the names, prints
 * what moves with its readiness and the options, asks for the name to be typed (or `--yes`),
 * launches once, and with `--wait` follows the steps live. Every launch option of the API has a
 * flag, named after the API parameter so that it reads the same in the Eyeglass docs.
 */
import type { LaunchFailoverQuery } from '@eyeglass-jobs/client';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { confirm } from '../jobs/confirm.js';
import { type LaunchRequest, launch } from '../jobs/launch.js';
import { type OptionState, printPreview, selectionEntries } from '../jobs/preview.js';
import type { TrackedJob } from '../jobs/tracked-job.js';
import {
  type Cluster,
  failoverTarget,
  resolveRoute,
  resolveSelection,
  type Selection,
  selectionName,
} from '../resolve/names.js';
import { type Act, addWaitOptions, type WaitFlags, waitSettings } from './command-kit.js';

type FlagName =
  | 'uncontrolled'
  | 'datasync'
  | 'configsync'
  | 'resyncprep'
  | 'disablemirror'
  | 'quotasync'
  | 'blockonwarnings'
  | 'rollbackrenamedshares'
  | 'smbdataintegrity';

interface LaunchOption {
  /** The API parameter. */
  param: Exclude<
    keyof LaunchFailoverQuery,
    'sourceid' | 'targetid' | 'failovertarget' | 'pool' | 'rollbackrenameshares'
  >;
  flag: string;
  /** The commander attribute the flag sets. */
  attribute: FlagName;
  /** The vendor's default of the parameter. */
  byDefault: boolean;
  help: string;
}

/** Every launch option of `POST /v2/jobs/failover`, with the flag that changes it from its default. */
export const launchOptions: readonly LaunchOption[] = [
  {
    param: 'controlled',
    flag: '--uncontrolled',
    attribute: 'uncontrolled',
    byDefault: true,
    help: 'uncontrolled failover, for a source cluster that is down: only the target-side steps run',
  },
  {
    param: 'datasync',
    flag: '--no-datasync',
    attribute: 'datasync',
    byDefault: true,
    help: 'skip the final incremental data sync',
  },
  {
    param: 'configsync',
    flag: '--configsync',
    attribute: 'configsync',
    byDefault: false,
    help: 'run a configuration sync (shares, exports, quotas) first',
  },
  {
    param: 'resyncprep',
    flag: '--no-resyncprep',
    attribute: 'resyncprep',
    byDefault: true,
    help: 'skip resync prep, which creates the mirror policies',
  },
  {
    param: 'disablemirror',
    flag: '--disablemirror',
    attribute: 'disablemirror',
    byDefault: false,
    help: 'disable the mirror policies created on the target',
  },
  {
    param: 'quotasync',
    flag: '--no-quotasync',
    attribute: 'quotasync',
    byDefault: true,
    help: 'do not fail the quotas over',
  },
  {
    param: 'blockonwarnings',
    flag: '--no-blockonwarnings',
    attribute: 'blockonwarnings',
    byDefault: true,
    help: 'go on despite readiness warnings (by default a WARNING blocks the failover)',
  },
  {
    param: 'rollbackrenamedshares',
    flag: '--no-rollbackrenamedshares',
    attribute: 'rollbackrenamedshares',
    byDefault: true,
    help: 'leave SMB shares renamed when the failover fails or is cancelled',
  },
  {
    param: 'smbdataintegrity',
    flag: '--smbdataintegrity',
    attribute: 'smbdataintegrity',
    byDefault: false,
    help: 'SMB data integrity failover: disconnect SMB clients before the data sync',
  },
];

interface FailoverFlags extends WaitFlags, Partial<Record<FlagName, boolean>> {
  from: string;
  to: string;
  pool?: string;
  yes?: boolean;
  dryRun?: boolean;
}

/** The value each option gets: the flag's, else the default. */
export function optionStates(flags: Partial<Record<FlagName, boolean>>): OptionState[] {
  return launchOptions.map((option) => {
    const given = flags[option.attribute];
    // `--uncontrolled` is the one flag that turns its parameter off by being set.
    const value = option.attribute === 'uncontrolled' ? given !== true : (given ?? option.byDefault);
    return { name: option.param, value, ...(value !== option.byDefault && { changedBy: option.flag }) };
  });
}

/**
 * The query of the launch. Every option is sent, so that what the preview shows is what Eyeglass
 * gets, whatever its defaults. The rollback flag has an older spelling that older appliances read;
 * turning rollback off sends both, so that either reading gets it.
 */
export function failoverQuery(route: { from: Cluster; to: Cluster }, selection: Selection, options: OptionState[]) {
  const query: LaunchFailoverQuery = {
    sourceid: route.from.id,
    targetid: route.to.id,
    failovertarget: failoverTarget(selection),
    ...(selection.kind === 'zone' && selection.pool && { pool: selection.pool.name }),
  };
  for (const option of options) Object.assign(query, { [option.name]: option.value });
  if (query.rollbackrenamedshares === false) query.rollbackrenameshares = false;
  return query;
}

/** `Failover of access zone finance` or `… of SyncIQ policies finance-sync, finance-archive`. */
export function selectionTitle(verb: string, selection: Selection): string {
  if (selection.kind === 'policies')
    return `${verb} of SyncIQ ${selection.policies.length === 1 ? 'policy' : 'policies'} ${selection.policies.map((policy) => policy.name).join(', ')}`;
  return `${verb} of access zone ${selection.zone.name}${selection.kind === 'zone' && selection.pool ? `, pool ${selection.pool.name}` : ''}`;
}

/** Whether a running job acts on the selection: the same zone, or any of the same policies. */
export function touchesSelection(selection: Selection): (job: TrackedJob) => boolean {
  const policyIds = new Set(selection.policies.map((policy) => policy.id));
  return (job) => {
    if (job.family !== 'failover') return false;
    const target = (job.raw as { failoverTarget?: { zone?: { id: string }; policies?: Array<{ id: string }> } })
      .failoverTarget;
    if (target?.zone?.id === selection.zone.id) return true;
    return (target?.policies ?? []).some((policy) => policyIds.has(policy.id));
  };
}

async function failover(context: CommandContext, targets: string[], flags: FailoverFlags): Promise<ExitCode> {
  const { eg, output, io } = context;
  const route = await resolveRoute(eg, flags.from, flags.to);
  const selection = await resolveSelection(eg, route, targets, flags.pool);
  const options = optionStates(flags);
  printPreview(output, {
    title: selectionTitle('Failover', selection),
    route,
    entries: selectionEntries(selection),
    options,
    warningsBlock: options.find((option) => option.name === 'blockonwarnings')?.value ?? true,
    ...(selection.kind === 'zone' &&
      selection.pool && { notes: ['With a pool, only the policies whose data the pool serves fail over.'] }),
  });
  const query = failoverQuery(route, selection, options);
  const request: LaunchRequest = {
    family: 'failover',
    operation: 'launchFailover',
    method: 'POST',
    path: '/v2/jobs/failover',
    query,
    what: `the failover of ${selectionName(selection)}`,
    matches: touchesSelection(selection),
    send: (client) => client.failover.launch(query),
  };
  if (!flags.dryRun) {
    await confirm(io, output, {
      phrase: selectionName(selection),
      action: `fail ${selectionName(selection)} over from ${route.from.name} to ${route.to.name}`,
      yes: flags.yes === true,
    });
  }
  return launch(context, request, {
    dryRun: flags.dryRun === true,
    ...(flags.wait && { wait: waitSettings(flags) }),
  });
}

export function registerFailover(program: Command, act: Act): void {
  const command = program
    .command('failover')
    .description('fail an access zone, or SyncIQ policies of one zone, over from one cluster to the other')
    .argument(
      '<target...>',
      'an access zone, or SyncIQ policies, by name or id (zone:<name> or policy:<name> when a name is both)',
    )
    .requiredOption('--from <node>', 'the cluster it fails over from (name or id)')
    .requiredOption('--to <node>', 'the cluster it fails over to (name or id)')
    .option(
      '--pool <pool>',
      'fail over only this SmartConnect pool of the zone (groupName:subnetName:poolName, or its last part)',
    );
  for (const option of launchOptions) command.option(option.flag, option.help);
  command
    .option('-y, --yes', 'confirm without typing the name (needed without a terminal)')
    .option('--dry-run', 'resolve the names and print the request, but send nothing');
  addWaitOptions(command).action(act(failover));
}

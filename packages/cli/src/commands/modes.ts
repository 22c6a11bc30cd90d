/**
 * The test modes: `eyeglass rehearsal start|stop <zone | policy...> --from --to`, and
 * `eyeglass drtest enable|disable <policy>`. Neither touches production data, so they ask for no
 * confirmation; they print what they act on, and take `--dry-run` and `--wait` like a failover.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { type LaunchRequest, launch } from '../jobs/launch.js';
import { printPreview, selectionEntries } from '../jobs/preview.js';
import type { TrackedJob } from '../jobs/tracked-job.js';
import { failoverTarget, resolvePolicy, resolveRoute, resolveSelection, selectionName } from '../resolve/names.js';
import { type Act, addWaitOptions, type WaitFlags, waitSettings } from './command-kit.js';
import { selectionTitle, touchesSelection } from './failover.js';

interface RehearsalFlags extends WaitFlags {
  from: string;
  to: string;
  pool?: string;
  dryRun?: boolean;
}

function rehearsal(enable: boolean) {
  return async (context: CommandContext, targets: string[], flags: RehearsalFlags): Promise<ExitCode> => {
    const { eg, output } = context;
    const route = await resolveRoute(eg, flags.from, flags.to);
    const selection = await resolveSelection(eg, route, targets, flags.pool);
    const verb = enable ? 'Rehearsal start' : 'Rehearsal stop';
    printPreview(output, {
      title: selectionTitle(verb, selection),
      route,
      entries: selectionEntries(selection),
      options: [],
      predict: false,
    });
    const query = {
      enable,
      sourceid: route.from.id,
      targetid: route.to.id,
      failovertarget: failoverTarget(selection),
      ...(selection.kind === 'zone' && selection.pool && { pool: selection.pool.name }),
    };
    const request: LaunchRequest = {
      family: 'failover',
      operation: 'launchRehearsal',
      method: 'POST',
      path: '/v2/jobs/failover/rehearsal',
      query,
      what: `the rehearsal ${enable ? 'start' : 'stop'} of ${selectionName(selection)}`,
      matches: touchesSelection(selection),
      send: (client) => client.failover.rehearsal(query),
    };
    return launch(context, request, {
      dryRun: flags.dryRun === true,
      ...(flags.wait && { wait: waitSettings(flags) }),
    });
  };
}

interface DrTestFlags extends WaitFlags {
  node?: string;
  datasync: boolean;
  configsync?: boolean;
  dryRun?: boolean;
}

function drTest(enable: boolean) {
  return async (context: CommandContext, given: string, flags: DrTestFlags): Promise<ExitCode> => {
    const { eg, output } = context;
    const policy = await resolvePolicy(eg, given, flags.node);
    const options = [
      { name: 'datasync', value: flags.datasync, ...(!flags.datasync && { changedBy: '--no-datasync' }) },
      { name: 'configsync', value: flags.configsync === true, ...(flags.configsync && { changedBy: '--configsync' }) },
    ];
    printPreview(output, {
      title: `DR test ${enable ? 'enable' : 'disable'} of SyncIQ policy ${policy.name}`,
      entries: [{ role: 'policy', name: policy.name, entity: policy }],
      options,
      notes: [`zone ${policy.zone.name}, target cluster ${policy.target.name}`],
      predict: false,
    });
    const query = { enable, policy: policy.id, datasync: flags.datasync, configsync: flags.configsync === true };
    const request: LaunchRequest = {
      family: 'failover',
      operation: 'launchDrTest',
      method: 'POST',
      path: '/v2/jobs/failover/drtest',
      query,
      what: `the DR test ${enable ? 'enable' : 'disable'} of ${policy.name}`,
      matches: (job: TrackedJob) =>
        job.family === 'failover' &&
        ((job.raw as { failoverTarget?: { policies?: Array<{ id: string }> } }).failoverTarget?.policies ?? []).some(
          (entry) => entry.id === policy.id,
        ),
      send: (client) => client.failover.drTest(query),
    };
    return launch(context, request, {
      dryRun: flags.dryRun === true,
      ...(flags.wait && { wait: waitSettings(flags) }),
    });
  };
}

export function registerModes(program: Command, act: Act): void {
  const rehearsalCommand = program
    .command('rehearsal')
    .description('enter or leave rehearsal mode for an access zone or SyncIQ policies');
  for (const [name, enable] of [
    ['start', true],
    ['stop', false],
  ] as const) {
    const command = rehearsalCommand
      .command(name)
      .description(
        enable ? 'enter rehearsal mode: the target shows REHEARSAL_ACTIVE until stopped' : 'leave rehearsal mode',
      )
      .argument('<target...>', 'an access zone, or SyncIQ policies, by name or id')
      .requiredOption('--from <node>', 'the source cluster (name or id)')
      .requiredOption('--to <node>', 'the target cluster (name or id)')
      .option('--pool <pool>', 'only this SmartConnect pool of the zone')
      .option('--dry-run', 'resolve the names and print the request, but send nothing');
    addWaitOptions(command).action(act(rehearsal(enable)));
  }
  const drTestCommand = program.command('drtest').description('enter or leave DR test mode for a SyncIQ policy');
  for (const [name, enable] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    const command = drTestCommand
      .command(name)
      .description(
        enable
          ? "enter DR test mode: the policy's target becomes writable for testing"
          : 'leave DR test mode: the target is read-only again',
      )
      .argument('<policy>', 'the SyncIQ policy, by name or id')
      .option('--node <node>', 'look the policy up on this cluster only (when its name is on several)')
      .option('--no-datasync', 'do not run the policy (a data sync) as part of the job')
      .option('--configsync', 'run a configuration sync as part of the job')
      .option('--dry-run', 'resolve the names and print the request, but send nothing');
    addWaitOptions(command).action(act(drTest(enable)));
  }
}

/** `eyeglass readiness run [--wait]` and `eyeglass replication run [--wait]`: the two jobs that take no parameters. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { type LaunchRequest, launch } from '../jobs/launch.js';
import { type Act, addWaitOptions, type WaitFlags, waitSettings } from './command-kit.js';

interface RunFlags extends WaitFlags {
  dryRun?: boolean;
}

const runs = {
  readiness: {
    operation: 'runReadinessJob',
    path: '/v2/jobs/readiness',
    what: 'the readiness job',
    description: 'check the failover readiness of every zone and policy',
  },
  replication: {
    operation: 'runReplicationJob',
    path: '/v2/jobs/replication',
    what: 'the configuration replication job',
    description: 'copy shares, exports and quotas between the clusters',
  },
} as const;

function run(family: keyof typeof runs) {
  return async (context: CommandContext, flags: RunFlags): Promise<ExitCode> => {
    const { operation, path, what } = runs[family];
    const request: LaunchRequest = {
      family,
      operation,
      method: 'POST',
      path,
      query: {},
      what,
      // Only one job of each kind runs at a time: any running one is the one this run may have started.
      matches: (job) => job.family === family,
      send: (client) => client[family].run(),
    };
    return launch(context, request, {
      dryRun: flags.dryRun === true,
      ...(flags.wait && { wait: waitSettings(flags) }),
    });
  };
}

export function registerRuns(program: Command, act: Act): void {
  for (const family of ['readiness', 'replication'] as const) {
    const group = program.command(family).description(`${family} jobs: ${runs[family].description}`);
    const command = group
      .command('run')
      .description(`start ${runs[family].what}`)
      .option('--dry-run', 'print the request, but send nothing');
    addWaitOptions(command).action(act(run(family)));
  }
}

/**
 * Discovery: `eyeglass nodes`, and the zones, policies and pools of a cluster with their failover
 * readiness (status and reasons). A cluster is given by name or id.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { readinessCell, readinessReasons } from '../render/readiness.js';
import { formatTable, type Row } from '../render/table.js';
import { resolveNode } from '../resolve/names.js';
import type { Act } from './command-kit.js';

function notes(context: CommandContext, entity: Parameters<typeof readinessReasons>[0]): string[] {
  return readinessReasons(entity).map((reason) => context.output.style.paint('muted', `└ ${reason}`));
}

async function nodes(context: CommandContext): Promise<ExitCode> {
  const { output, eg } = context;
  const list = await eg.nodes.list();
  output.data(list);
  output.table(
    formatTable(
      ['NAME', 'ID', 'IP'],
      list.map((node) => ({ cells: [node.name, node.id, node.ip] })),
      output.style,
    ),
  );
  return ExitCode.success;
}

async function zones(context: CommandContext, given: string): Promise<ExitCode> {
  const { output, eg } = context;
  const node = await resolveNode(eg, given);
  const [list, policies] = await Promise.all([
    eg.nodes.zones(node.id, { foReadiness: true }),
    eg.nodes.policies(node.id),
  ]);
  output.data(list);
  const rows: Row[] = list.map((zone) => ({
    cells: [
      zone.name,
      readinessCell(zone),
      policies
        .filter((policy) => policy.zone.id === zone.id)
        .map((policy) => policy.name)
        .join(', '),
      zone.id,
    ],
    notes: notes(context, zone),
  }));
  output.table(formatTable(['ZONE', 'READINESS', 'POLICIES', 'ID'], rows, output.style));
  return ExitCode.success;
}

async function policies(context: CommandContext, given: string): Promise<ExitCode> {
  const { output, eg } = context;
  const node = await resolveNode(eg, given);
  const list = await eg.nodes.policies(node.id, { foReadiness: true });
  output.data(list);
  const rows: Row[] = list.map((policy) => ({
    cells: [policy.name, readinessCell(policy), policy.zone.name, policy.target.name, policy.id],
    notes: notes(context, policy),
  }));
  output.table(formatTable(['POLICY', 'READINESS', 'ZONE', 'TARGET', 'ID'], rows, output.style));
  return ExitCode.success;
}

async function pools(context: CommandContext, given: string): Promise<ExitCode> {
  const { output, eg } = context;
  const node = await resolveNode(eg, given);
  const list = await eg.nodes.pools(node.id, { foReadiness: true });
  output.data(list);
  const rows: Row[] = list.map((pool) => ({
    cells: [pool.name, readinessCell(pool), pool.zone],
    notes: notes(context, pool),
  }));
  output.table(formatTable(['POOL', 'READINESS', 'ZONE'], rows, output.style));
  return ExitCode.success;
}

export function registerDiscovery(program: Command, act: Act): void {
  program.command('nodes').description('list the clusters Eyeglass manages').action(act(nodes));
  program
    .command('zones')
    .description("list a cluster's access zones with their failover readiness")
    .argument('<node>', 'cluster name or id')
    .action(act(zones));
  program
    .command('policies')
    .description("list a cluster's SyncIQ policies with their failover readiness")
    .argument('<node>', 'cluster name or id')
    .action(act(policies));
  program
    .command('pools')
    .description("list a cluster's SmartConnect pools with their failover readiness")
    .argument('<node>', 'cluster name or id')
    .action(act(pools));
}

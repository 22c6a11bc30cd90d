/**
 * What a launch will do, printed before anything is sent: the clusters, what moves with its
 * readiness and the reasons behind it, the options, and what readiness predicts (a WARNING with
 * `blockonwarnings` will be blocked; an ERROR fails validation).
 */
import type { Output } from '../output.js';
import { readinessCell, readinessReasons, readinessStatus, type WithReadiness } from '../render/readiness.js';
import { formatTable, type Row } from '../render/table.js';
import type { Cluster, Selection } from '../resolve/names.js';

export interface PreviewEntry {
  role: string;
  name: string;
  entity: WithReadiness;
}

/** The zone, policies and pool of a selection, as preview rows. */
export function selectionEntries(selection: Selection): PreviewEntry[] {
  const entries: PreviewEntry[] = [{ role: 'access zone', name: selection.zone.name, entity: selection.zone }];
  if (selection.kind === 'zone' && selection.pool)
    entries.push({ role: 'pool', name: selection.pool.name, entity: selection.pool });
  selection.policies.forEach((policy, index) => {
    entries.push({ role: index === 0 ? 'policies' : '', name: policy.name, entity: policy });
  });
  return entries;
}

export interface OptionState {
  name: string;
  value: boolean;
  /** The flag that changed it from its default, if one did. */
  changedBy?: string;
}

export interface Preview {
  /** `Failover of access zone finance`. */
  title: string;
  /** The clusters, when the launch names them. */
  route?: { from: Cluster; to: Cluster };
  entries: PreviewEntry[];
  options: OptionState[];
  /** Whether a readiness WARNING blocks this launch (a failover with blockonwarnings). */
  warningsBlock?: boolean;
  /** Lines that end the preview, such as what a pool narrows. */
  notes?: string[];
  /** Say what readiness predicts for a failover (not for entering or leaving a mode). */
  predict?: boolean;
}

const cannotFailOver = ['ERROR', 'NOT_ELIGIBLE', 'DISABLED'];

/** What readiness says about the launch, as lines. */
function predictions(preview: Preview): string[] {
  const statuses = preview.entries.map((entry) => ({ entry, status: readinessStatus(entry.entity) }));
  const lines: string[] = [];
  const failing = statuses.filter(({ status }) => cannotFailOver.includes(status));
  if (failing.length > 0)
    lines.push(
      `${failing.map(({ entry, status }) => `${entry.name} is ${status}`).join(', ')}: Eyeglass will refuse it at validation.`,
    );
  if (statuses.some(({ status }) => status === 'REHEARSAL_ACTIVE'))
    lines.push('A rehearsal or DR test is active: end it first (eyeglass rehearsal stop, eyeglass drtest disable).');
  const warned = statuses.filter(({ status }) => status === 'WARNING');
  if (warned.length > 0 && preview.warningsBlock)
    lines.push(
      `${warned.map(({ entry }) => entry.name).join(', ')} has readiness WARNING and blockonwarnings is on: Eyeglass will block it. --no-blockonwarnings goes on despite warnings.`,
    );
  return lines;
}

export function printPreview(output: Output, preview: Preview): void {
  const { style } = output;
  const route = preview.route ? `: ${preview.route.from.name} → ${preview.route.to.name}` : '';
  output.say(`${style.paint('strong', preview.title)}${route}`);
  const rows: Row[] = preview.entries.map((entry) => ({
    cells: [entry.role, entry.name, readinessCell(entry.entity)],
    notes: readinessReasons(entry.entity).map((reason) => style.paint('muted', reason)),
  }));
  for (const line of formatTable(['', 'NAME', 'READINESS'], rows, style).slice(1)) output.say(`  ${line}`);
  if (preview.options.length > 0) {
    const on = preview.options.filter((option) => option.value).map((option) => option.name);
    const off = preview.options.filter((option) => !option.value).map((option) => option.name);
    output.say(`  options   on: ${on.join(', ') || 'none'}`);
    output.say(`            off: ${off.join(', ') || 'none'}`);
    const changed = preview.options.filter((option) => option.changedBy);
    if (changed.length > 0)
      output.say(
        `            changed from the defaults: ${changed.map((option) => `${option.name} (${option.changedBy})`).join(', ')}`,
      );
  }
  for (const note of preview.notes ?? []) output.say(`  ${note}`);
  if (preview.predict !== false)
    for (const line of predictions(preview)) output.say(`  ${style.paint('warn', '!')} ${line}`);
}

/** What `eyeglass-sim` prints when it starts: where it listens, the key, and the ids of a first failover. */
import type { Inventory } from '../inventory/inventory.js';
import type { ApiKeys } from './api-keys.js';
import type { ControlKey } from './control-key.js';

export interface BannerFacts {
  url: string;
  dbPath: string;
  recovered: number;
  speed: number;
  inventory: Inventory;
  inventorySource: string;
  apiKeys: ApiKeys;
  certPath?: string | undefined;
  /** Origins allowed to call the API from a browser. */
  cors?: readonly string[];
  /** The control API, when it is on. */
  control?: { url: string; key: ControlKey; clock: 'real' | 'manual' };
}

function controlLines(control: NonNullable<BannerFacts['control']>): string[] {
  const { development } = control.key;
  const key = development
    ? `${control.key.key} (X-Control-Key; development key${development.path ? `, kept in ${development.path}` : ', for this run only'})`
    : 'configured (not shown)';
  return [
    `  control    ${control.url}`,
    `    docs     ${control.url}/docs/`,
    `    key      ${key}`,
    ...(control.clock === 'manual'
      ? ['    clock    manual: time stands still until POST /control/v1/clock/advance']
      : []),
  ];
}

/** How many rows each table of the banner shows; a longer inventory is summarized. */
const shownRows = 10;

const count = (n: number): string => n.toLocaleString('en-US').replace(/,/g, ' ');

/**
 * Rows as aligned columns, the first `shownRows` of them, then how many more there are (`what`
 * names them). Widths are found in a loop: spreading 100 000 rows into `Math.max` overflows the stack.
 */
function table(rows: string[][], what: string, source: string): string[] {
  const shown = rows.slice(0, shownRows);
  const widths: number[] = [];
  for (const row of shown) {
    for (const [column, cell] of row.entries()) widths[column] = Math.max(widths[column] ?? 0, cell.length);
  }
  const lines = shown.map(
    (row) =>
      `    ${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}`,
  );
  if (rows.length > shown.length) {
    lines.push(
      `    … and ${count(rows.length - shown.length)} more ${what} (${count(rows.length)} in all, listed in ${source})`,
    );
  }
  return lines;
}

export function startupBanner(facts: BannerFacts): string {
  const { inventory, apiKeys } = facts;
  const nodeName = new Map(inventory.nodes.map((node) => [node.id, node.name]));
  const development = apiKeys.development;
  const keyLine = development
    ? `${apiKeys.keys[0]} (development key${development.path ? `, kept in ${development.path}` : ', for this run only'})`
    : `${apiKeys.keys.length} configured (not shown)`;
  const key = development ? apiKeys.keys[0]! : '$EYEGLASS_API_KEY';
  const zone = inventory.zones.find((candidate) => candidate.readiness.status === 'OK') ?? inventory.zones[0]!;
  const failover = new URLSearchParams({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id });
  const tlsFlag = facts.certPath !== undefined || facts.url.startsWith('https') ? 'k' : '';
  const lines = [
    `Eyeglass Jobs v2 simulator listening on ${facts.url}`,
    `  docs       ${facts.url}/docs/`,
    `  spec       ${facts.url}/openapi.json`,
    `  api_key    ${keyLine}`,
    `  database   ${facts.dbPath}${facts.recovered ? ` (${facts.recovered} unfinished jobs finished as interrupted)` : ''}`,
    `  speed      ${facts.speed}x (a zone failover takes about ${Math.max(1, Math.round(60 / facts.speed))} s)`,
    ...(facts.url.startsWith('https')
      ? [`  tls        self-signed certificate${facts.certPath ? ` ${facts.certPath}` : ' for this run only'}`]
      : []),
    `  inventory  ${facts.inventorySource}`,
    ...(facts.cors && facts.cors.length > 0 ? [`  cors       ${facts.cors.join(', ')}`] : []),
    ...(facts.control ? controlLines(facts.control) : []),
    '',
    '  clusters',
    ...table(
      inventory.nodes.map((node) => [node.name, node.id, node.ip]),
      'clusters',
      facts.inventorySource,
    ),
    '  access zones',
    ...table(
      inventory.zones.map((entry) => [
        entry.name,
        `${nodeName.get(entry.source)} → ${nodeName.get(entry.target)}`,
        entry.id,
      ]),
      'access zones',
      facts.inventorySource,
    ),
    '  SyncIQ policies',
    ...table(
      inventory.zones.flatMap((entry) =>
        entry.policies.map((policy) => [policy.name, `zone ${entry.name}`, policy.id]),
      ),
      'SyncIQ policies',
      facts.inventorySource,
    ),
    '',
    `  First failover (zone ${zone.name}):`,
    // The header is in double quotes, so that the shell expands $EYEGLASS_API_KEY in a pasted line.
    `    curl -s${tlsFlag} -X POST -H "api_key: ${key}" '${facts.url}/v2/jobs/failover?${failover}'`,
    `    curl -s${tlsFlag} -H "api_key: ${key}" '${facts.url}/v2/jobs/failover?state=running'`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

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

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map(
    (row) =>
      `    ${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}`,
  );
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
    ...table(inventory.nodes.map((node) => [node.name, node.id, node.ip])),
    '  access zones',
    ...table(
      inventory.zones.map((entry) => [
        entry.name,
        `${nodeName.get(entry.source)} → ${nodeName.get(entry.target)}`,
        entry.id,
      ]),
    ),
    '  SyncIQ policies',
    ...table(
      inventory.zones.flatMap((entry) =>
        entry.policies.map((policy) => [policy.name, `zone ${entry.name}`, policy.id]),
      ),
    ),
    '',
    `  First failover (zone ${zone.name}):`,
    `    curl -s${tlsFlag} -X POST -H 'api_key: ${key}' '${facts.url}/v2/jobs/failover?${failover}'`,
    `    curl -s${tlsFlag} -H 'api_key: ${key}' '${facts.url}/v2/jobs/failover?state=running'`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

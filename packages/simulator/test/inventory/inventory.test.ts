import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultInventory,
  defaultInventoryJson,
  InventoryError,
  loadInventoryFile,
  parseInventory,
} from '../../src/index.js';

// Test edits reach deep into the JSON; any keeps them short.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

function variant(edit: (json: Json) => void): Json {
  const json = structuredClone(defaultInventoryJson) as Json;
  edit(json);
  return json;
}

describe('the built-in inventory', () => {
  it('has two clusters with vendor-shaped ids, zones with policies and SmartConnect pools', () => {
    const inventory = defaultInventory();
    expect(inventory.nodes.map((node) => node.id)).toEqual([
      'production_005056b4aa4369988a664106c21f470db369',
      'dr_005056b4bb5478a99b775217d32f581ec47a',
    ]);
    expect(inventory.zones.map((zone) => zone.name)).toEqual(['finance', 'engineering', 'hr', 'media']);
    for (const zone of inventory.zones) {
      expect(zone.policies.length).toBeGreaterThan(0);
      for (const pool of zone.pools) expect(pool.id).toMatch(/^groupnet0:subnet\d:pool-[a-z-]+$/);
    }
    expect(inventory.zones[1]!.readiness).toEqual({
      status: 'WARNING',
      reason: 'SmartConnect zone alias missing on target.',
      check: 'SmartConnect zone aliases',
    });
  });
});

describe('reading an inventory', () => {
  it('fills in defaults: OK readiness, no faults, a path and SmartConnect zone', () => {
    const inventory = parseInventory(
      variant((json) => {
        json.zones = [
          {
            id: 'z',
            name: 'z',
            source: json.nodes[0].id,
            target: json.nodes[1].id,
            policies: [{ id: 'p', name: 'p' }],
            pools: [{ id: 'g:s:pool-z', policies: ['p'] }],
          },
        ];
      }),
    );
    const zone = inventory.zones[0]!;
    expect(zone.readiness).toEqual({ status: 'OK', reason: '', check: 'Access zone configuration' });
    expect(zone.policies[0]).toEqual({
      id: 'p',
      name: 'p',
      path: '/ifs/p',
      readiness: { status: 'OK', reason: '', check: 'SyncIQ policy state' },
      faults: [],
    });
    expect(zone.pools[0]!.smartConnectZone).toBe('pool-z.example.com');
  });

  it('reads faults, matching step names without regard to case', () => {
    const inventory = parseInventory(
      variant((json) => {
        json.zones[0].policies[0].faults = [
          { step: 'final DATA sync' },
          { step: 'Resync prep', status: 'WARNING', info: 'slow' },
        ];
      }),
    );
    expect(inventory.zones[0]!.policies[0]!.faults).toEqual([
      { step: 'Final data sync', status: 'ERROR', info: 'Injected error at step "Final data sync".' },
      { step: 'Resync prep', status: 'WARNING', info: 'slow' },
    ]);
  });

  const cases: Array<[string, (json: Json) => void, string]> = [
    [
      'nodes that are not an array',
      (json) => Object.assign(json, { nodes: 1 }),
      'inventory.(root).nodes: must be an array',
    ],
    [
      'an unknown field',
      (json) => Object.assign(json.zones[0], { polices: [] }),
      'inventory.zones[0].polices: is not a known field',
    ],
    [
      'a node id of the wrong shape',
      (json) => Object.assign(json.nodes[0], { id: 'production_123' }),
      'inventory.nodes[0].id: must be the cluster name, "_" and 36 lowercase hex digits',
    ],
    [
      'a node id of another cluster name',
      (json) => Object.assign(json.nodes[1], { name: 'backup' }),
      'inventory.nodes[1].id: must be the cluster name',
    ],
    ['a single cluster', (json) => json.nodes.pop(), 'inventory.nodes: must hold at least two clusters'],
    [
      'an empty zone name',
      (json) => Object.assign(json.zones[1], { name: ' ' }),
      'inventory.zones[1].name: must not be empty',
    ],
    [
      'an unknown source node',
      (json) => Object.assign(json.zones[2], { source: 'x' }),
      'inventory.zones[2].source: must be the id of a node in nodes, not x',
    ],
    [
      'a zone replicating to itself',
      (json) => Object.assign(json.zones[0], { target: json.zones[0].source }),
      'inventory.zones[0].target: must differ from source',
    ],
    [
      'a zone without policies',
      (json) => Object.assign(json.zones[0], { policies: [] }),
      'inventory.zones[0].policies: must hold at least one policy',
    ],
    [
      'a policy id with a comma, which failovertarget would split',
      (json) => Object.assign(json.zones[0].policies[1], { id: 'finance,archive' }),
      'inventory.zones[0].policies[1].id: must not contain a comma (failovertarget separates policy ids with commas), not "finance,archive"',
    ],
    [
      'a policy id with surrounding spaces, which failovertarget would trim',
      (json) => Object.assign(json.zones[2].policies[0], { id: ' hr-data ' }),
      'inventory.zones[2].policies[0].id: must not begin or end with white space, not " hr-data "',
    ],
    [
      'a zone id with a comma',
      (json) => Object.assign(json.zones[1], { id: 'zone,engineering' }),
      'inventory.zones[1].id: must not contain a comma (failovertarget separates policy ids with commas), not "zone,engineering"',
    ],
    [
      'a zone id ending in a tab',
      (json) => Object.assign(json.zones[1], { id: 'zone-engineering\t' }),
      'inventory.zones[1].id: must not begin or end with white space, not "zone-engineering\\t"',
    ],
    [
      'a pool id with a leading space',
      (json) => Object.assign(json.zones[0].pools[0], { id: ' groupnet0:subnet0:pool-finance' }),
      'inventory.zones[0].pools[0].id: must not begin or end with white space',
    ],
    [
      'a repeated policy id',
      (json) => Object.assign(json.zones[1].policies[0], { id: json.zones[0].policies[0].id }),
      'inventory.zones[1].policies[0].id: repeats the id',
    ],
    [
      'a readiness status set by jobs',
      (json) => Object.assign(json.zones[0].policies[1], { readiness: { status: 'FAILED_OVER' } }),
      'inventory.zones[0].policies[1].readiness.status: must be one of OK, INFO, WARNING, ERROR, DISABLED, NOT_ELIGIBLE, not "FAILED_OVER"',
    ],
    [
      'a pool id of the wrong shape',
      (json) => Object.assign(json.zones[0].pools[0], { id: 'pool-finance' }),
      'inventory.zones[0].pools[0].id: must be groupName:subnetName:poolName',
    ],
    [
      "a pool serving another zone's policy",
      (json) => json.zones[0].pools[0].policies.push(json.zones[2].policies[0].id),
      'inventory.zones[0].pools[0].policies[2]: must be the id of a policy of this zone',
    ],
    [
      'an unknown fault step',
      (json) => Object.assign(json.zones[0].policies[0], { faults: [{ step: 'Final data synk' }] }),
      'inventory.zones[0].policies[0].faults[0].step: is not a step the simulator runs',
    ],
    [
      'a fault status that is not ERROR or WARNING',
      (json) => Object.assign(json.zones[0], { faults: [{ step: 'Quota sync', status: 'OK' }] }),
      'inventory.zones[0].faults[0].status: must be one of ERROR, WARNING',
    ],
  ];

  it.each(cases)('refuses %s, naming the field', (_, edit, message) => {
    const attempt = () => parseInventory(variant(edit));
    expect(attempt).toThrow(InventoryError);
    expect(attempt).toThrow(message);
  });
});

describe('inventory files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-inventory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a JSON file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify(defaultInventoryJson));
    expect(loadInventoryFile(path)).toEqual(defaultInventory());
  });

  it('names the file and the field of a bad inventory', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(variant((json) => Object.assign(json.zones[3], { target: 'nowhere' }))));
    expect(() => loadInventoryFile(path)).toThrow(
      `${path}: inventory.zones[3].target: must be the id of a node in nodes, not nowhere`,
    );
  });

  it('says when the file is not JSON or is missing', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "nodes": [');
    expect(() => loadInventoryFile(path)).toThrow(`Cannot read the inventory ${path}:`);
    expect(() => loadInventoryFile(join(dir, 'missing.json'))).toThrow(/ENOENT/);
  });
});

/**
 * Discovery and name resolution against an inventory built to be awkward: two clusters named
 * `lab`, a zone name on two cluster pairs, two zones of one name, a zone and a policy of one name,
 * a zone on the wrong pair. Every launch here is a `--dry-run`, so the resolved ids can be read.
 */
import { describe, expect, test } from 'vitest';
import { useSimulator } from '../support/fixture.js';

const hex = (digit: string) => digit.repeat(36);
const production = `production_${hex('a')}`;
const dr = `dr_${hex('b')}`;
const labOne = `lab_${hex('c')}`;
const labTwo = `lab_${hex('d')}`;

const inventory = {
  nodes: [
    { id: production, name: 'production', ip: '10.0.0.1' },
    { id: dr, name: 'dr', ip: '10.0.0.2' },
    { id: labOne, name: 'lab', ip: '10.0.0.3' },
    { id: labTwo, name: 'lab', ip: '10.0.0.4' },
  ],
  zones: [
    {
      id: 'zone-finance-dr',
      name: 'finance',
      source: production,
      target: dr,
      policies: [{ id: 'policy-finance-sync', name: 'finance-sync' }],
      pools: [{ id: 'groupnet0:subnet0:pool-finance', policies: ['policy-finance-sync'] }],
    },
    {
      id: 'zone-finance-lab',
      name: 'finance',
      source: production,
      target: labOne,
      policies: [{ id: 'policy-finance-lab', name: 'finance-lab-sync' }],
    },
    {
      id: 'zone-twin-1',
      name: 'twin',
      source: production,
      target: dr,
      readiness: { status: 'WARNING', reason: 'Quota domain missing on target.', check: 'Quotas' },
      policies: [{ id: 'policy-twin-1', name: 'twin-a' }],
    },
    {
      id: 'zone-twin-2',
      name: 'twin',
      source: production,
      target: dr,
      policies: [
        {
          id: 'policy-twin-2',
          name: 'twin-a',
          readiness: { status: 'INFO', reason: 'Runs on a manual schedule.', check: 'Policy schedule' },
        },
      ],
    },
    { id: 'zone-hr', name: 'hr', source: production, target: dr, policies: [{ id: 'policy-hr', name: 'hr' }] },
    {
      id: 'zone-backup',
      name: 'backup',
      source: dr,
      target: labTwo,
      policies: [{ id: 'policy-backup', name: 'backup-sync' }],
    },
  ],
};

const fixture = useSimulator({ speed: 1, inventory });
const run = (...args: string[]) => fixture.run(args);
/** The query a dry run would send. */
const dryRun = async (...args: string[]) => {
  const result = await run(...args, '--dry-run', '-o', 'json');
  expect(result.stderr).not.toMatch(/^eyeglass:/m);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).query as Record<string, unknown>;
};

describe('discovery', () => {
  test('nodes lists every cluster as a table, or as the API answer with --output json', async () => {
    const table = await run('nodes');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+ID\s+IP$/);
    expect(table.stdout).toMatch(new RegExp(`^lab\\s+${labTwo}\\s+10\\.0\\.0\\.4$`, 'm'));
    const json = await run('nodes', '--output', 'json');
    expect(JSON.parse(json.stdout)).toEqual(inventory.nodes);
    expect(json.stderr).toBe('');
  });

  test('zones shows readiness with its reasons under the zone, and the policies of each zone', async () => {
    const result = await run('zones', 'production');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const twin = lines.findIndex((line) => /^twin\s+WARNING\s+twin-a\s+zone-twin-1$/.test(line));
    expect(twin).toBeGreaterThan(0);
    expect(lines[twin + 1]).toMatch(/^\s+└ Quotas: Quota domain missing on target\.$/);
    expect(result.stdout).toMatch(/^twin\s+INFO\s+twin-a\s+zone-twin-2$/m);
    expect(result.stdout).toMatch(/└ SyncIQ policies › twin-a: Runs on a manual schedule\./);
  });

  test('policies and pools take a cluster by id as well as by name', async () => {
    const policies = await run('policies', dr);
    expect(policies.stdout).toMatch(/^finance-sync\s+OK\s+finance\s+dr\s+policy-finance-sync$/m);
    expect(policies.stdout).toMatch(/^backup-sync\s+OK\s+backup\s+lab\s+policy-backup$/m);
    const pools = await run('pools', 'production', '-o', 'json');
    expect(JSON.parse(pools.stdout)).toContainEqual(
      expect.objectContaining({ name: 'groupnet0:subnet0:pool-finance', zone: 'finance' }),
    );
  });

  test('an unknown cluster is exit 2 naming the clusters there are', async () => {
    const result = await run('zones', 'prod');
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('eyeglass: no cluster prod on this Eyeglass: the clusters are production, dr, lab.\n');
  });
});

describe('name resolution', () => {
  test('cluster and zone names resolve to their ids, in any letter case', async () => {
    const query = await dryRun('failover', 'FINANCE', '--from', 'Production', '--to', 'dr');
    expect(query).toMatchObject({ sourceid: production, targetid: dr, failovertarget: 'zone-finance-dr' });
  });

  test('a zone name on two cluster pairs resolves by --to', async () => {
    const query = await dryRun('failover', 'finance', '--from', 'production', '--to', labOne);
    expect(query).toMatchObject({ targetid: labOne, failovertarget: 'zone-finance-lab' });
  });

  test('policy names resolve to their ids, joined by commas in order', async () => {
    const query = await dryRun('failover', 'finance-sync', '--from', 'production', '--to', 'dr');
    expect(query.failovertarget).toBe('policy-finance-sync');
    expect(query.pool).toBeUndefined();
  });

  test('a pool is found by its last part, within the zone', async () => {
    const query = await dryRun('failover', 'finance', '--from', 'production', '--to', 'dr', '--pool', 'pool-finance');
    expect(query).toMatchObject({ failovertarget: 'zone-finance-dr', pool: 'groupnet0:subnet0:pool-finance' });
  });

  test('a name that is both a zone and a policy is written zone:<name> or policy:<name>', async () => {
    const both = await run('failover', 'hr', '--from', 'production', '--to', 'dr', '--dry-run');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'eyeglass: hr is both an access zone and a SyncIQ policy on production: write zone:hr or policy:hr.\n',
    );
    expect((await dryRun('failover', 'zone:hr', '--from', 'production', '--to', 'dr')).failovertarget).toBe('zone-hr');
    expect((await dryRun('failover', 'policy:hr', '--from', 'production', '--to', 'dr')).failovertarget).toBe(
      'policy-hr',
    );
  });

  test('the same cluster as --from and --to is refused', async () => {
    const result = await run('failover', 'finance', '--from', 'production', '--to', production, '--dry-run');
    expect(result).toMatchObject({ code: 2, stderr: 'eyeglass: --from and --to are the same cluster, production.\n' });
  });

  const refusals: Array<[string, string[], string]> = [
    [
      'an ambiguous cluster name',
      ['failover', 'finance', '--from', 'production', '--to', 'lab'],
      `eyeglass: the cluster name lab is ambiguous: ${labOne}, ${labTwo}. Give its id.\n`,
    ],
    [
      'two zones of one name',
      ['failover', 'twin', '--from', 'production', '--to', 'dr'],
      'eyeglass: twin names 2 access zones on production: give the id.\n  zone-twin-1\n  zone-twin-2\n',
    ],
    [
      'an unknown zone or policy, listing what there is',
      ['failover', 'finanse', '--from', 'production', '--to', 'dr'],
      'eyeglass: no access zone or SyncIQ policy finanse on production.\n' +
        '  Access zones: finance, twin, hr\n' +
        '  SyncIQ policies: finance-sync, finance-lab-sync, twin-a, hr\n',
    ],
    [
      'a zone that does not replicate between the two clusters',
      ['failover', 'backup', '--from', 'dr', '--to', 'production'],
      'eyeglass: the access zone backup of dr does not replicate to production.\n',
    ],
    [
      'a zone with policies',
      ['failover', 'zone:finance', 'finance-sync', '--from', 'production', '--to', 'dr'],
      'eyeglass: give one access zone, or SyncIQ policies of one zone, not both.\n',
    ],
    [
      'policies of two zones',
      ['failover', 'finance-sync', 'policy:hr', '--from', 'production', '--to', 'dr'],
      "eyeglass: the policies belong to several zones (finance, hr): fail over one zone's policies at a time.\n",
    ],
    [
      'an unknown pool',
      ['failover', 'finance', '--from', 'production', '--to', 'dr', '--pool', 'pool-hr'],
      'eyeglass: no SmartConnect pool pool-hr in zone finance on production.\n  Pools: groupnet0:subnet0:pool-finance\n',
    ],
    [
      'a policy name on two zones, for a DR test',
      ['drtest', 'enable', 'twin-a'],
      'eyeglass: twin-a names 2 SyncIQ policies: give the id, or --node.\n  policy-twin-1\n  policy-twin-2\n',
    ],
  ];
  test.each(refusals)('%s is exit 2 with a clear error, before anything is sent', async (_, args, stderr) => {
    const result = await run(...args, '--dry-run');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(stderr);
  });

  test('a DR test resolves the policy on any cluster, or by id', async () => {
    expect(await dryRun('drtest', 'enable', 'finance-sync')).toEqual({
      enable: true,
      policy: 'policy-finance-sync',
      datasync: true,
      configsync: false,
    });
    expect(await dryRun('drtest', 'disable', 'policy-twin-2', '--no-datasync')).toMatchObject({
      enable: false,
      policy: 'policy-twin-2',
      datasync: false,
    });
  });
});

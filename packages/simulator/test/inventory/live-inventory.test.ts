import { describe, expect, it } from 'vitest';
import type { EntityState } from '../../src/domain/entity-state.js';
import { defaultInventory } from '../../src/index.js';
import { LiveInventory } from '../../src/inventory/live-inventory.js';
import { dr, inventoryWith, policyId, production, zoneId } from '../fixtures/inventories.js';

function live(states: Array<[string, EntityState]> = [], inventory = defaultInventory()): LiveInventory {
  return new LiveInventory(inventory, new Map(states));
}

describe('live readiness', () => {
  it('shows the configured readiness until jobs change it', () => {
    const view = live();
    expect(view.zone(zoneId('finance')).failoverReadiness.status).toBe('OK');
    expect(view.zone(zoneId('engineering')).failoverReadiness.status).toBe('WARNING');
    expect(view.policy(policyId('media-assets')).readinessDetail).toEqual([
      {
        name: 'Policy schedule',
        reason: 'The policy runs on a manual schedule.',
        status: { status: 'INFO' },
        statusChildren: [],
      },
    ]);
    // A zone takes the worst of its policies' readiness.
    expect(view.zone(zoneId('media')).failoverReadiness.status).toBe('INFO');
  });

  it('makes a zone ERROR when one of its policies cannot fail over', () => {
    const inventory = inventoryWith((json) => {
      Object.assign(json.zones[0]!.policies[1]!, { readiness: { status: 'DISABLED', reason: 'Policy disabled.' } });
    });
    const view = live([], inventory);
    expect(view.policy(policyId('finance-archive')).failoverReadiness.status).toBe('DISABLED');
    expect(view.zone(zoneId('finance')).failoverReadiness.status).toBe('ERROR');
  });

  const cases: Array<[string, Array<[string, EntityState]>, string, string]> = [
    [
      'one policy of two failed over',
      [[policyId('finance-sync'), { activeNode: dr, mode: 'normal' }]],
      'PARTIALLY_FAILED_OVER',
      'FAILED_OVER',
    ],
    [
      'both policies failed over',
      [
        [policyId('finance-sync'), { activeNode: dr, mode: 'normal' }],
        [policyId('finance-archive'), { activeNode: dr, mode: 'normal' }],
      ],
      'FAILED_OVER',
      'FAILED_OVER',
    ],
    [
      'a zone rehearsal',
      [[zoneId('finance'), { activeNode: production, mode: 'rehearsal' }]],
      'REHEARSAL_ACTIVE',
      'REHEARSAL_ACTIVE',
    ],
    [
      'a DR test of one policy',
      [[policyId('finance-sync'), { activeNode: production, mode: 'dr_test' }]],
      'REHEARSAL_ACTIVE',
      'REHEARSAL_ACTIVE',
    ],
  ];

  it.each(cases)('derives the zone and policy status from %s', (_, states, zoneStatus, policyStatus) => {
    const view = live(states);
    expect(view.zone(zoneId('finance')).failoverReadiness.status).toBe(zoneStatus);
    expect(view.policy(policyId('finance-sync')).failoverReadiness.status).toBe(policyStatus);
  });

  it('recomputes after a state change', () => {
    const view = live();
    expect(view.zone(zoneId('hr')).failoverReadiness.status).toBe('OK');
    view.setState(policyId('hr-data'), { activeNode: dr });
    expect(view.zone(zoneId('hr')).failoverReadiness.status).toBe('FAILED_OVER');
  });

  it('hands out the same frozen views until a state changes, then new ones that show the change', () => {
    const view = live();
    const zones = view.listZones(production, true);
    const policies = view.listPolicies(production, true);
    const pools = view.listPools(production, true);
    expect(view.listZones(production, true)).toBe(zones);
    expect(view.listPolicies(production, true)).toBe(policies);
    expect(view.listPools(production, true)).toBe(pools);
    const hr = view.zone(zoneId('hr'));
    expect(zones).toContain(hr);
    for (const frozen of [hr, hr.readinessDetail, policies[0], pools[0]]) expect(Object.isFrozen(frozen)).toBe(true);
    expect(() => {
      (hr.failoverReadiness as { status: string }).status = 'ERROR';
    }).toThrow(TypeError);

    view.setState(policyId('hr-data'), { activeNode: dr });
    const after = view.listZones(production, true);
    expect(after).not.toBe(zones);
    expect(after.find((zone) => zone.id === zoneId('hr'))?.failoverReadiness?.status).toBe('FAILED_OVER');
    expect(
      view.listPolicies(production, true).find((p) => p.id === policyId('hr-data'))?.failoverReadiness?.status,
    ).toBe('FAILED_OVER');
    // Identity-only lists do not depend on states, and stay equal.
    expect(view.listZones(production, false)).toEqual(zones.map(({ id, name }) => ({ id, name })));
  });

  it('forgets stored states that no longer fit the inventory', () => {
    const view = live([
      ['removed-policy', { activeNode: dr, mode: 'normal' }],
      [policyId('hr-data'), { activeNode: 'elsewhere_00000000000000000000000000000000000', mode: 'normal' }],
    ]);
    expect(view.state(policyId('hr-data'))).toEqual({ activeNode: production, mode: 'normal' });
    expect(view.policy(policyId('hr-data')).failoverReadiness.status).toBe('OK');
  });
});

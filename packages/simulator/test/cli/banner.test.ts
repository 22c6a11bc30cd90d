import { describe, expect, it } from 'vitest';
import { type BannerFacts, startupBanner } from '../../src/cli/banner.js';
import { defaultInventory, type Inventory } from '../../src/index.js';
import { manyZones } from '../fixtures/inventories.js';

const facts = (inventory: Inventory): BannerFacts => ({
  url: 'http://127.0.0.1:8080/sera',
  dbPath: ':memory:',
  recovered: 0,
  speed: 1,
  inventory,
  inventorySource: 'inventory.json',
  apiKeys: { keys: ['igls-configured'] },
});

describe('the start-up banner', () => {
  it('lists every cluster, zone and policy of a small inventory', () => {
    const inventory = defaultInventory();
    const banner = startupBanner(facts(inventory));
    for (const zone of inventory.zones) {
      expect(banner).toContain(zone.id);
      for (const policy of zone.policies) expect(banner).toContain(policy.id);
    }
    expect(banner).not.toContain('more');
  });

  it('summarizes a long inventory instead of overflowing the stack: 100 000 zones', () => {
    const inventory = manyZones(100_000);
    const banner = startupBanner(facts(inventory));
    const lines = banner.split('\n');
    expect(lines.length).toBeLessThan(60);
    expect(banner).toContain(inventory.zones[0]!.id);
    expect(banner).not.toContain(inventory.zones[99_999]!.id);
    expect(banner).toContain('    … and 99 990 more access zones (100 000 in all, listed in inventory.json)');
    expect(banner).toContain('    … and 99 990 more SyncIQ policies (100 000 in all, listed in inventory.json)');
    // The first failover's ids stay there to copy.
    expect(banner).toContain(`failovertarget=${encodeURIComponent(inventory.zones[0]!.id)}`);
  });
});

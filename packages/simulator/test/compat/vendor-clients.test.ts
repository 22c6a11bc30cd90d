/**
 * The vendor's own clients against the simulator: python-requests in the wire shapes of the
 * swagger-codegen Python client and of DR-MCP, over a real socket, with only the base URL and key
 * changed from what they would send an appliance.
 */
import { runVendorClients, type VendorClientMode } from '@eyeglass-jobs/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, defaultInventoryJson } from '../../src/index.js';

const API_KEY = 'igls-vendor-clients';
const [production, dr] = defaultInventoryJson.nodes;
const zone = (name: string) => defaultInventoryJson.zones.find((z) => z.name === name)!;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function run(mode: VendorClientMode) {
  // Speed 200: a zone failover takes a few hundred milliseconds of real time.
  const { app } = await createSimulator({ apiKeys: [API_KEY], speed: 200, validateResponses: true });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  close = () => app.close();
  const result = await runVendorClients(`${origin}/sera`, API_KEY, mode);
  expect(result.failure ?? '', `${JSON.stringify(result.records)}\n${result.stderr}`).toBe('');
  expect(result.ok).toBe(true);
  return result.records;
}

describe("the vendor's clients, unchanged, against the simulator", () => {
  it('a discovery-first script: nodes, zones with readiness, launch, poll, log, readiness after, cancel', async () => {
    const records = await run({ mode: 'discovery' });
    expect(records.map((record) => record.step).filter(Boolean)).toEqual([
      'nodes',
      'zones',
      'failover',
      'log',
      'readiness after',
      'cancel',
    ]);
    expect(records.find((record) => record.step === 'zones')?.readiness).toMatchObject({
      finance: 'OK',
      engineering: 'WARNING',
    });
    expect(records.find((record) => record.step === 'readiness after')).toMatchObject({ finance: 'FAILED_OVER' });
  }, 90_000);

  it('reads in every vendor wire shape get the canonical answer', async () => {
    const records = await run({ mode: 'shapes', nodeId: production!.id });
    expect(records.filter((record) => 'shape' in record)).toHaveLength(8);
  }, 60_000);

  it("every POST and the DELETE in the swagger client's shape, read back through the vendor model", async () => {
    const media = zone('media');
    const records = await run({
      mode: 'launches',
      sourceId: dr!.id,
      targetId: production!.id,
      zoneId: media.id,
      policyId: zone('finance').policies[1]!.id,
    });
    expect(records.filter((record) => 'launch' in record).map((record) => record.status)).toEqual([201, 201, 201, 201]);
  }, 60_000);
});

/**
 * The vendor's own clients against a server built on the stubs (the minimal example): the
 * tolerance for their wire shapes lives in the stubs, so every implementation gets it.
 */
import { runVendorClients, type VendorClientMode } from '@eyeglass-jobs/conformance';
import { createEyeglassJobsServer } from '@eyeglass-jobs/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMinimalHandlers } from '../../examples/minimal.js';

const API_KEY = 'igls-stub-vendor-clients';
const PRODUCTION = 'production_005056b4aa4369988a664106c21f470db369';
const DR = 'dr_005056b4bb5478a99b775217d32f581ec47a';

let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  app = createEyeglassJobsServer({ handlers: createMinimalHandlers(), apiKeys: [API_KEY], validateResponses: true });
  baseUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/sera`;
});
afterAll(() => app.close());

async function run(mode: VendorClientMode) {
  const result = await runVendorClients(baseUrl, API_KEY, mode);
  expect(result.failure ?? '', `${JSON.stringify(result.records)}\n${result.stderr}`).toBe('');
  expect(result.ok).toBe(true);
  return result.records;
}

describe("the vendor's clients against the server stubs", () => {
  it('reads in every vendor wire shape get the canonical answer', async () => {
    const records = await run({ mode: 'shapes', nodeId: PRODUCTION });
    expect(records.filter((record) => 'shape' in record)).toHaveLength(8);
  }, 60_000);

  it("every POST and the DELETE in the swagger client's shape", async () => {
    const records = await run({
      mode: 'launches',
      sourceId: PRODUCTION,
      targetId: DR,
      zoneId: 'finance',
      policyId: 'finance-sync',
    });
    expect(records.filter((record) => 'launch' in record)).toHaveLength(4);
    expect(records.find((record) => 'cancel' in record)).toEqual({ cancel: 200 });
  }, 60_000);
});

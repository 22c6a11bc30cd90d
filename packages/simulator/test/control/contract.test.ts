/**
 * The control API's own contract, through the conformance kit: every answer as the control spec
 * says, its own key only (never the appliance's api_key), and nothing at all unless it is on.
 */
import {
  checkResponse,
  defineContract,
  formatReport,
  injectTarget,
  knownValuesFrom,
  runConformance,
} from '@eyeglass-jobs/conformance';
import '@eyeglass-jobs/conformance/vitest';
import { operations as applianceOperations } from '@eyeglass-jobs/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkControlKey,
  controlDocument,
  controlOperations,
  createSimulator,
  defaultInventory,
  type SimulatorServer,
} from '../../src/index.js';

const contract = defineContract({ document: controlDocument, operations: controlOperations });
const apiKey = 'igls-contract-appliance-key';
const controlKey = 'ctl-contract-control-key';
const inventory = defaultInventory();
const finance = inventory.zones.find((zone) => zone.name === 'finance')!;

let server: SimulatorServer;
beforeAll(async () => {
  server = await createSimulator({
    apiKeys: [apiKey],
    validateResponses: true,
    control: { key: controlKey, clock: 'manual' },
  });
  await server.app.ready();
});
afterAll(() => server.app.close());

const inject = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
) => server.app.inject({ method, url, headers });

describe('the control API', () => {
  it('is served under /control with the key and base path its spec declares', () => {
    expect(contract.basePath).toBe('/control');
    expect(contract.keyHeader).toBe('x-control-key');
  });

  it('answers every valid, invalid and unauthenticated request as its spec says, and refuses the appliance key', async () => {
    const report = await runConformance({
      contract,
      target: injectTarget(server.app),
      apiKey: controlKey,
      foreignKeys: { api_key: apiKey },
      seed: 20_241_128,
      numRuns: 25,
      knownValues: knownValuesFrom({ id: [finance.id, finance.policies[0]!.id, 'snapshot-1'] }),
    });
    expect(report.failures, formatReport(report)).toEqual([]);
    expect(Object.keys(report.byOperation).sort()).toEqual(controlOperations.map((op) => op.operationId).sort());
    expect(report.byKind['auth: the api_key key in api_key']).toBeGreaterThan(0);
    expect(report.byKind['auth: the api_key key in x-control-key']).toBeGreaterThan(0);
    expect(report.byStatus['201']).toBeGreaterThan(0);
  });

  it('refuses the appliance api_key in either header, and the appliance API refuses the control key', async () => {
    const refused: Array<Record<string, string>> = [{ api_key: apiKey }, { 'x-control-key': apiKey }, {}];
    for (const headers of refused) {
      const response = await inject('GET', '/control/v1/status', headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response).toSatisfyOperation('getStatus', contract);
    }
    const appliance = await inject('GET', '/sera/v1/nodes', { api_key: controlKey });
    expect(appliance.statusCode).toBe(403);
    expect(appliance).toSatisfyOperation('listNodes');
    const ok = await inject('GET', '/control/v1/status', { 'x-control-key': controlKey });
    expect(
      checkResponse(
        'getStatus',
        { status: ok.statusCode, headers: { 'content-type': String(ok.headers['content-type']) }, body: ok.body },
        { contract },
      ),
    ).toEqual([]);
  });

  it('serves its spec at /control/openapi.json without a key', async () => {
    const response = await inject('GET', '/control/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(controlDocument);
  });

  it('lists every appliance operation a fault can name, and nothing else', () => {
    const schema = controlDocument.components.schemas.ApplianceOperationId;
    expect([...schema.enum].sort()).toEqual(applianceOperations.map((op) => op.operationId).sort());
  });
});

describe('a simulator without the control API', () => {
  let plain: SimulatorServer;
  beforeAll(async () => {
    plain = await createSimulator({ apiKeys: [apiKey], docsPage: async () => '<html></html>' });
    await plain.app.ready();
  });
  afterAll(() => plain.app.close());

  it('has nothing under /control, whatever the key', async () => {
    for (const url of ['/control/v1/status', '/control/v1/clock', '/control/openapi.json', '/control/docs/']) {
      for (const headers of [{ 'x-control-key': controlKey }, { api_key: apiKey }]) {
        const response = await plain.app.inject({ method: 'GET', url, headers });
        expect(response.statusCode, url).toBe(404);
        expect(response.json()).toEqual({ code: 404, message: `No operation matches GET ${url}.` });
      }
    }
    const reset = await plain.app.inject({
      method: 'POST',
      url: '/control/v1/reset',
      headers: { 'x-control-key': controlKey },
    });
    expect(reset.statusCode).toBe(404);
  });

  it('journals and faults nothing: the appliance API answers as always', async () => {
    const response = await plain.app.inject({ method: 'GET', url: '/sera/v1/nodes', headers: { api_key: apiKey } });
    expect(response.statusCode).toBe(200);
  });
});

describe('the control key', () => {
  it('must differ from every api_key, and be a token', async () => {
    expect(() => checkControlKey(apiKey, [apiKey])).toThrow('The control key must differ from every api_key');
    await expect(createSimulator({ apiKeys: [apiKey], control: { key: apiKey } })).rejects.toThrow(
      'The control key must differ from every api_key',
    );
    await expect(createSimulator({ apiKeys: [apiKey], control: { key: 'two words' } })).rejects.toThrow(
      'without white space',
    );
    await expect(createSimulator({ apiKeys: [apiKey], control: { key: '' } })).rejects.toThrow('non-empty');
  });
});

/**
 * Contract: the example implementation, behind Prism's proxy with `--errors`, answers a request for
 * every operation without a single violation of the spec.
 */

import { createEyeglassJobsServer } from '@eyeglass-jobs/server';
import { type OperationId, operations } from '@eyeglass-jobs/spec';
import { type PrismServer, startPrism } from '@eyeglass-jobs/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMinimalHandlers } from '../examples/minimal.js';

const API_KEY = 'igls-contract';
const SOURCE = 'production_005056b4aa4369988a664106c21f470db369';
const TARGET = 'dr_005056b4bb5478a99b775217d32f581ec47a';

interface Call {
  method: string;
  /** The path under the base path, given the ids created so far. */
  path: (ids: Record<string, string>) => string;
  /** The statuses this call may answer; each is documented by the operation. */
  expect: number;
  /** Stores the id of the job a launch created, under this name. */
  saveId?: string;
  body?: string;
}

/** One request per operation, in an order where every id exists when it is used. */
const calls: Record<OperationId, Call> = {
  launchFailover: {
    method: 'POST',
    path: () => `/v2/jobs/failover?sourceid=${SOURCE}&targetid=${TARGET}&failovertarget=zone-finance&controlled=false`,
    expect: 201,
    saveId: 'failover',
  },
  launchDrTest: { method: 'POST', path: () => '/v2/jobs/failover/drtest?enable=true&policy=finance-sync', expect: 201 },
  launchRehearsal: {
    method: 'POST',
    path: () => `/v2/jobs/failover/rehearsal?enable=true&sourceid=${SOURCE}&targetid=${TARGET}&failovertarget=p1,p2`,
    expect: 201,
  },
  listFailoverJobs: { method: 'GET', path: () => '/v2/jobs/failover?state=running', expect: 200 },
  getFailoverJob: { method: 'GET', path: (ids) => `/v2/jobs/failover/${ids.failover}`, expect: 200 },
  getFailoverJobLog: { method: 'GET', path: (ids) => `/v2/jobs/failover/${ids.failover}/log`, expect: 200 },
  cancelFailoverJob: {
    method: 'DELETE',
    path: (ids) => `/v2/jobs/failover/${ids.failover}`,
    expect: 200,
    body: '{}',
  },
  runReadinessJob: { method: 'POST', path: () => '/v2/jobs/readiness', expect: 201, saveId: 'readiness' },
  listReadinessJobs: { method: 'GET', path: () => '/v2/jobs/readiness', expect: 200 },
  getReadinessJob: { method: 'GET', path: (ids) => `/v2/jobs/readiness/${ids.readiness}`, expect: 200 },
  runReplicationJob: { method: 'POST', path: () => '/v2/jobs/replication', expect: 201, saveId: 'replication' },
  listReplicationJobs: { method: 'GET', path: () => '/v2/jobs/replication?state=finished', expect: 200 },
  getReplicationJob: { method: 'GET', path: (ids) => `/v2/jobs/replication/${ids.replication}`, expect: 200 },
  listNodes: { method: 'GET', path: () => '/v1/nodes', expect: 200 },
  getNode: { method: 'GET', path: () => `/v1/nodes/${SOURCE}`, expect: 200 },
  listNodeZones: { method: 'GET', path: () => `/v1/nodes/${SOURCE}/zones?foReadiness=true`, expect: 200 },
  getNodeZone: { method: 'GET', path: () => `/v1/nodes/${SOURCE}/zones/finance`, expect: 200 },
  listNodePolicies: { method: 'GET', path: () => `/v1/nodes/${SOURCE}/policies`, expect: 200 },
  getNodePolicy: { method: 'GET', path: () => `/v1/nodes/${SOURCE}/policies/finance-sync`, expect: 404 },
  listNodePools: { method: 'GET', path: () => `/v1/nodes/${SOURCE}/pools?foReadiness=false`, expect: 200 },
  getNodePool: { method: 'GET', path: () => `/v1/nodes/${SOURCE}/pools/groupnet0:subnet0:pool-finance`, expect: 404 },
  getHealthcheck: { method: 'GET', path: () => '/v1/healthcheck', expect: 200 },
};

/** Error answers, which must also pass the contract. */
const unhappyCalls: Array<[string, Call]> = [
  ['an unknown failover job', { method: 'GET', path: () => '/v2/jobs/failover/job-unknown', expect: 404 }],
  ['a cancel of a finished job', { method: 'DELETE', path: (ids) => `/v2/jobs/failover/${ids.failover}`, expect: 409 }],
  ['an unknown readiness job', { method: 'GET', path: () => '/v2/jobs/readiness/job-unknown', expect: 404 }],
  ['an unmanaged cluster', { method: 'GET', path: () => '/v1/nodes/nowhere_1/zones', expect: 404 }],
  [
    'a failover from an unmanaged cluster',
    {
      method: 'POST',
      path: () => `/v2/jobs/failover?sourceid=nowhere_1&targetid=${TARGET}&failovertarget=zone-finance`,
      expect: 404,
    },
  ],
];

describe('the example implementation behind prism proxy --errors', () => {
  let app: FastifyInstance;
  let prism: PrismServer;
  const ids: Record<string, string> = {};
  // Set by one test to make a handler break the spec, to show that the proxy notices.
  let breakTheSpec = false;

  beforeAll(async () => {
    const handlers = createMinimalHandlers();
    const getReadinessJob = handlers.getReadinessJob;
    handlers.getReadinessJob = async (input, context) => {
      const result = await getReadinessJob(input, context);
      // A state outside the spec's enum: the serializer lets it through, the proxy must not.
      return breakTheSpec && result.status === 200
        ? { status: 200, body: { ...result.body, state: 'paused' as never } }
        : result;
    };
    // Prism judges the answers here, so the plugin's own response validation stays off.
    app = createEyeglassJobsServer({ handlers, apiKeys: [API_KEY] });
    const upstream = await app.listen({ host: '127.0.0.1', port: 0 });
    prism = await startPrism({ mode: 'proxy', upstream: `${upstream}/sera` });
  });

  afterAll(async () => {
    await prism?.stop();
    await app?.close();
  });

  async function send(call: Call): Promise<Response> {
    const headers: Record<string, string> = { api_key: API_KEY };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${prism.url}${call.path(ids)}`, { method: call.method, headers, body: call.body });
  }

  it('has a request for every operation of the spec', () => {
    expect(Object.keys(calls).sort()).toEqual(operations.map((op) => op.operationId).sort());
  });

  for (const [operationId, call] of Object.entries(calls)) {
    it(`${operationId} answers ${call.expect} with no violation`, async () => {
      const response = await send(call);
      const text = await response.text();
      expect(response.headers.get('sl-violations'), text).toBeNull();
      expect(response.status, `${text}\n${prism.output().slice(-2000)}`).toBe(call.expect);
      if (call.saveId) ids[call.saveId] = (JSON.parse(text) as { id: string }).id;
    });
  }

  for (const [name, call] of unhappyCalls) {
    it(`${name} answers ${call.expect} with an Error body and no violation`, async () => {
      const response = await send(call);
      const text = await response.text();
      expect(response.headers.get('sl-violations'), text).toBeNull();
      expect(response.status, text).toBe(call.expect);
      expect(JSON.parse(text)).toEqual({ code: call.expect, message: expect.any(String) });
    });
  }

  it('reports an answer that breaks the spec, so the checks above can fail', async () => {
    breakTheSpec = true;
    try {
      const response = await send(calls.getReadinessJob);
      const text = await response.text();
      expect(response.status, text).toBe(500);
      expect(text).toMatch(/violation/i);
      expect(text).toMatch(/state/);
    } finally {
      breakTheSpec = false;
    }
  });
});

/**
 * Contract over HTTP: the simulator behind Prism's proxy with `--errors`, a scenario that calls
 * every operation and its error answers, with no violation of the spec. Every answer the
 * simulator gives directly is also checked against the spec (Ajv, JSON Schema 2020-12).
 */
import '@eyeglass-jobs/conformance/vitest';
import { type OperationId, operations } from '@eyeglass-jobs/spec';
import { type PrismServer, startPrism } from '@eyeglass-jobs/test-support';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, createSimulator, defaultInventory, type FakeClock } from '../../src/index.js';

const API_KEY = 'igls-contract0123456789';
const inventory = defaultInventory();
const [production, dr] = inventory.nodes;
const finance = inventory.zones[0]!;
const engineering = inventory.zones[1]!;
const launch = (zone: { id: string }) =>
  `/v2/jobs/failover?sourceid=${production!.id}&targetid=${dr!.id}&failovertarget=${zone.id}`;

interface Step {
  name: string;
  operationId: OperationId;
  method: string;
  path: (ids: Record<string, string>) => string;
  status: number;
  save?: string;
  body?: string;
  /** Moves the simulator's clock before the request, in seconds. */
  advance?: number;
  /** Sent to the simulator itself: Prism's proxy answers an invalid request on its own (422). */
  direct?: boolean;
}

/** A scenario in which every id exists when it is used: the happy path of every operation, then errors. */
const scenario: Step[] = [
  {
    name: 'launch a zone failover',
    operationId: 'launchFailover',
    method: 'POST',
    path: () => launch(finance),
    status: 201,
    save: 'finance',
  },
  {
    name: 'list running failovers',
    operationId: 'listFailoverJobs',
    method: 'GET',
    path: () => '/v2/jobs/failover?state=running',
    status: 200,
    advance: 5,
  },
  {
    name: 'get the running job',
    operationId: 'getFailoverJob',
    method: 'GET',
    path: (ids) => `/v2/jobs/failover/${ids.finance}`,
    status: 200,
  },
  {
    name: 'read its log',
    operationId: 'getFailoverJobLog',
    method: 'GET',
    path: (ids) => `/v2/jobs/failover/${ids.finance}/log`,
    status: 200,
  },
  {
    name: 'a second failover of the same zone conflicts',
    operationId: 'launchFailover',
    method: 'POST',
    path: () => launch(finance),
    status: 409,
  },
  {
    name: 'launch another zone failover',
    operationId: 'launchFailover',
    method: 'POST',
    path: () => launch(engineering),
    status: 201,
    save: 'engineering',
  },
  {
    name: 'cancel it with the empty body',
    operationId: 'cancelFailoverJob',
    method: 'DELETE',
    path: (ids) => `/v2/jobs/failover/${ids.engineering}`,
    status: 200,
    body: '{}',
  },
  {
    name: 'list finished, successful failovers',
    operationId: 'listFailoverJobs',
    method: 'GET',
    path: () => '/v2/jobs/failover?state=finished&success=true',
    status: 200,
    advance: 600,
  },
  {
    name: 'cancelling a finished job conflicts',
    operationId: 'cancelFailoverJob',
    method: 'DELETE',
    path: (ids) => `/v2/jobs/failover/${ids.finance}`,
    status: 409,
  },
  {
    name: 'enter DR test mode',
    operationId: 'launchDrTest',
    method: 'POST',
    path: () => `/v2/jobs/failover/drtest?enable=true&policy=${engineering.policies[0]!.id}`,
    status: 201,
  },
  {
    name: 'enter rehearsal mode',
    operationId: 'launchRehearsal',
    method: 'POST',
    path: () =>
      `/v2/jobs/failover/rehearsal?enable=true&sourceid=${production!.id}&targetid=${dr!.id}&failovertarget=${inventory.zones[2]!.id}`,
    status: 201,
  },
  {
    name: 'run readiness',
    operationId: 'runReadinessJob',
    method: 'POST',
    path: () => '/v2/jobs/readiness',
    status: 201,
    save: 'readiness',
  },
  {
    name: 'a second readiness run conflicts',
    operationId: 'runReadinessJob',
    method: 'POST',
    path: () => '/v2/jobs/readiness',
    status: 409,
  },
  {
    name: 'list readiness jobs',
    operationId: 'listReadinessJobs',
    method: 'GET',
    path: () => '/v2/jobs/readiness?state=all',
    status: 200,
    advance: 120,
  },
  {
    name: 'get the readiness job',
    operationId: 'getReadinessJob',
    method: 'GET',
    path: (ids) => `/v2/jobs/readiness/${ids.readiness}`,
    status: 200,
  },
  {
    name: 'run replication',
    operationId: 'runReplicationJob',
    method: 'POST',
    path: () => '/v2/jobs/replication',
    status: 201,
    save: 'replication',
  },
  {
    name: 'list replication jobs',
    operationId: 'listReplicationJobs',
    method: 'GET',
    path: () => '/v2/jobs/replication?state=running',
    status: 200,
  },
  {
    name: 'get the replication job',
    operationId: 'getReplicationJob',
    method: 'GET',
    path: (ids) => `/v2/jobs/replication/${ids.replication}`,
    status: 200,
  },
  { name: 'list the clusters', operationId: 'listNodes', method: 'GET', path: () => '/v1/nodes', status: 200 },
  {
    name: 'get a cluster',
    operationId: 'getNode',
    method: 'GET',
    path: () => `/v1/nodes/${production!.id}`,
    status: 200,
  },
  {
    name: 'list its zones with readiness, one failed over',
    operationId: 'listNodeZones',
    method: 'GET',
    path: () => `/v1/nodes/${production!.id}/zones?foReadiness=true`,
    status: 200,
  },
  {
    name: 'get a zone by name',
    operationId: 'getNodeZone',
    method: 'GET',
    path: () => `/v1/nodes/${production!.id}/zones/${finance.name}`,
    status: 200,
  },
  {
    name: 'list its policies without readiness',
    operationId: 'listNodePolicies',
    method: 'GET',
    path: () => `/v1/nodes/${production!.id}/policies`,
    status: 200,
  },
  {
    name: 'get a policy by name',
    operationId: 'getNodePolicy',
    method: 'GET',
    path: () => `/v1/nodes/${dr!.id}/policies/${engineering.policies[0]!.name}`,
    status: 200,
  },
  {
    name: 'list its pools with readiness',
    operationId: 'listNodePools',
    method: 'GET',
    path: () => `/v1/nodes/${production!.id}/pools?foReadiness=true`,
    status: 200,
  },
  {
    name: 'get a pool by name',
    operationId: 'getNodePool',
    method: 'GET',
    path: () => `/v1/nodes/${production!.id}/pools/${finance.pools[0]!.id}`,
    status: 200,
  },
  {
    name: 'the health check',
    operationId: 'getHealthcheck',
    method: 'GET',
    path: () => '/v1/healthcheck',
    status: 200,
  },
  {
    name: 'an unknown cluster',
    operationId: 'getNode',
    method: 'GET',
    path: () => '/v1/nodes/nowhere_1',
    status: 404,
  },
  {
    name: 'an unknown failover job',
    operationId: 'getFailoverJob',
    method: 'GET',
    path: () => '/v2/jobs/failover/job-0000000000000000',
    status: 404,
  },
  {
    name: 'the log of an unknown job',
    operationId: 'getFailoverJobLog',
    method: 'GET',
    path: () => '/v2/jobs/failover/job-0000000000000000/log',
    status: 404,
  },
  {
    name: 'an unknown readiness job',
    operationId: 'getReadinessJob',
    method: 'GET',
    path: () => '/v2/jobs/readiness/readiness-000000000000',
    status: 404,
  },
  {
    name: 'an unknown replication job',
    operationId: 'getReplicationJob',
    method: 'GET',
    path: () => '/v2/jobs/replication/replication-000000000000',
    status: 404,
  },
  {
    name: 'an unmanaged source cluster',
    operationId: 'launchFailover',
    method: 'POST',
    path: () => `/v2/jobs/failover?sourceid=nowhere_1&targetid=${dr!.id}&failovertarget=${finance.id}`,
    status: 404,
  },
  {
    name: 'the same cluster as source and target',
    operationId: 'launchFailover',
    method: 'POST',
    path: () => `/v2/jobs/failover?sourceid=${dr!.id}&targetid=${dr!.id}&failovertarget=${finance.id}`,
    status: 400,
  },
  {
    name: 'an unknown DR test policy',
    operationId: 'launchDrTest',
    method: 'POST',
    path: () => '/v2/jobs/failover/drtest?enable=true&policy=nope',
    status: 404,
  },
  {
    name: 'a rehearsal of an unknown zone',
    operationId: 'launchRehearsal',
    method: 'POST',
    path: () =>
      `/v2/jobs/failover/rehearsal?enable=true&sourceid=${production!.id}&targetid=${dr!.id}&failovertarget=nope`,
    status: 404,
  },
  {
    name: 'a state outside the enum',
    operationId: 'listReadinessJobs',
    method: 'GET',
    path: () => '/v2/jobs/readiness?state=done',
    direct: true,
    status: 400,
  },
  {
    name: 'a success filter that is not a boolean',
    operationId: 'listFailoverJobs',
    method: 'GET',
    path: () => '/v2/jobs/failover?success=maybe',
    direct: true,
    status: 400,
  },
  {
    name: 'a cancel of an unknown job',
    operationId: 'cancelFailoverJob',
    method: 'DELETE',
    path: () => '/v2/jobs/failover/job-0000000000000000',
    status: 404,
  },
];

describe('the simulator over HTTP, behind prism proxy --errors', () => {
  let app: FastifyInstance;
  let clock: FakeClock;
  let prism: PrismServer;
  let origin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    clock = createFakeClock();
    ({ app } = await createSimulator({ apiKeys: [API_KEY], dbPath: ':memory:', clock, validateResponses: true }));
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
    prism = await startPrism({ mode: 'proxy', upstream: `${origin}/sera` });
  });
  afterAll(async () => {
    await prism?.stop();
    await app?.close();
  });

  it('calls every operation of the spec', () => {
    expect(new Set(scenario.map((s) => s.operationId))).toEqual(new Set(operations.map((op) => op.operationId)));
  });

  for (const step of scenario) {
    it(`${step.name}: ${step.operationId} answers ${step.status} with no violation`, async () => {
      if (step.advance) clock.advance(step.advance * 1000);
      const headers: Record<string, string> = { api_key: API_KEY };
      if (step.body) headers['content-type'] = 'application/json';
      const base = step.direct ? `${origin}/sera` : prism.url;
      const response = await fetch(`${base}${step.path(ids)}`, { method: step.method, headers, body: step.body });
      const text = await response.text();
      expect(response.headers.get('sl-violations'), text).toBeNull();
      expect(response.status, `${text}\n${prism.output().slice(-1500)}`).toBe(step.status);
      const answer = {
        status: response.status,
        headers: { 'content-type': response.headers.get('content-type') ?? '' },
        body: text,
      };
      expect(answer).toSatisfyOperation(step.operationId);
      if (step.save) ids[step.save] = (JSON.parse(text) as { id: string }).id;
    });
  }

  it('refuses a request without api_key, or with a wrong one, with 403 and an Error body', async () => {
    for (const headers of [{}, { api_key: 'igls-wrong' }, { api_key: '' }]) {
      for (const op of operations) {
        const path = op.path.replace(/\{\w+\}/g, 'job-0000000000000000');
        const response = await app.inject({ method: op.method, url: `/sera${path}`, headers });
        expect(response.statusCode, `${op.operationId} ${JSON.stringify(headers)}`).toBe(403);
        expect(response).toSatisfyOperation(op.operationId);
      }
    }
  });

  it('serves the bundled spec at /sera/openapi.json without a key', async () => {
    const response = await app.inject({ method: 'GET', url: '/sera/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json().paths).toHaveProperty(['/v2/jobs/failover/{id}/log']);
  });
});

import type { Pool, Zone } from '@eyeglass-jobs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { dr, policyId, production, zoneId } from '../fixtures/inventories.js';
import { createdId, createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

async function body<T>(reply: Promise<{ status: number; body: unknown }>): Promise<T> {
  const answered = await reply;
  expect(answered.status, JSON.stringify(answered.body)).toBe(200);
  return answered.body as T;
}

const zonesOf = (node: string, foReadiness = true) =>
  body<Zone[]>(sim.request('listNodeZones', { params: { id: node }, query: { foReadiness } }));
const zoneNamed = (node: string, name: string) =>
  body<Zone>(sim.request('getNodeZone', { params: { id: node, name } }));
const statusOf = (entries: Array<{ name: string; failoverReadiness?: { status: string } }>, name: string) =>
  entries.find((entry) => entry.name === name)?.failoverReadiness?.status;

describe('the inventory API', () => {
  it('lists the managed clusters, and gets one by id', async () => {
    sim = createTestSimulator();
    const nodes = await body<Array<{ id: string; name: string }>>(sim.request('listNodes'));
    expect(nodes.map((node) => node.name)).toEqual(['production', 'dr']);
    expect(await body(sim.request('getNode', { params: { id: dr } }))).toEqual({
      id: dr,
      ip: '10.50.60.70',
      name: 'dr',
    });
  });

  it('lists the zones replicated from or to a cluster, with readiness only when asked for', async () => {
    sim = createTestSimulator();
    const withReadiness = await zonesOf(production);
    expect(withReadiness.map((zone) => zone.name)).toEqual(['finance', 'engineering', 'hr', 'media']);
    expect(statusOf(withReadiness, 'finance')).toBe('OK');
    const bare = await zonesOf(production, false);
    expect(bare[0]).toEqual({ id: zoneId('finance'), name: 'finance' });
    expect(bare.every((zone) => zone.failoverReadiness === undefined && zone.readinessDetail === undefined)).toBe(true);
  });

  it('reads WARNING with its reason for a zone that carries a warning', async () => {
    sim = createTestSimulator();
    const engineering = await zoneNamed(production, 'engineering');
    expect(engineering.failoverReadiness?.status).toBe('WARNING');
    expect(engineering.readinessDetail?.map((detail) => detail.reason)).toContain(
      'SmartConnect zone alias missing on target.',
    );
  });

  it('reads FAILED_OVER on the old source after a zone failover, as the job answer does', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('finance') });
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(true);
    const finance = await zoneNamed(production, 'finance');
    expect(finance.failoverReadiness?.status).toBe('FAILED_OVER');
    expect(finance.failoverReadiness).toEqual(job.failoverTarget.zone.failoverReadiness);
    expect(statusOf(await zonesOf(dr), 'finance')).toBe('FAILED_OVER');
    const policies = await body<Array<{ name: string; failoverReadiness?: { status: string } }>>(
      sim.request('listNodePolicies', { params: { id: production }, query: { foReadiness: true } }),
    );
    expect(statusOf(policies, 'finance-sync')).toBe('FAILED_OVER');
    expect(statusOf(policies, 'hr-data')).toBe('OK');
  });

  it('reads REHEARSAL_ACTIVE while a rehearsal is active, and the job embeds the same readiness', async () => {
    sim = createTestSimulator();
    const id = createdId(
      await sim.request('launchRehearsal', {
        query: { sourceid: production, targetid: dr, failovertarget: zoneId('hr'), enable: true },
      }),
    );
    sim.settle();
    const job = await sim.job(id);
    const hr = await zoneNamed(production, 'hr');
    expect(hr.failoverReadiness?.status).toBe('REHEARSAL_ACTIVE');
    expect(job.failoverTarget.zone.failoverReadiness).toEqual(hr.failoverReadiness);
    const policy = await body<{ failoverReadiness?: { status: string } }>(
      sim.request('getNodePolicy', { params: { id: production, name: 'hr-data' } }),
    );
    expect(policy.failoverReadiness?.status).toBe('REHEARSAL_ACTIVE');
    const pool = await body<Pool>(
      sim.request('getNodePool', { params: { id: production, name: 'groupnet0:subnet0:pool-hr' } }),
    );
    expect(pool).toMatchObject({ name: 'groupnet0:subnet0:pool-hr', zone: 'hr' });
    expect(pool.failoverReadiness?.status).toBe('REHEARSAL_ACTIVE');
  });

  it('gives a pool the readiness of the policies it serves', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: policyId('eng-home'), blockonwarnings: false });
    sim.settle();
    expect((await sim.job(id)).success).toBe(true);
    const pools = await body<Pool[]>(
      sim.request('listNodePools', { params: { id: production }, query: { foReadiness: true } }),
    );
    expect(statusOf(pools, 'groupnet0:subnet0:pool-eng')).toBe('FAILED_OVER');
    expect(statusOf(pools, 'groupnet0:subnet1:pool-eng-ci')).toBe('WARNING');
    expect(statusOf(await zonesOf(production), 'engineering')).toBe('PARTIALLY_FAILED_OVER');
  });

  it.each([
    ['getNode', { id: 'nowhere_1' }, 'Cluster nowhere_1 is not managed by this Eyeglass.'],
    ['listNodeZones', { id: 'nowhere_1' }, 'Cluster nowhere_1 is not managed by this Eyeglass.'],
    ['getNodeZone', { id: production, name: 'payroll' }, 'Access zone payroll was not found on cluster production.'],
    ['getNodePolicy', { id: dr, name: 'nope' }, 'SyncIQ policy nope was not found on cluster dr.'],
    ['getNodePool', { id: production, name: 'a:b:c' }, 'SmartConnect pool a:b:c was not found on cluster production.'],
  ] as const)('%s with an unknown id or name answers 404 naming it', async (operation, params, message) => {
    sim = createTestSimulator();
    const reply = await sim.request(operation, { params } as never);
    expect(reply).toEqual({ status: 404, body: { code: 404, message } });
  });

  it('finds a zone by name on either of its clusters', async () => {
    sim = createTestSimulator();
    expect((await zoneNamed(dr, 'finance')).id).toBe(zoneId('finance'));
    expect((await zoneNamed(production, 'media')).id).toBe(zoneId('media'));
  });

  it('answers the health check with the end of the last readiness job', async () => {
    sim = createTestSimulator();
    const before = await body<string>(sim.request('getHealthcheck'));
    expect(before).toMatch(/^\d+$/);
    sim.clock.advance(60_000);
    createdId(await sim.request('runReadinessJob'));
    sim.settle();
    const [job] = await body<Array<{ finished: number }>>(sim.request('listReadinessJobs'));
    const after = await body<string>(sim.request('getHealthcheck'));
    expect(Number(after)).toBe(job!.finished);
    expect(Number(after)).toBeGreaterThan(Number(before));
  });
});

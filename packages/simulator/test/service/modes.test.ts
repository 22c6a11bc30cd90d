import type { Job } from '@eyeglass-jobs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { dr, policyId, production, zoneId } from '../fixtures/inventories.js';
import { createdId, createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

const pair = { sourceid: production, targetid: dr };

async function rehearsal(failovertarget: string, enable: boolean, extra: Record<string, unknown> = {}): Promise<Job> {
  const id = createdId(await sim.request('launchRehearsal', { query: { ...pair, failovertarget, enable, ...extra } }));
  sim.settle();
  return sim.job(id);
}

async function drTest(policy: string, enable: boolean, extra: Record<string, unknown> = {}): Promise<Job> {
  const id = createdId(await sim.request('launchDrTest', { query: { policy, enable, ...extra } }));
  sim.settle();
  return sim.job(id);
}

describe('rehearsal jobs', () => {
  it('enter rehearsal mode for a zone: REHEARSAL_ACTIVE until exited, and listed as failover jobs', async () => {
    sim = createTestSimulator();
    const entered = await rehearsal(zoneId('finance'), true);
    expect(entered).toMatchObject({
      jobType: 'zone_failover',
      jobMode: 'rehearsal',
      success: true,
      name: 'Enter rehearsal mode for zone finance (production → dr)',
    });
    expect(entered.failoverTarget.zone.failoverReadiness.status).toBe('REHEARSAL_ACTIVE');
    expect(entered.failoverTarget.policies.map((policy) => policy.failoverReadiness.status)).toEqual([
      'REHEARSAL_ACTIVE',
      'REHEARSAL_ACTIVE',
    ]);
    expect(entered.failoverTarget.policies[0]!.readinessDetail.map((detail) => detail.name)).toContain(
      'Rehearsal mode',
    );

    const exited = await rehearsal(zoneId('finance'), false);
    expect(exited).toMatchObject({ jobType: 'zone_failover', jobMode: 'rehearsal', success: true });
    expect(exited.jobStatusDetails.childrenDetails.map((step) => step.name)).toEqual([
      'Validate rehearsal',
      'Remove rehearsal SmartConnect aliases',
      'Delete rehearsal shares and exports',
      'Make target read-only',
      'End rehearsal mode',
    ]);
    expect(exited.failoverTarget.zone.failoverReadiness.status).toBe('OK');

    const list = (await sim.request('listFailoverJobs')).body as Job[];
    expect(list.map((job) => job.id)).toEqual([exited.id, entered.id]);
  });

  it('blocks a failover of a zone in rehearsal, and a second rehearsal of it', async () => {
    sim = createTestSimulator();
    await rehearsal(zoneId('finance'), true);
    const failover = await sim.launch({ failovertarget: zoneId('finance') });
    sim.settle();
    expect((await sim.job(failover)).jobStatusDetails.info).toMatch(
      /Rehearsal mode is active for access zone finance: end it first/,
    );
    const twice = await rehearsal(zoneId('finance'), true);
    expect(twice.success).toBe(false);
  });

  it('a policy rehearsal holds only its policies', async () => {
    sim = createTestSimulator();
    const entered = await rehearsal(policyId('finance-sync'), true);
    expect(entered).toMatchObject({ jobType: 'policy_failover', jobMode: 'rehearsal' });
    expect(sim.service.live.policy(policyId('finance-sync')).failoverReadiness.status).toBe('REHEARSAL_ACTIVE');
    expect(sim.service.live.policy(policyId('finance-archive')).failoverReadiness.status).toBe('OK');
    expect(sim.service.live.zone(zoneId('finance')).failoverReadiness.status).toBe('REHEARSAL_ACTIVE');
    expect((await rehearsal(policyId('finance-sync'), false)).success).toBe(true);
    expect(sim.service.live.zone(zoneId('finance')).failoverReadiness.status).toBe('OK');
  });

  it('exiting a rehearsal that is not active fails with a reason', async () => {
    sim = createTestSimulator();
    const exited = await rehearsal(zoneId('hr'), false);
    expect(exited.success).toBe(false);
    expect(exited.jobStatusDetails.info).toMatch(/Rehearsal mode is not active for hr: there is nothing to end/);
  });

  it('refuses pool with policies (400) and an unknown pool (404)', async () => {
    sim = createTestSimulator();
    const withPolicies = await sim.request('launchRehearsal', {
      query: { ...pair, enable: true, failovertarget: policyId('hr-data'), pool: 'groupnet0:subnet0:pool-hr' },
    });
    expect(withPolicies.status).toBe(400);
    const unknownPool = await sim.request('launchRehearsal', {
      query: { ...pair, enable: true, failovertarget: zoneId('hr'), pool: 'groupnet0:subnet0:pool-nope' },
    });
    expect(unknownPool).toEqual({
      status: 404,
      body: { code: 404, message: 'SmartConnect pool groupnet0:subnet0:pool-nope was not found in access zone hr.' },
    });
  });
});

describe('DR test jobs', () => {
  it('enter DR test mode for a policy: REHEARSAL_ACTIVE with a DR test check, then back to OK', async () => {
    sim = createTestSimulator();
    const entered = await drTest(policyId('hr-data'), true);
    expect(entered).toMatchObject({
      jobType: 'policy_failover',
      jobMode: 'dr_test',
      success: true,
      sourceNode: { id: production },
      targetNode: { id: dr },
    });
    const policy = entered.failoverTarget.policies[0]!;
    expect(policy.failoverReadiness.status).toBe('REHEARSAL_ACTIVE');
    expect(policy.readinessDetail).toContainEqual(
      expect.objectContaining({ name: 'DR test mode', status: { status: 'REHEARSAL_ACTIVE' } }),
    );
    const names = entered.jobStatusDetails.childrenDetails.map((step) => [step.name, step.status]);
    expect(names).toEqual([
      ['Validate DR test', 'OK'],
      ['Final data sync', 'OK'],
      ['Configuration sync', 'SKIPPED'],
      ['Make target writable', 'OK'],
      ['Activate DR test mode', 'OK'],
    ]);

    const exited = await drTest(policyId('hr-data'), false, { datasync: false, configsync: true });
    expect(exited.success).toBe(true);
    expect(exited.jobStatusDetails.childrenDetails.map((step) => [step.name, step.status])).toEqual([
      ['Validate DR test', 'OK'],
      ['Make target read-only', 'OK'],
      ['Final data sync', 'SKIPPED'],
      ['Configuration sync', 'OK'],
      ['End DR test mode', 'OK'],
    ]);
    expect(exited.failoverTarget.policies[0]!.failoverReadiness.status).toBe('OK');
  });

  it('runs from the cluster a failed-over policy is active on', async () => {
    sim = createTestSimulator();
    await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    const entered = await drTest(policyId('hr-data'), true);
    expect(entered).toMatchObject({ success: true, sourceNode: { id: dr }, targetNode: { id: production } });
  });

  it('refuses an unknown policy (404) and a policy in a running failover (409)', async () => {
    sim = createTestSimulator();
    expect(await sim.request('launchDrTest', { query: { policy: 'nope', enable: true } })).toEqual({
      status: 404,
      body: { code: 404, message: 'SyncIQ policy nope (policy) was not found.' },
    });
    const failover = await sim.launch({ failovertarget: zoneId('hr') });
    expect(await sim.request('launchDrTest', { query: { policy: policyId('hr-data'), enable: true } })).toEqual({
      status: 409,
      body: { code: 409, message: `SyncIQ policy hr-data is already part of running failover job ${failover}.` },
    });
  });

  it('exiting DR test mode that is not active fails with a reason', async () => {
    sim = createTestSimulator();
    const exited = await drTest(policyId('hr-data'), false);
    expect(exited.success).toBe(false);
    expect(exited.jobStatusDetails.info).toMatch(/DR test mode is not active for hr-data/);
  });
});

import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { failoverTiming, queryDefaults } from '../../src/index.js';
import { dr, inventoryWith, policyId, production, withPolicyFault, zoneId } from '../fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

/** Every step of a tree, depth first. */
function steps(detail: JobStatusDetail): JobStatusDetail[] {
  return [detail, ...detail.childrenDetails.flatMap(steps)];
}

function step(job: Job, name: string): JobStatusDetail {
  const found = steps(job.jobStatusDetails).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No step ${name} in ${job.id}`);
  return found;
}

describe('a zone failover', () => {
  it('walks its steps, grows its log and leaves the zone FAILED_OVER', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('finance') });

    const launched = await sim.job(id);
    expect(launched).toMatchObject({
      jobType: 'zone_failover',
      success: true,
      finished: 0,
      sourceNode: { id: production },
    });
    expect(launched.jobStatusDetails.state).toBe('running');
    expect(launched.failoverTarget.zone.failoverReadiness.status).toBe('OK');
    expect(launched.failoverTarget.policies.map((policy) => policy.name)).toEqual(['finance-sync', 'finance-archive']);
    expect(step(launched, 'Validate failover').state).toBe('running');
    expect(step(launched, 'Final data sync').state).toBe('pending');
    const firstLog = await sim.log(id);

    sim.clock.advance(failoverTiming.validate + failoverTiming.wait + failoverTiming.dataSyncPerPolicy / 2);
    const midway = await sim.job(id);
    expect(step(midway, 'Validate failover')).toMatchObject({ state: 'finished', status: 'OK' });
    expect(step(midway, 'Final data sync')).toMatchObject({ state: 'running', status: '' });
    expect(step(midway, 'Run SyncIQ policy finance-sync').state).toBe('running');
    expect(midway.jobStatusDetails.info).toBe('Final data sync');
    const midLog = await sim.log(id);
    expect(midLog.startsWith(firstLog)).toBe(true);
    expect(midLog.length).toBeGreaterThan(firstLog.length);
    expect(midLog).toMatch(/Run SyncIQ policy finance-sync: started\n$/);

    const elapsed = sim.clock.runUntilIdle();
    const done = await sim.job(id);
    expect(done.success).toBe(true);
    expect(done.jobStatusDetails).toMatchObject({ state: 'finished', status: 'OK' });
    expect(done.finished - done.started).toBeGreaterThan(45_000);
    expect(done.finished - done.started).toBeLessThan(90_000);
    expect(elapsed).toBeGreaterThan(0);
    expect(steps(done.jobStatusDetails).every((detail) => detail.state === 'finished')).toBe(true);
    expect(done.failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
    expect(done.failoverTarget.policies.map((policy) => policy.failoverReadiness.status)).toEqual([
      'FAILED_OVER',
      'FAILED_OVER',
    ]);
    const log = await sim.log(id);
    expect(log.startsWith(midLog)).toBe(true);
    expect(log).toContain('Zone failover finance: finished OK');
    expect(log.split('\n').at(-1)).toBe('');
  });

  it('runs the steps the parameters ask for and skips the others, saying why', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({
      failovertarget: zoneId('finance'),
      configsync: true,
      datasync: false,
      quotasync: false,
      resyncprep: true,
      disablemirror: true,
    });
    sim.settle();
    const job = await sim.job(id);
    expect(step(job, 'Configuration sync').status).toBe('OK');
    expect(step(job, 'Final data sync')).toMatchObject({ status: 'SKIPPED', info: 'datasync is false.' });
    expect(step(job, 'Run SyncIQ policy finance-sync').status).toBe('SKIPPED');
    expect(step(job, 'Quota sync')).toMatchObject({ status: 'SKIPPED', info: 'quotasync is false.' });
    expect(step(job, 'Resync prep').status).toBe('OK');
    expect(step(job, 'Disable mirror policies').status).toBe('OK');
    expect(step(job, 'Disable mirror policy finance-sync_mirror').status).toBe('OK');
    expect(step(job, 'Disconnect SMB sessions')).toMatchObject({
      status: 'SKIPPED',
      info: 'smbdataintegrity is false.',
    });
  });

  it('skips every source-side step when uncontrolled, and does not wait for other jobs', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('finance'), controlled: false, configsync: true });
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(true);
    for (const name of [
      'Wait for other failover jobs',
      'Configuration sync',
      'Final data sync',
      'Prepare source cluster',
      'Resync prep',
    ]) {
      expect(step(job, name).status, name).toBe('SKIPPED');
    }
    expect(step(job, 'Prepare source cluster').info).toMatch(/Uncontrolled/);
    expect(step(job, 'Disable mirror policies').info).toMatch(/resync prep did not run/);
    expect(step(job, 'Make target writable').status).toBe('OK');
    expect(step(job, 'Quota sync').status).toBe('OK');
  });

  it('takes SMB shares offline before the final data sync with smbdataintegrity', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('finance'), smbdataintegrity: true });
    sim.settle();
    const names = (await sim.job(id)).jobStatusDetails.childrenDetails.map((child) => child.name);
    expect(names.indexOf('Prepare source cluster')).toBeLessThan(names.indexOf('Final data sync'));
    const job = await sim.job(id);
    expect(step(job, 'Disconnect SMB sessions').status).toBe('OK');
  });

  it('narrows to one SmartConnect pool and its policies with pool', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({
      failovertarget: zoneId('engineering'),
      pool: 'groupnet0:subnet1:pool-eng-ci',
      blockonwarnings: false,
    });
    sim.settle();
    const job = await sim.job(id);
    expect(job.jobType).toBe('zone_failover');
    expect(job.name).toContain('Pool failover groupnet0:subnet1:pool-eng-ci of zone engineering');
    expect(job.failoverTarget.policies.map((policy) => policy.name)).toEqual(['eng-builds']);
    expect(step(job, 'Fail over networking').childrenDetails.map((child) => child.name)).toEqual([
      'Move SmartConnect zone ci.eng.corp.example.com (groupnet0:subnet1:pool-eng-ci)',
      'Update SPNs and DNS aliases',
    ]);
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('PARTIALLY_FAILED_OVER');
  });

  it('fails back from dr to production once failed over', async () => {
    sim = createTestSimulator();
    sim.settle();
    const out = await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    const back = await sim.request('launchFailover', {
      query: { sourceid: dr, targetid: production, failovertarget: zoneId('hr') },
    });
    expect(back.status).toBe(201);
    sim.settle();
    const job = await sim.job((back.body as { id: string }).id);
    expect(job.success).toBe(true);
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('OK');
    // The first job is finished: it shows the zone as it left it, failed over, not as it is now.
    expect((await sim.job(out)).failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
  });

  it('shows a running job’s readiness as it is now, and a finished job exactly as it was when it finished', async () => {
    sim = createTestSimulator();
    const blocked = await sim.launch({ failovertarget: zoneId('engineering') });
    sim.settle();
    const finished = await sim.job(blocked);
    expect(finished.success).toBe(false);
    expect(finished.failoverTarget.zone.failoverReadiness.status).toBe('WARNING');
    const running = await sim.launch({ failovertarget: zoneId('engineering'), blockonwarnings: false });
    sim.clock.advance(40_000);
    // Other jobs change the zone's readiness; the finished job does not change with it.
    expect((await sim.job(running)).failoverTarget.zone.failoverReadiness.status).toBe('PARTIALLY_FAILED_OVER');
    expect(await sim.job(blocked)).toEqual(finished);
    sim.settle();
    expect((await sim.job(running)).failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
    expect(await sim.job(blocked)).toEqual(finished);
    const [listed] = (await sim.request('listFailoverJobs', { query: { state: 'finished', success: false } }))
      .body as Job[];
    expect(listed).toEqual(finished);
  });

  it('fails validation when the zone is not active on the source cluster', async () => {
    sim = createTestSimulator();
    await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    const again = await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    const job = await sim.job(again);
    expect(job.success).toBe(false);
    expect(step(job, 'Validate failover')).toMatchObject({
      status: 'ERROR',
      info: expect.stringMatching(/active on dr, not on production/),
    });
  });
});

describe('a policy failover', () => {
  it('fails over the listed policies of one zone and leaves the zone partially failed over', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: policyId('finance-archive') });
    const launched = await sim.job(id);
    expect(launched.jobType).toBe('policy_failover');
    expect(launched.failoverTarget.zone.name).toBe('finance');
    expect(launched.failoverTarget.policies.map((policy) => policy.name)).toEqual(['finance-archive']);
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(true);
    expect(step(job, 'Final data sync').childrenDetails.map((child) => child.name)).toEqual([
      'Run SyncIQ policy finance-archive',
    ]);
    expect(job.failoverTarget.policies[0]!.failoverReadiness.status).toBe('FAILED_OVER');
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('PARTIALLY_FAILED_OVER');
  });

  it('takes comma-separated policy ids, with spaces around them', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({
      failovertarget: `${policyId('eng-home')} , ${policyId('eng-builds')}`,
      blockonwarnings: false,
    });
    sim.settle();
    const job = await sim.job(id);
    expect(job.failoverTarget.policies.map((policy) => policy.name)).toEqual(['eng-home', 'eng-builds']);
    expect(job.name).toBe('Policy failover eng-home, eng-builds (production → dr)');
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
  });
});

describe('blockonwarnings', () => {
  it('blocks a target whose readiness is WARNING: success false, with the reason', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('engineering') });
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(false);
    expect(job.jobStatusDetails.status).toBe('ERROR');
    expect(job.jobStatusDetails.info).toMatch(
      /Blocked on warnings: readiness of access zone engineering is WARNING \(SmartConnect zone alias missing on target\.\)/,
    );
    expect(step(job, 'Make target writable').status).toBe('SKIPPED');
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('WARNING');
    expect(await sim.log(id)).toMatch(/ERROR Validate failover: ERROR - Blocked on warnings/);
  });

  it('goes ahead with blockonwarnings=false, with a WARNING validation and success true', async () => {
    sim = createTestSimulator();
    const id = await sim.launch({ failovertarget: zoneId('engineering'), blockonwarnings: false });
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(true);
    expect(step(job, 'Validate failover').status).toBe('WARNING');
    expect(job.jobStatusDetails).toMatchObject({ status: 'WARNING', info: expect.stringMatching(/with 1 warning/) });
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('FAILED_OVER');
  });

  it('does not block on INFO readiness', async () => {
    sim = createTestSimulator();
    const media = await sim.request('launchFailover', {
      query: { sourceid: dr, targetid: production, failovertarget: zoneId('media') },
    });
    sim.settle();
    const job = await sim.job((media.body as { id: string }).id);
    expect(job.success).toBe(true);
    expect(step(job, 'Validate failover').status).toBe('INFO');
  });

  it('always refuses a target whose readiness is ERROR', async () => {
    sim = createTestSimulator({
      inventory: inventoryWith((json) => {
        Object.assign(json.zones[2]!.policies[0]!, {
          readiness: { status: 'ERROR', reason: 'Target path is missing.' },
        });
      }),
    });
    const id = await sim.launch({ failovertarget: zoneId('hr'), blockonwarnings: false });
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(false);
    expect(job.jobStatusDetails.info).toMatch(/readiness of policy hr-data is ERROR \(Target path is missing\.\)/);
  });
});

describe('injected faults', () => {
  it('fails the job at the named step of the faulty policy and rolls back renamed shares', async () => {
    sim = createTestSimulator({
      inventory: withPolicyFault('finance-archive', {
        step: 'Make target writable',
        info: 'SyncIQ failover failed: target is busy.',
      }),
    });
    const id = await sim.launch({ failovertarget: zoneId('finance') });
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(false);
    expect(step(job, 'Allow writes on target for finance-sync').status).toBe('OK');
    expect(step(job, 'Allow writes on target for finance-archive')).toMatchObject({
      status: 'ERROR',
      info: 'SyncIQ failover failed: target is busy.',
    });
    expect(step(job, 'Fail over networking').status).toBe('SKIPPED');
    expect(job.jobStatusDetails.childrenDetails.at(-1)).toMatchObject({
      name: 'Roll back renamed shares',
      status: 'OK',
      state: 'finished',
    });
    expect(job.jobStatusDetails.info).toBe(
      'Failed at step "Allow writes on target for finance-archive": SyncIQ failover failed: target is busy.',
    );
    // One policy moved before the failure.
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('PARTIALLY_FAILED_OVER');
  });

  it('leaves renamed shares alone when rollbackrenamedshares is false', async () => {
    sim = createTestSimulator({ inventory: withPolicyFault('finance-sync', { step: 'Make target writable' }) });
    const id = await sim.launch({ failovertarget: zoneId('finance'), rollbackrenamedshares: false });
    sim.settle();
    const job = await sim.job(id);
    expect(job.jobStatusDetails.childrenDetails.map((child) => child.name)).not.toContain('Roll back renamed shares');
    expect(await sim.log(id)).toContain('left renamed: rollbackrenamedshares is false');
  });

  it('does not roll back when the failure came before any share was renamed', async () => {
    sim = createTestSimulator({ inventory: withPolicyFault('finance-sync', { step: 'Final data sync' }) });
    const id = await sim.launch({ failovertarget: zoneId('finance') });
    sim.settle();
    const job = await sim.job(id);
    expect(step(job, 'Run SyncIQ policy finance-sync').status).toBe('ERROR');
    expect(step(job, 'Run SyncIQ policy finance-archive')).toMatchObject({
      status: 'SKIPPED',
      info: 'Not run: step "Run SyncIQ policy finance-sync" failed.',
    });
    expect(job.jobStatusDetails.childrenDetails.map((child) => child.name)).not.toContain('Roll back renamed shares');
    expect(job.failoverTarget.zone.failoverReadiness.status).toBe('OK');
  });

  it('lets a WARNING fault through with success true', async () => {
    sim = createTestSimulator({
      inventory: withPolicyFault('hr-data', {
        step: 'Resync prep',
        status: 'WARNING',
        info: 'Mirror policy already exists.',
      }),
    });
    const id = await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    const job = await sim.job(id);
    expect(job.success).toBe(true);
    expect(step(job, 'Resync prep for hr-data')).toMatchObject({
      status: 'WARNING',
      info: 'Mirror policy already exists.',
    });
    expect(step(job, 'Resync prep')).toMatchObject({ status: 'WARNING', info: 'Mirror policy already exists.' });
  });

  it('strikes a policy failover of the faulty policy only', async () => {
    sim = createTestSimulator({ inventory: withPolicyFault('finance-sync', { step: 'Final data sync' }) });
    const other = await sim.launch({ failovertarget: policyId('finance-archive') });
    sim.settle();
    expect((await sim.job(other)).success).toBe(true);
  });
});

describe('rollback flag spellings', () => {
  const fault = () => withPolicyFault('finance-sync', { step: 'Make target writable' });

  it('refuses both spellings with different values (400)', async () => {
    sim = createTestSimulator();
    const reply = await sim.request('launchFailover', {
      query: {
        sourceid: production,
        targetid: dr,
        failovertarget: zoneId('finance'),
        rollbackrenamedshares: true,
        rollbackrenameshares: false,
      },
    });
    expect(reply).toEqual({
      status: 400,
      body: {
        code: 400,
        message: expect.stringMatching(/rollbackrenamedshares=true and rollbackrenameshares=false disagree/),
      },
    });
  });

  it('accepts both spellings with the same value', async () => {
    sim = createTestSimulator({ inventory: fault() });
    const id = await sim.launch({
      failovertarget: zoneId('finance'),
      rollbackrenamedshares: false,
      rollbackrenameshares: false,
    });
    sim.settle();
    expect(await sim.log(id)).toContain('rollbackrenamedshares=false');
  });

  it('honours the older spelling alone when the route layer passes the newer one unset', async () => {
    sim = createTestSimulator({ inventory: fault() });
    const { rollbackrenamedshares: _, ...query } = queryDefaults('launchFailover');
    const reply = await sim.request('launchFailover', {
      raw: true,
      query: {
        ...query,
        sourceid: production,
        targetid: dr,
        failovertarget: zoneId('finance'),
        rollbackrenameshares: false,
      },
    });
    sim.settle();
    expect(await sim.log((reply.body as { id: string }).id)).toContain('left renamed: rollbackrenamedshares is false');
  });
});

describe('job events', () => {
  it('are logged to the given logger when a job is launched and when it finishes', async () => {
    const records: Array<[string, Record<string, unknown>, string]> = [];
    const logger = {
      info: (record: object, message: string) => records.push(['info', record as Record<string, unknown>, message]),
      warn: (record: object, message: string) => records.push(['warn', record as Record<string, unknown>, message]),
    };
    sim = createTestSimulator({ logger });
    const id = await sim.launch({ failovertarget: zoneId('engineering') });
    sim.settle();
    expect(records).toEqual([
      [
        'info',
        { job: id, kind: 'failover', jobType: 'zone_failover', name: 'Zone failover engineering (production → dr)' },
        'job launched',
      ],
      [
        'info',
        {
          job: id,
          kind: 'failover',
          status: 'ERROR',
          info: expect.stringMatching(/^Failed at step "Validate failover"/),
          success: false,
        },
        'job finished',
      ],
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { dr, policyId, production, zoneId } from '../fixtures/inventories.js';
import { createdId, createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';
import { vendorModelViolations } from '../fixtures/vendor-model.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

const pair = { sourceid: production, targetid: dr };

describe("every answer the simulator gives reads in the vendor's strict client", () => {
  it('the checker itself refuses the values the vendor client refuses', () => {
    expect(vendorModelViolations([{ jobType: 'dr_test' }])).toEqual(['body[0].jobType is dr_test']);
    expect(vendorModelViolations({ zone: { failoverReadiness: { status: 'BLOCKED' } } })).toEqual([
      'body.zone.failoverReadiness.status is "BLOCKED"',
    ]);
    expect(vendorModelViolations({ readinessDetail: [{ status: { status: 'UNKNOWN' } }] })).toHaveLength(1);
    expect(vendorModelViolations({ jobType: 'zone_failover', status: 'OK' })).toEqual([]);
  });

  it('jobs of every kind and outcome, in lists and one by one, and the inventory lists', async () => {
    sim = createTestSimulator();
    const launched: string[] = [];
    const launch = async (operation: 'launchFailover' | 'launchRehearsal' | 'launchDrTest', query: object) => {
      launched.push(createdId(await sim.request(operation, { query: query as never })));
      sim.settle();
    };
    await launch('launchFailover', { ...pair, failovertarget: zoneId('finance') });
    await launch('launchFailover', { ...pair, failovertarget: zoneId('engineering') }); // blocked on its warning
    await launch('launchFailover', { ...pair, failovertarget: `${policyId('eng-home')},${policyId('eng-builds')}` });
    await launch('launchFailover', { ...pair, failovertarget: zoneId('hr'), pool: 'groupnet0:subnet0:pool-hr' });
    await launch('launchRehearsal', {
      sourceid: dr,
      targetid: production,
      failovertarget: zoneId('media'),
      enable: true,
    });
    await launch('launchRehearsal', {
      sourceid: dr,
      targetid: production,
      failovertarget: zoneId('media'),
      enable: false,
    });
    await launch('launchDrTest', { policy: policyId('finance-archive'), enable: true });
    await launch('launchDrTest', { policy: policyId('finance-archive'), enable: false });
    // A cancelled job.
    const cancelled = await sim.launch({ failovertarget: zoneId('finance'), controlled: false });
    const cancel = await sim.request('cancelFailoverJob', { params: { id: cancelled } });
    expect(cancel.status).toBe(200);
    sim.settle();
    createdId(await sim.request('runReadinessJob'));
    createdId(await sim.request('runReplicationJob'));
    sim.settle();

    const answers: Array<[string, unknown]> = [
      ['failover list', (await sim.request('listFailoverJobs')).body],
      ['readiness list', (await sim.request('listReadinessJobs')).body],
      ['replication list', (await sim.request('listReplicationJobs')).body],
      ['cancel answer', cancel.body],
    ];
    for (const id of [...launched, cancelled]) answers.push([id, await sim.job(id)]);
    for (const node of [production, dr]) {
      for (const op of ['listNodeZones', 'listNodePolicies', 'listNodePools'] as const) {
        answers.push([
          `${op} ${node}`,
          (await sim.request(op, { params: { id: node }, query: { foReadiness: true } })).body,
        ]);
      }
    }
    const listed = answers[0]![1] as Array<{ jobMode: string; success: boolean }>;
    expect(new Set(listed.map((job) => job.jobMode))).toEqual(new Set(['failover', 'rehearsal', 'dr_test']));
    expect(listed.some((job) => !job.success)).toBe(true);
    for (const [name, answer] of answers) expect(vendorModelViolations(answer), name).toEqual([]);
  });
});

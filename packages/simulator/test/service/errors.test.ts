import { afterEach, describe, expect, it } from 'vitest';
import { dr, inventoryWith, policyId, production, zoneId } from '../fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

const third = 'archive_00aa11bb22cc33dd44ee55ff66778899aabb';

describe('launchFailover refuses what it cannot resolve', () => {
  const cases: Array<[string, Record<string, unknown>, number, string | RegExp]> = [
    ['an unknown sourceid', { sourceid: 'nope_1' }, 404, 'Cluster nope_1 (sourceid) was not found.'],
    ['an unknown targetid', { targetid: 'nope_2' }, 404, 'Cluster nope_2 (targetid) was not found.'],
    [
      'a source equal to the target',
      { targetid: production },
      400,
      /sourceid and targetid are both cluster production/,
    ],
    [
      'an unknown failovertarget',
      { failovertarget: 'zone-nope' },
      404,
      'No access zone or SyncIQ policy has the id zone-nope (failovertarget).',
    ],
    [
      'an unknown policy among known ones',
      { failovertarget: `${policyId('hr-data')},policy-nope` },
      404,
      /policy-nope/,
    ],
    [
      'an empty entry',
      { failovertarget: `${policyId('hr-data')},,${policyId('eng-home')}` },
      400,
      /has an empty entry/,
    ],
    ['a trailing comma', { failovertarget: `${policyId('hr-data')},` }, 400, /has an empty entry/],
    [
      'an id given twice',
      { failovertarget: `${policyId('hr-data')},${policyId('hr-data')}` },
      400,
      `failovertarget names ${policyId('hr-data')} twice.`,
    ],
    [
      'a zone mixed with policies',
      { failovertarget: `${zoneId('hr')},${policyId('hr-data')}` },
      400,
      /mixes access zone .* an access zone fails over on its own/,
    ],
    [
      'policies of two zones',
      { failovertarget: `${policyId('hr-data')},${policyId('eng-home')}` },
      400,
      /policies of 2 access zones \(hr, engineering\)/,
    ],
    [
      'pool with a policy failover',
      { failovertarget: policyId('hr-data'), pool: 'groupnet0:subnet0:pool-hr' },
      400,
      /leave pool out for a policy failover/,
    ],
    [
      'a pool of another zone',
      { failovertarget: zoneId('hr'), pool: 'groupnet0:subnet0:pool-finance' },
      404,
      /pool-finance was not found in access zone hr/,
    ],
  ];

  it.each(cases)('%s', async (_, query, status, message) => {
    sim = createTestSimulator();
    const reply = await sim.request('launchFailover', {
      query: { sourceid: production, targetid: dr, failovertarget: zoneId('hr'), ...query },
    });
    expect(reply.status).toBe(status);
    expect((reply.body as { message: string }).message).toMatch(message);
    expect((await sim.request('listFailoverJobs')).body).toEqual([]);
  });

  it('refuses a zone that does not replicate between the two clusters (400)', async () => {
    sim = createTestSimulator({
      inventory: inventoryWith((json) => {
        json.nodes.push({ id: third, name: 'archive', ip: '10.90.0.1' });
      }),
    });
    const reply = await sim.request('launchFailover', {
      query: { sourceid: production, targetid: third, failovertarget: zoneId('hr') },
    });
    expect(reply).toEqual({
      status: 400,
      body: {
        code: 400,
        message: 'Access zone hr replicates between production and dr, not between production and archive.',
      },
    });
  });
});

describe('launchRehearsal resolves its target like a failover', () => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['an unknown sourceid', { sourceid: 'nope_1' }, 404, 'Cluster nope_1 (sourceid) was not found.'],
    [
      'an unknown failovertarget',
      { failovertarget: 'zone-nope' },
      404,
      'No access zone or SyncIQ policy has the id zone-nope (failovertarget).',
    ],
    [
      'a source equal to the target',
      { sourceid: dr },
      400,
      'sourceid and targetid are both cluster dr: a failover needs two different clusters.',
    ],
  ];

  it.each(cases)('%s', async (_, query, status, message) => {
    sim = createTestSimulator();
    const reply = await sim.request('launchRehearsal', {
      query: { sourceid: production, targetid: dr, failovertarget: zoneId('hr'), enable: true, ...query },
    });
    expect(reply).toEqual({ status, body: { code: status, message } });
  });
});

describe('launching over a zone or policy already in a pending or running job answers 409', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, string]> = [
    [
      'the same zone',
      { failovertarget: zoneId('finance') },
      { failovertarget: zoneId('finance') },
      'Access zone finance',
    ],
    [
      'a policy of a failing-over zone',
      { failovertarget: zoneId('finance') },
      { failovertarget: policyId('finance-sync') },
      'SyncIQ policy finance-sync',
    ],
    [
      'the zone of a failing-over policy',
      { failovertarget: policyId('finance-sync') },
      { failovertarget: zoneId('finance') },
      'SyncIQ policy finance-sync',
    ],
    [
      'a pool of a failing-over zone',
      { failovertarget: zoneId('finance') },
      { failovertarget: zoneId('finance'), pool: 'groupnet0:subnet0:pool-finance' },
      'SmartConnect pool groupnet0:subnet0:pool-finance of zone finance',
    ],
  ];

  it.each(cases)('%s', async (_, first, second, what) => {
    sim = createTestSimulator();
    const holder = await sim.launch(first);
    const reply = await sim.request('launchFailover', { query: { sourceid: production, targetid: dr, ...second } });
    expect(reply).toEqual({
      status: 409,
      body: { code: 409, message: `${what} is already part of running failover job ${holder}.` },
    });
    sim.settle();
    expect(
      (await sim.request('launchFailover', { query: { sourceid: production, targetid: dr, ...second } })).status,
    ).toBe(201);
  });

  it('lets two pools of one zone fail over side by side, and other zones too', async () => {
    sim = createTestSimulator();
    const query = { failovertarget: zoneId('engineering'), blockonwarnings: false };
    const launched = [
      await sim.launch({ ...query, pool: 'groupnet0:subnet0:pool-eng' }),
      await sim.launch({ ...query, pool: 'groupnet0:subnet1:pool-eng-ci' }),
      await sim.launch({ failovertarget: policyId('finance-sync') }),
      await sim.launch({ failovertarget: policyId('finance-archive') }),
    ];
    expect(new Set(launched).size).toBe(4);
    // Accepted together: none is refused as a conflict, and all are unfinished at once.
    const running = await sim.request('listFailoverJobs', { query: { state: 'running' } });
    expect(running.status).toBe(200);
    const ids = (running.body as Array<{ id: string }>).map((job) => job.id);
    expect(ids.sort()).toEqual([...launched].sort());
    sim.settle();
    for (const id of launched) {
      const job = await sim.job(id);
      expect([job.jobStatusDetails.state, job.success], id).toEqual(['finished', true]);
    }
  });

  it('a rehearsal conflicts with a failover of the same zone', async () => {
    sim = createTestSimulator();
    const holder = await sim.launch({ failovertarget: zoneId('hr') });
    const reply = await sim.request('launchRehearsal', {
      query: { sourceid: production, targetid: dr, failovertarget: zoneId('hr'), enable: true },
    });
    expect(reply.status).toBe(409);
    expect((reply.body as { message: string }).message).toContain(holder);
  });
});

describe('unknown job ids answer 404 naming the id', () => {
  const cases = [
    ['getFailoverJob', 'Failover job job-0 was not found.'],
    ['getFailoverJobLog', 'Failover job job-0 was not found.'],
    ['getReadinessJob', 'Readiness job job-0 was not found: only recent jobs are kept.'],
    ['getReplicationJob', 'Replication job job-0 was not found: only recent jobs are kept.'],
  ] as const;

  it.each(cases)('%s', async (operationId, message) => {
    sim = createTestSimulator();
    expect(await sim.request(operationId, { params: { id: 'job-0' } })).toEqual({
      status: 404,
      body: { code: 404, message },
    });
  });

  it('a readiness job id is not a failover job id', async () => {
    sim = createTestSimulator();
    const readiness = await sim.request('runReadinessJob');
    const id = (readiness.body as { id: string }).id;
    expect((await sim.request('getFailoverJob', { params: { id } })).status).toBe(404);
    expect((await sim.request('getReplicationJob', { params: { id } })).status).toBe(404);
  });
});

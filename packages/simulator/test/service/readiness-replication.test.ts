import type { JobStatusDetail } from '@eyeglass-jobs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/index.js';
import { policyId, withPolicyFault, zoneId } from '../fixtures/inventories.js';
import { createdId, createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
afterEach(() => sim?.close());

function steps(detail: JobStatusDetail): JobStatusDetail[] {
  return [detail, ...detail.childrenDetails.flatMap(steps)];
}

function find(detail: JobStatusDetail, name: string): JobStatusDetail {
  const found = steps(detail).find((step) => step.name === name);
  if (!found) throw new Error(`No step ${name}`);
  return found;
}

describe('readiness jobs', () => {
  it('stamp whole milliseconds on a fake clock whose speed does not divide the step times', async () => {
    sim = createTestSimulator({ clock: createFakeClock({ speed: 7 }) });
    const id = createdId(await sim.request('runReadinessJob'));
    sim.clock.advance(1_000);
    sim.settle();
    // Every reply is checked against the spec, whose timestamps are integers.
    const done = await sim.readinessJob(id);
    expect(steps(done).every((step) => Number.isInteger(step.started) && Number.isInteger(step.finished))).toBe(true);
    expect(done.state).toBe('finished');
  });

  it('check every zone, pool and policy and report the readiness the API shows', async () => {
    sim = createTestSimulator();
    const id = createdId(await sim.request('runReadinessJob'));
    const running = await sim.readinessJob(id);
    expect(running).toMatchObject({ id, name: 'Zone readiness', state: 'running', finished: 0 });
    expect(running.childrenDetails.map((zone) => zone.name)).toEqual([
      'Zone finance',
      'Zone engineering',
      'Zone hr',
      'Zone media',
    ]);
    expect(find(running, 'Zone finance').childrenDetails.map((check) => check.name)).toEqual([
      'Access zone configuration',
      'SmartConnect pool groupnet0:subnet0:pool-finance',
      'Policy finance-sync',
      'Policy finance-archive',
    ]);
    sim.settle();
    const done = await sim.readinessJob(id);
    expect(done).toMatchObject({
      state: 'finished',
      status: 'WARNING',
      info: '1 of 4 zones need attention: 1 with warnings.',
    });
    expect(find(done, 'Zone engineering')).toMatchObject({
      status: 'WARNING',
      info: 'WARNING: SmartConnect zone alias missing on target.',
    });
    expect(find(done, 'Policy media-assets')).toMatchObject({
      status: 'INFO',
      info: 'INFO: The policy runs on a manual schedule.',
    });
    expect(find(done, 'Zone finance').status).toBe('OK');
  });

  it('shows a failed-over zone as FAILED_OVER', async () => {
    sim = createTestSimulator();
    await sim.launch({ failovertarget: zoneId('hr') });
    sim.settle();
    const id = createdId(await sim.request('runReadinessJob'));
    sim.settle();
    const done = await sim.readinessJob(id);
    expect(find(done, 'Policy hr-data')).toMatchObject({ status: 'INFO', info: 'FAILED_OVER: Failed over to dr.' });
    expect(find(find(done, 'Zone hr'), 'Access zone configuration')).toMatchObject({
      status: 'INFO',
      info: expect.stringMatching(/^FAILED_OVER/),
    });
  });

  it('checks everything even when a check fails', async () => {
    sim = createTestSimulator({
      inventory: withPolicyFault('finance-sync', {
        step: 'Zone readiness',
        info: 'Policy is disabled on the cluster.',
      }),
    });
    const id = createdId(await sim.request('runReadinessJob'));
    sim.settle();
    const done = await sim.readinessJob(id);
    expect(find(done, 'Policy finance-sync')).toMatchObject({
      status: 'ERROR',
      info: 'Policy is disabled on the cluster.',
    });
    expect(find(done, 'Zone media').state).toBe('finished');
    expect(done).toMatchObject({
      status: 'ERROR',
      info: '2 of 4 zones need attention: 1 with errors, 1 with warnings.',
    });
  });

  it('lists recent jobs newest first, by state; a replication job may run alongside', async () => {
    sim = createTestSimulator();
    const first = createdId(await sim.request('runReadinessJob'));
    // Replication jobs are a different kind and may run alongside.
    expect((await sim.request('runReplicationJob')).status).toBe(201);
    sim.settle();
    const second = createdId(await sim.request('runReadinessJob'));
    const list = (await sim.request('listReadinessJobs')).body as JobStatusDetail[];
    expect(list.map((job) => job.id)).toEqual([second, first]);
    const running = (await sim.request('listReadinessJobs', { query: { state: 'running' } })).body as JobStatusDetail[];
    expect(running.map((job) => job.id)).toEqual([second]);
    const finished = (await sim.request('listReadinessJobs', { query: { state: 'finished' } }))
      .body as JobStatusDetail[];
    expect(finished.map((job) => job.id)).toEqual([first]);
  });
});

describe('replication jobs', () => {
  it('replicate shares, exports, aliases and quotas of every zone from its active cluster', async () => {
    sim = createTestSimulator();
    const id = createdId(await sim.request('runReplicationJob'));
    const running = (await sim.request('getReplicationJob', { params: { id } })).body as JobStatusDetail;
    expect(running).toMatchObject({
      name: 'Configuration replication',
      state: 'running',
      info: 'Replicate SMB shares',
    });
    expect(running.childrenDetails.map((step) => step.name)).toEqual([
      'Replicate SMB shares',
      'Replicate NFS exports',
      'Replicate NFS aliases',
      'Replicate quotas',
    ]);
    expect(running.childrenDetails[0]!.childrenDetails.map((step) => step.name)).toEqual([
      'Zone finance (production → dr)',
      'Zone engineering (production → dr)',
      'Zone hr (production → dr)',
      'Zone media (dr → production)',
    ]);
    sim.settle();
    const done = (await sim.request('getReplicationJob', { params: { id } })).body as JobStatusDetail;
    expect(done).toMatchObject({ state: 'finished', status: 'OK', info: 'Configuration of 4 zones replicated.' });
    expect(await sim.request('runReplicationJob')).toMatchObject({ status: 201 });
  });

  it('replicates a failed-over zone the other way and warns about a partly failed-over one', async () => {
    sim = createTestSimulator();
    await sim.launch({ failovertarget: zoneId('hr') });
    await sim.launch({ failovertarget: policyId('finance-sync') });
    sim.settle();
    const id = createdId(await sim.request('runReplicationJob'));
    sim.settle();
    const done = (await sim.request('getReplicationJob', { params: { id } })).body as JobStatusDetail;
    const shares = done.childrenDetails[0]!.childrenDetails;
    expect(shares.map((step) => [step.name, step.status])).toEqual([
      ['Zone finance (production → dr)', 'WARNING'],
      ['Zone engineering (production → dr)', 'OK'],
      ['Zone hr (dr → production)', 'OK'],
      ['Zone media (dr → production)', 'OK'],
    ]);
    expect(done).toMatchObject({ status: 'WARNING', info: 'Configuration replicated with 0 errors and 4 warnings.' });
    const running = (await sim.request('listReplicationJobs', { query: { state: 'running' } })).body;
    expect(running).toEqual([]);
  });
});

describe('one job of a kind at a time', () => {
  it.each([
    ['runReadinessJob', 'Readiness'],
    ['runReplicationJob', 'Replication'],
  ] as const)('%s while one runs answers 409', async (operationId, kind) => {
    sim = createTestSimulator();
    const first = createdId(await sim.request(operationId));
    expect(await sim.request(operationId)).toEqual({
      status: 409,
      body: { code: 409, message: `${kind} job ${first} is running: only one runs at a time.` },
    });
  });
});

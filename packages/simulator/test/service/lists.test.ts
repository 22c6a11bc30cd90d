import type { Job } from '@eyeglass-jobs/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failoverTiming } from '../../src/index.js';
import { policyId, zoneId } from '../fixtures/inventories.js';
import { createTestSimulator, type TestSimulator } from '../fixtures/test-simulator.js';

let sim: TestSimulator;
const ids: Record<'succeeded' | 'blocked' | 'running' | 'pending', string> = {
  succeeded: '',
  blocked: '',
  running: '',
  pending: '',
};

beforeEach(async () => {
  sim = createTestSimulator();
  ids.succeeded = await sim.launch({ failovertarget: zoneId('hr') });
  sim.settle();
  ids.blocked = await sim.launch({ failovertarget: zoneId('engineering') });
  sim.settle();
  ids.running = await sim.launch({ failovertarget: policyId('finance-sync') });
  // A second controlled failover waits, pending, for the running one.
  ids.pending = await sim.launch({ failovertarget: policyId('finance-archive') });
  sim.clock.advance(failoverTiming.validate);
});
afterEach(() => sim.close());

async function listed(query: Record<string, unknown>): Promise<string[]> {
  const reply = await sim.request('listFailoverJobs', { query });
  return (reply.body as Job[]).map((job) => job.id);
}

describe('listing failover jobs', () => {
  const cases: Array<[string, Record<string, unknown>, Array<keyof typeof ids>]> = [
    ['all, newest first', {}, ['pending', 'running', 'blocked', 'succeeded']],
    ['state=all', { state: 'all' }, ['pending', 'running', 'blocked', 'succeeded']],
    ['state=running: pending and running jobs', { state: 'running' }, ['pending', 'running']],
    ['state=finished', { state: 'finished' }, ['blocked', 'succeeded']],
    ['success=true: no step failed so far', { success: true }, ['pending', 'running', 'succeeded']],
    ['success=false', { success: false }, ['blocked']],
    ['state=finished and success=true', { state: 'finished', success: true }, ['succeeded']],
    ['state=running and success=false', { state: 'running', success: false }, []],
  ];

  it.each(cases)('%s', async (_, query, expected) => {
    expect(await listed(query)).toEqual(expected.map((key) => ids[key]));
  });

  it('shows the pending job as pending, not started', async () => {
    const pending = await sim.job(ids.pending);
    expect(pending).toMatchObject({ started: 0, finished: 0, jobStatusDetails: { state: 'pending', status: '' } });
  });
});

/** The journal: the last requests to the appliance API, so a test can assert what a script sent. */
import { createEyeglassClient } from '@eyeglass-jobs/client';
import { startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RequestJournal } from '../../src/control/journal.js';

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startSimulator({ clock: 'manual', startTime: 1_700_000_000_000 });
});
afterEach(() => sim.close());

it('records method, path, query, operation, status and time, and never a key', async () => {
  const eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  await eg.failover.list({ state: 'finished' });
  await fetch(`${sim.url}/v2/jobs/failover?state=all&state=running&api_key=${sim.apiKey}`, {
    headers: { api_key: sim.apiKey },
  });
  await fetch(`${sim.url}/v9/nowhere?token=secret`, { headers: { api_key: sim.apiKey } });
  await sim.control.getStatus();

  const requests = await sim.control.requests();
  expect(requests).toEqual([
    {
      seq: 1,
      time: 1_700_000_000_000,
      method: 'GET',
      path: '/sera/v2/jobs/failover',
      query: { state: 'finished' },
      operationId: 'listFailoverJobs',
      status: 200,
      fault: null,
      durationMs: expect.any(Number),
    },
    expect.objectContaining({
      seq: 2,
      query: { state: ['all', 'running'], api_key: '[redacted]' },
      operationId: 'listFailoverJobs',
      status: 400,
    }),
    expect.objectContaining({
      seq: 3,
      path: '/sera/v9/nowhere',
      query: { token: '[redacted]' },
      operationId: null,
      status: 404,
    }),
  ]);
  // Requests to the control API are not the appliance's.
  expect(JSON.stringify(requests)).not.toContain(sim.apiKey);
  expect(JSON.stringify(requests)).not.toContain('/control');
});

it('answers the last N requests, of one operation if asked, and empties on request', async () => {
  const eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
  await eg.nodes.list();
  await eg.failover.list();
  await eg.nodes.list();
  await eg.health.check();
  expect((await sim.control.requests({ limit: 2 })).map((r) => r.seq)).toEqual([3, 4]);
  expect((await sim.control.requests({ operation: 'listNodes' })).map((r) => r.seq)).toEqual([1, 3]);
  expect((await sim.control.requests({ operation: 'listNodes', limit: 1 })).map((r) => r.seq)).toEqual([3]);
  await expect(sim.control.requests({ limit: 0 })).rejects.toMatchObject({ status: 400 });
  await sim.control.clearRequests();
  expect(await sim.control.requests()).toEqual([]);
  await eg.nodes.list();
  // Numbers go on: a request seen before the clear is never confused with one after it.
  expect((await sim.control.requests()).map((r) => r.seq)).toEqual([5]);
});

it('keeps the last 1000 requests', () => {
  const journal = new RequestJournal();
  for (let i = 0; i < 1005; i++)
    journal.open({ time: i, method: 'GET', url: '/sera/v1/nodes', operationId: 'listNodes' });
  const kept = journal.list();
  expect(kept).toHaveLength(1000);
  expect(kept[0]!.seq).toBe(6);
  expect(kept.at(-1)!.seq).toBe(1005);
});

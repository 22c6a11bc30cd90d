/**
 * Every kind of fault of the control API, as a script using `@eyeglass-jobs/client` sees it, and
 * the journal's account of what was sent.
 */
import {
  createEyeglassClient,
  EyeglassApiError,
  type EyeglassClient,
  EyeglassNetworkError,
  EyeglassTimeoutError,
} from '@eyeglass-jobs/client';
import { type SimulatorControlError, startSimulator, type TestSimulator } from '@eyeglass-jobs/simulator/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultInventory } from '../../src/index.js';

const finance = defaultInventory().zones.find((zone) => zone.name === 'finance')!;
const launchQuery = { sourceid: finance.source, targetid: finance.target, failovertarget: finance.id };

let sim: TestSimulator;
let eg: EyeglassClient;
beforeEach(async () => {
  sim = await startSimulator({ clock: 'manual' });
  eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
});
afterEach(() => sim.close());

describe('commit-then-drop', () => {
  it('a launch takes effect, the client gets an error with outcomeUnknown, and the journal shows one POST', async () => {
    const fault = await sim.control.injectFault({ operation: 'launchFailover', kind: 'commit-then-drop' });
    expect(fault).toMatchObject({ operation: 'launchFailover', kind: 'commit-then-drop', remaining: 1 });

    const error = await eg.failover.launch(launchQuery).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EyeglassNetworkError);
    expect((error as EyeglassNetworkError).outcomeUnknown).toBe(true);
    expect((error as Error).message).toContain("eg.failover.list({ state: 'running' })");

    const running = await eg.failover.list({ state: 'running' });
    expect(running).toHaveLength(1);
    expect(running[0]!.failoverTarget.zone.id).toBe(finance.id);

    const posts = (await sim.control.requests()).filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      operationId: 'launchFailover',
      path: '/sera/v2/jobs/failover',
      query: launchQuery,
      status: 201,
      fault: 'commit-then-drop',
    });
    expect(await sim.control.listFaults()).toEqual([]);
  });

  it('strikes the next request only: the one after it is answered', async () => {
    await sim.control.injectFault({ operation: 'runReadinessJob', kind: 'commit-then-drop' });
    await expect(eg.readiness.run()).rejects.toBeInstanceOf(EyeglassNetworkError);
    // The first run took effect, so the second is refused as the appliance refuses a second one.
    await expect(eg.readiness.run()).rejects.toMatchObject({ status: 409 });
    const runs = await sim.control.requests({ operation: 'runReadinessJob' });
    expect(runs.map((r) => [r.status, r.fault])).toEqual([
      [201, 'commit-then-drop'],
      [409, null],
    ]);
  });
});

describe('status', () => {
  it('two 503s on a GET are retried, and the call succeeds', async () => {
    const { id } = await eg.failover.launch(launchQuery);
    await sim.control.injectFault({ operation: 'getFailoverJob', kind: 'status', status: 503, times: 2 });
    const job = await eg.failover.get(id);
    expect(job.id).toBe(id);
    const reads = await sim.control.requests({ operation: 'getFailoverJob' });
    expect(reads.map((r) => [r.status, r.fault])).toEqual([
      [503, 'status'],
      [503, 'status'],
      [200, null],
    ]);
  });

  it('answers with the Error body and Retry-After, which the client honours', async () => {
    await sim.control.injectFault({
      operation: 'listNodes',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
      message: 'Slow down.',
    });
    const logged: string[] = [];
    const client = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey, log: (line) => logged.push(line) });
    expect((await client.nodes.list()).length).toBe(2);
    expect(logged.some((line) => /retrying listNodes in 0 ms/.test(line))).toBe(true);

    await sim.control.injectFault({ operation: 'listNodes', kind: 'status', status: 429, retryAfterSeconds: 7 });
    const raw = await fetch(`${sim.url}/v1/nodes`, { headers: { api_key: sim.apiKey } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(await raw.json()).toEqual({ code: 429, message: 'Too many requests: try again later.' });
  });

  it('a launch answered 503 is not acted on, and not sent again', async () => {
    await sim.control.injectFault({ operation: 'launchFailover', kind: 'status', status: 503 });
    const error = await eg.failover.launch(launchQuery).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error).toMatchObject({ status: 503, outcomeUnknown: false });
    expect(await eg.failover.list()).toEqual([]);
    expect(await sim.control.requests({ operation: 'launchFailover' })).toHaveLength(1);
  });
});

describe('latency', () => {
  it('latency beyond the attempt timeout gives a timeout error', async () => {
    await sim.control.injectFault({ operation: 'listFailoverJobs', kind: 'latency', latencyMs: 60_000 });
    const error = await eg.failover.list({}, { timeoutMs: 100, retry: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassTimeoutError);
    expect(error).toMatchObject({ scope: 'attempt', timeoutMs: 100 });
  });

  it('latency within the timeout only delays the answer', async () => {
    await sim.control.injectFault({ operation: 'listFailoverJobs', kind: 'latency', latencyMs: 30 });
    expect(await eg.failover.list()).toEqual([]);
    const [request] = await sim.control.requests();
    expect(request).toMatchObject({ status: 200, fault: 'latency' });
    expect(request!.durationMs).toBeGreaterThanOrEqual(30);
  });

  it('clearFaults leaves a request waiting out its latency to be answered', async () => {
    await sim.control.injectFault({ operation: 'listNodes', kind: 'latency', latencyMs: 300 });
    const pending = eg.nodes.list({ retry: false });
    await expect.poll(async () => (await sim.control.requests()).length).toBe(1);
    await sim.control.clearFaults();
    expect(await pending).toHaveLength(2);
  });

  it('adds its delay before another kind', async () => {
    await sim.control.injectFault({ operation: 'listNodes', kind: 'status', status: 500, latencyMs: 30 });
    await expect(eg.nodes.list()).rejects.toMatchObject({ status: 500 });
    const [request] = await sim.control.requests();
    expect(request!.durationMs).toBeGreaterThanOrEqual(30);
  });
});

describe('reset and hang', () => {
  it('a reset gives a network error', async () => {
    await sim.control.injectFault({ operation: 'getHealthcheck', kind: 'reset' });
    const error = await eg.health.check({ retry: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassNetworkError);
    expect((error as Error).message).toMatch(/ECONNRESET|other side closed|socket/i);
    const [request] = await sim.control.requests();
    expect(request).toMatchObject({ operationId: 'getHealthcheck', status: null, fault: 'reset' });
  });

  it('a reset launch is not acted on, yet the client cannot know: outcomeUnknown', async () => {
    await sim.control.injectFault({ operation: 'launchFailover', kind: 'reset' });
    await expect(eg.failover.launch(launchQuery)).rejects.toMatchObject({
      name: 'EyeglassNetworkError',
      outcomeUnknown: true,
    });
    expect(await eg.failover.list()).toEqual([]);
  });

  it('a reset GET is retried by the client and then answered', async () => {
    await sim.control.injectFault({ operation: 'listNodes', kind: 'reset', times: 2 });
    expect(await eg.nodes.list()).toHaveLength(2);
    expect((await sim.control.requests()).map((r) => r.fault)).toEqual(['reset', 'reset', null]);
  });

  it('a hang gives no answer until the client gives up', async () => {
    await sim.control.injectFault({ operation: 'listReadinessJobs', kind: 'hang' });
    await expect(eg.readiness.list({}, { timeoutMs: 100, retry: false })).rejects.toBeInstanceOf(EyeglassTimeoutError);
    expect(await sim.control.requests()).toMatchObject([{ status: null, fault: 'hang' }]);
    // The journal closes the request once the client has closed the connection.
    await expect.poll(async () => (await sim.control.requests())[0]!.durationMs).not.toBeNull();
  });

  it('clearFaults releases a hanging request: its client sees the connection end', async () => {
    await sim.control.injectFault({ operation: 'listReadinessJobs', kind: 'hang', times: 3 });
    const pending = eg.readiness.list({}, { retry: false }).catch((e: unknown) => e);
    await expect.poll(async () => (await sim.control.requests()).length).toBe(1);
    await sim.control.clearFaults();
    expect(await pending).toBeInstanceOf(EyeglassNetworkError);
    expect(await sim.control.listFaults()).toEqual([]);
    expect(await eg.readiness.list()).toEqual([]);
  });

  it('closing the simulator releases hanging requests', async () => {
    await sim.control.injectFault({ operation: 'listNodes', kind: 'hang' });
    const pending = eg.nodes.list({ retry: false }).catch((e: unknown) => e);
    await expect.poll(async () => (await sim.control.requests()).length).toBe(1);
    await sim.close();
    expect(await pending).toBeInstanceOf(EyeglassNetworkError);
  });
});

describe('faults as data', () => {
  it('strike in the order they were injected, one request each, whatever the key', async () => {
    await sim.control.injectFault({ operation: 'listNodes', kind: 'status', status: 502 });
    await sim.control.injectFault({ operation: 'listNodes', kind: 'status', status: 504 });
    await sim.control.injectFault({ operation: 'getNode', kind: 'status', status: 500 });
    expect((await sim.control.listFaults()).map((f) => [f.id, f.operation, f.status])).toEqual([
      ['fault-1', 'listNodes', 502],
      ['fault-2', 'listNodes', 504],
      ['fault-3', 'getNode', 500],
    ]);
    const first = await fetch(`${sim.url}/v1/nodes`, { headers: { api_key: 'igls-not-a-key' } });
    const second = await fetch(`${sim.url}/v1/nodes`);
    const third = await fetch(`${sim.url}/v1/nodes`, { headers: { api_key: sim.apiKey } });
    expect([first.status, second.status, third.status]).toEqual([502, 504, 200]);
    expect(await sim.control.listFaults()).toMatchObject([{ operation: 'getNode' }]);
  });

  it('refuses fields that do not go with the kind, naming them', async () => {
    const refusal = (body: Parameters<TestSimulator['control']['injectFault']>[0]) =>
      sim.control.injectFault(body).then(
        () => undefined,
        (error: SimulatorControlError) => [error.status, error.apiMessage],
      );
    expect(await refusal({ operation: 'listNodes', kind: 'status' })).toEqual([
      400,
      'Kind status needs status: the HTTP status to answer with, such as 503.',
    ]);
    expect(await refusal({ operation: 'listNodes', kind: 'latency' })).toEqual([
      400,
      'Kind latency needs latencyMs: how many milliseconds to add.',
    ]);
    expect(await refusal({ operation: 'listNodes', kind: 'reset', status: 503 })).toEqual([
      400,
      'status applies only to kind status, not to reset.',
    ]);
    expect(await refusal({ operation: 'listNodes', kind: 'status', status: 500, retryAfterSeconds: 1 })).toEqual([
      400,
      'retryAfterSeconds goes with status 429 or 503, not 500.',
    ]);
    expect(await refusal({ operation: 'launchMissiles' as 'listNodes', kind: 'reset' })).toEqual([
      400,
      expect.stringMatching(/^Request body field 'operation' must be one of: listFailoverJobs, launchFailover/),
    ]);
    expect(await refusal({ operation: 'listNodes', kind: 'reset', times: 0 })).toEqual([
      400,
      "Request body field 'times' must be >= 1.",
    ]);
    expect(await sim.control.listFaults()).toEqual([]);
  });
});

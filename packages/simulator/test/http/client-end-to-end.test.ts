/**
 * The typed client against the simulator over HTTP and HTTPS: launch, wait, read the log, follow
 * it, filter lists, cancel, and the typed errors. The simulator runs on a fake clock, which the
 * client's fetch moves forward on every request, so a minute-long failover passes in a few polls.
 */
import {
  createEyeglassClient,
  EyeglassApiError,
  EyeglassAuthenticationError,
  type EyeglassClient,
  type FetchFunction,
} from '@eyeglass-jobs/client';
import { createNodeFetch } from '@eyeglass-jobs/client/node';
import type { Job } from '@eyeglass-jobs/types';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTls } from '../../src/cli/tls.js';
import { createFakeClock, createSimulator, defaultInventory, type FakeClock } from '../../src/index.js';

const API_KEY = 'igls-endtoend0123456789';
const inventory = defaultInventory();
const [production, dr] = inventory.nodes;
const [finance, engineering, hr] = inventory.zones;
const POLL = { intervalMs: 1, maxIntervalMs: 2, timeoutMs: 20_000 };

/** A fetch that moves the simulator's clock forward before every request. */
function ticking(clock: FakeClock, stepMs: number, base: FetchFunction = fetch): FetchFunction {
  return (input, init) => {
    clock.advance(stepMs);
    return base(input, init);
  };
}

describe('the client against the simulator over HTTP', () => {
  let app: FastifyInstance;
  let clock: FakeClock;
  let eg: EyeglassClient;
  let baseUrl: string;

  beforeAll(async () => {
    clock = createFakeClock();
    ({ app } = await createSimulator({ apiKeys: [API_KEY], dbPath: ':memory:', clock, validateResponses: true }));
    baseUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/sera`;
    eg = createEyeglassClient({ baseUrl, apiKey: API_KEY, fetch: ticking(clock, 5_000) });
  });
  afterAll(async () => {
    await app?.close();
  });

  const launchZone = (zone: { id: string }, options: { controlled?: boolean; blockonwarnings?: boolean } = {}) =>
    eg.failover.launch({ sourceid: production!.id, targetid: dr!.id, failovertarget: zone.id, ...options });

  it('launches a zone failover, reports its progress, and resolves with the finished job', async () => {
    const { id } = await launchZone(finance!);
    const seen: Job[] = [];
    const job = await eg.failover.waitFor(id, { ...POLL, onProgress: (progress) => seen.push(progress) });
    expect(job.id).toBe(id);
    expect(job.jobType).toBe('zone_failover');
    expect(job.jobStatusDetails.state).toBe('finished');
    expect(job.success).toBe(true);
    expect(job.finished).toBeGreaterThanOrEqual(job.started);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.some((progress) => progress.jobStatusDetails.state === 'running')).toBe(true);
    const stepNames = job.jobStatusDetails.childrenDetails.map((step) => step.name);
    expect(stepNames.length).toBeGreaterThan(3);
    const log = await eg.failover.log(id);
    expect(log.split('\n').length).toBeGreaterThan(5);
    expect(log).toContain(id);
  });

  it('finishes a failover of a zone with readiness warnings without success, blocked, by default', async () => {
    const { id } = await launchZone(engineering!);
    const job = await eg.failover.waitFor(id, POLL);
    expect(job.success).toBe(false);
    expect(job.jobStatusDetails.info).toMatch(/Blocked on warnings/);
  });

  it('follows the log: the pieces it yields add up to the whole log', async () => {
    const { id } = await launchZone(engineering!, { controlled: false, blockonwarnings: false });
    const pieces: string[] = [];
    for await (const text of eg.failover.followLog(id, POLL)) pieces.push(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(await eg.failover.log(id));
  });

  it('filters the list by state and success', async () => {
    const { id } = await launchZone(hr!);
    const running = await eg.failover.list({ state: 'running' });
    expect(running.map((job) => job.id)).toContain(id);
    const finished = await eg.failover.list({ state: 'finished', success: true });
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.every((job) => job.jobStatusDetails.state === 'finished' && job.success)).toBe(true);
    expect(finished.map((job) => job.id)).not.toContain(id);
    expect((await eg.failover.list({ state: 'finished', success: false })).map((job) => job.id)).not.toContain(id);
    await eg.failover.cancel(id);
    await eg.failover.waitFor(id, POLL);
  });

  it('cancels a running failover, which then finishes without success', async () => {
    const { id } = await eg.failover.launch({
      sourceid: dr!.id,
      targetid: production!.id,
      failovertarget: finance!.id,
    });
    const answer = await eg.failover.cancel(id);
    expect(answer.id).toBe(id);
    const job = await eg.failover.waitFor(id, POLL);
    expect(job.success).toBe(false);
    const failedOnly = await eg.failover.list({ success: false });
    expect(failedOnly.map((failed) => failed.id)).toContain(id);
  });

  it('runs readiness and replication jobs and waits for them', async () => {
    const readiness = await eg.readiness.run();
    const done = await eg.readiness.waitFor(readiness.id, POLL);
    expect(done.state).toBe('finished');
    expect((await eg.readiness.list({ state: 'finished' })).map((job) => job.id)).toContain(readiness.id);
    const replication = await eg.replication.run();
    expect((await eg.replication.waitFor(replication.id, POLL)).state).toBe('finished');
    expect((await eg.replication.get(replication.id)).id).toBe(replication.id);
  });

  it('surfaces refusals as typed errors', async () => {
    const missing = await eg.failover.get('job-0000000000000000').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(EyeglassApiError);
    expect(missing).toMatchObject({ status: 404, operationId: 'getFailoverJob' });
    const conflict = await eg.readiness
      .run()
      .then(() => eg.readiness.run())
      .catch((error: unknown) => error);
    expect(conflict).toMatchObject({ status: 409 });
    const intruder = createEyeglassClient({ baseUrl, apiKey: 'igls-not-a-key' });
    const refused = await intruder.failover.list().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EyeglassAuthenticationError);
    expect(refused).toMatchObject({ status: 403 });
    expect(String(refused)).not.toContain('igls-not-a-key');
  });
});

describe('the client against the simulator over HTTPS with its self-signed certificate', () => {
  it('connects when given the certificate, and refuses when not', async () => {
    const tls = await loadTls(':memory:', '127.0.0.1');
    const { app } = await createSimulator({ apiKeys: [API_KEY], dbPath: ':memory:', clock: createFakeClock(), tls });
    try {
      const baseUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/sera`;
      expect(baseUrl.startsWith('https://')).toBe(true);
      const trusting = createNodeFetch({ ca: tls.cert });
      const eg = createEyeglassClient({ baseUrl, apiKey: API_KEY, fetch: trusting });
      expect(await eg.failover.list()).toEqual([]);
      trusting.close();
      const strict = createEyeglassClient({ baseUrl, apiKey: API_KEY, retry: { retries: 0 } });
      await expect(strict.failover.list()).rejects.toThrow(/certificate|network/i);
    } finally {
      await app.close();
    }
  });
});

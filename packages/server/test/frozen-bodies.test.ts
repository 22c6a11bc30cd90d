import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { pluginApp, readinessJob, send, zoneFailoverJob } from './fixtures.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** An app whose getFailoverJob and listFailoverJobs answer what `body` returns, counting the calls. */
async function serving(body: { job?: () => Job; list?: () => Job[]; readiness?: () => JobStatusDetail[] }) {
  const app = await pluginApp({
    handlers: {
      getFailoverJob: () => ({ status: 200, body: body.job!() }),
      listFailoverJobs: async () => ({ status: 200, body: body.list!() }),
      listReadinessJobs: async () => ({ status: 200, body: body.readiness!() }),
    },
  });
  apps.push(app);
  return app;
}

describe('frozen bodies', () => {
  it('answers a frozen body with the bytes an unfrozen copy gets, every time', async () => {
    const frozen = deepFreeze(structuredClone(zoneFailoverJob));
    const app = await serving({ job: () => frozen });
    const plain = await serving({ job: () => structuredClone(zoneFailoverJob) });
    const expected = (await send(plain, { url: '/sera/v2/jobs/failover/job-1' })).body;
    for (let i = 0; i < 3; i++) {
      const response = await send(app, { url: '/sera/v2/jobs/failover/job-1' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.body).toBe(expected);
    }
  });

  it('still leaves out properties the spec does not define', async () => {
    const frozen = deepFreeze({ ...structuredClone(zoneFailoverJob), secret: 'x' });
    const app = await serving({ job: () => frozen, list: () => [frozen] });
    expect((await send(app, { url: '/sera/v2/jobs/failover/job-1' })).json()).toEqual(zoneFailoverJob);
    expect((await send(app, { url: '/sera/v2/jobs/failover' })).json()).toEqual([zoneFailoverJob]);
  });

  it('serializes a list mixing frozen and unfrozen items in order, as one JSON array', async () => {
    const frozen = deepFreeze({ ...structuredClone(zoneFailoverJob), id: 'job-frozen' });
    const list = () => [{ ...structuredClone(zoneFailoverJob), id: 'job-fresh' }, frozen, frozen];
    const app = await serving({ list });
    const plain = await serving({ list: () => structuredClone(list()) });
    const expected = (await send(plain, { url: '/sera/v2/jobs/failover' })).body;
    const response = await send(app, { url: '/sera/v2/jobs/failover' });
    expect(response.body).toBe(expected);
    expect((response.json() as Job[]).map((job) => job.id)).toEqual(['job-fresh', 'job-frozen', 'job-frozen']);
  });

  it('keeps the cached bytes apart per schema: a frozen step tree listed as readiness jobs', async () => {
    const frozen = deepFreeze({ ...structuredClone(readinessJob), secret: 'x' });
    const app = await serving({ readiness: () => [frozen] });
    const response = await send(app, { url: '/sera/v2/jobs/readiness' });
    expect(response.json()).toEqual([readinessJob]);
  });

  it('answers an empty list as []', async () => {
    const app = await serving({ list: () => [] });
    expect((await send(app, { url: '/sera/v2/jobs/failover' })).body).toBe('[]');
  });

  it('serializes an unfrozen body anew each time, so changes to it show', async () => {
    const job = { ...structuredClone(zoneFailoverJob), success: true };
    const app = await serving({ job: () => job });
    expect((await send(app, { url: '/sera/v2/jobs/failover/job-1' })).json()).toMatchObject({ success: true });
    job.success = false;
    expect((await send(app, { url: '/sera/v2/jobs/failover/job-1' })).json()).toMatchObject({ success: false });
  });
});

describe('lists of frozen items', () => {
  it('answer the same list again from the same bytes, and a changed list anew', async () => {
    const [first, second] = ['job-1', 'job-2'].map((id) => deepFreeze({ ...structuredClone(zoneFailoverJob), id }));
    let list = [first!, second!];
    const app = await serving({ list: () => [...list] });
    const ids = async () => ((await send(app, { url: '/sera/v2/jobs/failover' })).json() as Job[]).map((job) => job.id);
    expect(await ids()).toEqual(['job-1', 'job-2']);
    expect(await ids()).toEqual(['job-1', 'job-2']);
    list = [second!, first!];
    expect(await ids()).toEqual(['job-2', 'job-1']);
    list = [second!];
    expect(await ids()).toEqual(['job-2']);
    list = [second!, first!, first!];
    expect(await ids()).toEqual(['job-2', 'job-1', 'job-1']);
  });

  it('answer lists that alternate, such as two filters polled in turn, each with its own items', async () => {
    const jobs = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5', 'job-6'].map((id) =>
      deepFreeze({ ...structuredClone(zoneFailoverJob), id }),
    );
    const lists = [[0, 1], [2], [3, 4, 5], [1, 0], [5], [0, 1, 2, 3, 4, 5]].map((picks) => picks.map((i) => jobs[i]!));
    let current = lists[0]!;
    const app = await serving({ list: () => [...current] });
    const ids = async () => ((await send(app, { url: '/sera/v2/jobs/failover' })).json() as Job[]).map((job) => job.id);
    for (let round = 0; round < 3; round++) {
      for (const list of [...lists, lists[0]!, lists[2]!]) {
        current = list;
        expect(await ids()).toEqual(list.map((job) => job.id));
      }
    }
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createEyeglassClient,
  EyeglassAbortError,
  EyeglassApiError,
  EyeglassJobFailedError,
  EyeglassWaitTimeoutError,
  type Job,
  type JobStatusDetail,
} from '../../src/index.js';
import { rejection, settle } from '../support/clock.js';
import { finishedJob, readinessJob, runningJob, withState } from '../support/fixtures.js';
import { errorBody, json, type Reply, scriptedFetch } from '../support/scripted-fetch.js';

function client(...replies: Reply[]) {
  const { fetch, requests } = scriptedFetch(...replies);
  const eg = createEyeglassClient({ baseUrl: 'https://eyeglass.test/sera', apiKey: 'igls-k', fetch, retry: false });
  return { eg, requests, offsets: () => requests.map((r) => r.at - requests[0]!.at) };
}

/** The running job with a different text in its step tree, so that each poll sees a change. */
const progressed = (info: string): Job => {
  const job = runningJob();
  return { ...job, jobStatusDetails: { ...job.jobStatusDetails, info } };
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('failover.waitFor', () => {
  it('polls until the step tree is finished, and resolves with the finished job', async () => {
    const { eg, requests } = client(json(runningJob()), json(runningJob()), json(finishedJob()));
    const result = await settle(eg.failover.waitFor('job-1'));
    expect(result.value).toEqual(finishedJob());
    expect(requests.map((r) => r.url.pathname)).toEqual(Array(3).fill('/sera/v2/jobs/failover/job-1'));
  });

  it('backs off while nothing changes, up to the cap', async () => {
    const { eg, offsets } = client(
      ...Array(6)
        .fill(0)
        .map(() => json(runningJob())),
      json(finishedJob()),
    );
    await settle(eg.failover.waitFor('job-1', { intervalMs: 1000, maxIntervalMs: 3000 }));
    expect(offsets()).toEqual([0, 1000, 2500, 4750, 7750, 10750, 13750]);
  });

  it('polls at the first interval again after a change', async () => {
    const { eg, offsets } = client(
      json(runningJob()),
      json(runningJob()),
      json(runningJob()),
      json(progressed('Fail over networking')),
      json(finishedJob()),
    );
    await settle(eg.failover.waitFor('job-1', { intervalMs: 1000, maxIntervalMs: 10_000 }));
    expect(offsets()).toEqual([0, 1000, 2500, 4750, 5750]);
  });

  it('calls onProgress with the job on the first poll and on each change, not on repeats', async () => {
    const seen: Job[] = [];
    const { eg } = client(json(runningJob()), json(runningJob()), json(progressed('step 2')), json(finishedJob()));
    await settle(eg.failover.waitFor('job-1', { onProgress: (job) => seen.push(job) }));
    expect(seen.map((job) => job.jobStatusDetails.info)).toEqual([
      runningJob().jobStatusDetails.info,
      'step 2',
      finishedJob().jobStatusDetails.info,
    ]);
    expect(seen[0]!.jobStatusDetails.childrenDetails.map((step) => step.state)).toEqual([
      'finished',
      'running',
      'pending',
    ]);
  });

  it('resolves with a job that finished with success false', async () => {
    const failed = withState(runningJob(), 'finished', { success: false });
    const { eg } = client(json(failed));
    await expect(settle(eg.failover.waitFor('job-1'))).resolves.toEqual({ value: failed });
  });

  it('rejects with EyeglassJobFailedError for such a job when asked to', async () => {
    const failed = withState(runningJob(), 'finished', { success: false });
    const { eg } = client(json(failed));
    const error = (await rejection(eg.failover.waitFor('job-1', { throwOnFailure: true }))) as EyeglassJobFailedError;
    expect(error).toBeInstanceOf(EyeglassJobFailedError);
    expect(error.job).toEqual(failed);
    expect(error.jobId).toBe('job-1');
  });

  it('resolves a successful job even when asked to throw on failure', async () => {
    const { eg } = client(json(finishedJob()));
    await expect(settle(eg.failover.waitFor('job-1', { throwOnFailure: true }))).resolves.toEqual({
      value: finishedJob(),
    });
  });

  it('rejects at its time limit with EyeglassWaitTimeoutError carrying the last job seen', async () => {
    const { eg, requests } = client(
      ...Array(10)
        .fill(0)
        .map(() => json(runningJob())),
    );
    const error = (await rejection(
      eg.failover.waitFor('job-1', { timeoutMs: 5000, intervalMs: 1000 }),
    )) as EyeglassWaitTimeoutError<Job>;
    expect(error).toBeInstanceOf(EyeglassWaitTimeoutError);
    expect(error.scope).toBe('wait');
    expect(error.timeoutMs).toBe(5000);
    expect(error.lastJob).toEqual(runningJob());
    expect(requests).toHaveLength(4);
  });

  it('rejects at its time limit while a poll hangs', async () => {
    const { eg } = client(json(runningJob()), 'hang');
    const error = (await rejection(eg.failover.waitFor('job-1', { timeoutMs: 5000 }))) as EyeglassWaitTimeoutError;
    expect(error).toBeInstanceOf(EyeglassWaitTimeoutError);
    expect(error.lastJob).toEqual(runningJob());
  });

  it('rejects with EyeglassAbortError when the signal aborts, between polls or during one', async () => {
    for (const second of [json(runningJob()), 'hang' as const]) {
      const controller = new AbortController();
      const { eg } = client(json(runningJob()), second, json(runningJob()));
      const pending = eg.failover.waitFor('job-1', { signal: controller.signal, intervalMs: 1000 });
      setTimeout(() => controller.abort(), 1500);
      const error = await rejection(pending);
      expect(error).toBeInstanceOf(EyeglassAbortError);
      expect((error as Error).message).toContain('Waiting for job job-1');
    }
  });

  it('rejects with the error of a poll that failed', async () => {
    const { eg } = client(json(runningJob()), errorBody(404, 'Failover job job-1 was not found.'));
    const error = await rejection(eg.failover.waitFor('job-1'));
    expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error).toMatchObject({ status: 404 });
  });

  it('leaves no timer behind', async () => {
    const { eg } = client(json(runningJob()), json(finishedJob()));
    await settle(eg.failover.waitFor('job-1', { timeoutMs: 60_000 }));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('readiness.waitFor and replication.waitFor', () => {
  const step = (state: JobStatusDetail['state'], status: string): JobStatusDetail => ({
    ...readinessJob(),
    state,
    status,
  });

  it('polls until the job itself is finished', async () => {
    const { eg, requests } = client(json(step('running', 'OK')), json(step('finished', 'OK')));
    const result = await settle(eg.readiness.waitFor('readiness-1'));
    expect(result.value).toMatchObject({ state: 'finished' });
    expect(requests.map((r) => r.url.pathname)).toEqual(Array(2).fill('/sera/v2/jobs/readiness/readiness-1'));
  });

  it.each([
    ['ERROR', true],
    ['CANCELLED', true],
    ['WARNING', false],
    ['OK', false],
  ])('treats a job finished with status %s as failed: %s', async (status, failed) => {
    const { eg } = client(json(step('finished', status)));
    const result = await settle(eg.replication.waitFor('replication-1', { throwOnFailure: true }));
    if (failed) expect(result.error).toBeInstanceOf(EyeglassJobFailedError);
    else expect(result.value).toMatchObject({ status });
  });
});

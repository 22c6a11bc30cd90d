import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEyeglassClient, EyeglassAbortError, EyeglassApiError } from '../../src/index.js';
import { settle } from '../support/clock.js';
import { finishedJob, runningJob } from '../support/fixtures.js';
import { errorBody, json, type Reply, routedFetch, text } from '../support/scripted-fetch.js';

/** A failover job whose state and log advance one poll at a time. */
function appliance(polls: Array<{ finished: boolean; log: string | Reply }>) {
  let jobReads = 0;
  let logReads = 0;
  const { fetch, requests } = routedFetch((request) => {
    if (new URL(request.url).pathname.endsWith('/log')) {
      const log = polls[Math.min(logReads++, polls.length - 1)]!.log;
      return typeof log === 'string' ? text(log) : log;
    }
    return json(polls[Math.min(jobReads++, polls.length - 1)]!.finished ? finishedJob() : runningJob());
  });
  const eg = createEyeglassClient({ baseUrl: 'https://eyeglass.test/sera', apiKey: 'igls-k', fetch, retry: false });
  return { eg, requests };
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('failover.followLog', () => {
  it('yields only the new text of each poll, and ends after the text read once the job is finished', async () => {
    const { eg, requests } = appliance([
      { finished: false, log: 'validate: OK\n' },
      { finished: false, log: 'validate: OK\nsync: started\n' },
      { finished: false, log: 'validate: OK\nsync: started\n' },
      { finished: true, log: 'validate: OK\nsync: started\nsync: OK\ndone\n' },
    ]);
    const result = await settle(collect(eg.failover.followLog('job-1')));
    expect(result.value).toEqual(['validate: OK\n', 'sync: started\n', 'sync: OK\ndone\n']);
    expect(requests).toHaveLength(8);
    expect(requests.slice(0, 2).map((r) => r.url.pathname)).toEqual([
      '/sera/v2/jobs/failover/job-1',
      '/sera/v2/jobs/failover/job-1/log',
    ]);
  });

  it('yields nothing for a job already finished with an empty log, and ends', async () => {
    const { eg } = appliance([{ finished: true, log: '' }]);
    await expect(settle(collect(eg.failover.followLog('job-1')))).resolves.toEqual({ value: [] });
  });

  it('yields the whole log again when it has started over', async () => {
    const { eg } = appliance([
      { finished: false, log: 'attempt 1: a long first line\n' },
      { finished: true, log: 'attempt 2\n' },
    ]);
    const result = await settle(collect(eg.failover.followLog('job-1')));
    expect(result.value).toEqual(['attempt 1: a long first line\n', 'attempt 2\n']);
  });

  it('waits longer between polls that bring no new text', async () => {
    const { eg, requests } = appliance([
      { finished: false, log: 'a' },
      { finished: false, log: 'a' },
      { finished: false, log: 'a' },
      { finished: true, log: 'ab' },
    ]);
    await settle(collect(eg.failover.followLog('job-1', { intervalMs: 1000, maxIntervalMs: 5000 })));
    const jobReads = requests.filter((r) => !r.url.pathname.endsWith('/log')).map((r) => r.at - requests[0]!.at);
    expect(jobReads).toEqual([0, 1000, 2500, 4750]);
  });

  it('stops polling when the caller leaves the loop', async () => {
    const { eg, requests } = appliance([{ finished: false, log: 'a' }]);
    const consume = async (): Promise<void> => {
      for await (const _chunk of eg.failover.followLog('job-1')) break;
    };
    await settle(consume());
    expect(requests).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('throws EyeglassAbortError when the signal aborts', async () => {
    const controller = new AbortController();
    const { eg } = appliance([{ finished: false, log: 'a' }]);
    const chunks: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of eg.failover.followLog('job-1', { signal: controller.signal })) chunks.push(chunk);
    };
    setTimeout(() => controller.abort(), 10_000);
    const result = await settle(consume());
    expect(result.error).toBeInstanceOf(EyeglassAbortError);
    expect(chunks).toEqual(['a']);
  });

  it('throws the error of a poll that failed', async () => {
    const { eg } = appliance([{ finished: false, log: errorBody(404, 'Failover job job-1 was not found.') }]);
    const result = await settle(collect(eg.failover.followLog('job-1')));
    expect(result.error).toBeInstanceOf(EyeglassApiError);
  });
});

/** `waitFor`: polls a job until it is finished, reporting each new state of its step tree on the way. */
import { EyeglassJobFailedError, EyeglassWaitTimeoutError } from '../core/errors.js';
import type { RequestOptions } from '../core/types.js';
import type { JobLifecycle } from './job-lifecycle.js';
import { type PollOptions, startPolling } from './polling.js';

export interface WaitOptions<J> extends PollOptions {
  /** Called with the job on the first poll and whenever it has changed since the last one. */
  onProgress?: (job: J) => void;
  /** Reject with EyeglassJobFailedError when the job finishes without success, instead of resolving. */
  throwOnFailure?: boolean;
  /** Options for each poll's request: its timeout, retries and headers. */
  request?: Omit<RequestOptions, 'signal'>;
}

/**
 * Resolves with the finished job, also when it failed (unless `throwOnFailure`). Rejects with
 * EyeglassWaitTimeoutError (carrying the last job seen) at `timeoutMs`, with EyeglassAbortError when
 * `signal` aborts, or with the error of a poll that failed after its own retries.
 */
export async function waitForJob<J>(
  jobId: string,
  getJob: (options: RequestOptions) => Promise<J>,
  lifecycle: JobLifecycle<J>,
  options: WaitOptions<J> = {},
): Promise<J> {
  let lastJob: J | undefined;
  let lastSeen = '';
  const session = startPolling(
    `Waiting for job ${jobId}`,
    options,
    () => new EyeglassWaitTimeoutError(jobId, options.timeoutMs ?? Number.POSITIVE_INFINITY, lastJob),
  );
  try {
    for (;;) {
      const job = await getJob({ ...options.request, signal: session.signal });
      const seen = JSON.stringify(job);
      const changed = seen !== lastSeen;
      lastSeen = seen;
      lastJob = job;
      if (changed) options.onProgress?.(job);
      if (lifecycle.isFinished(job)) {
        const failure = lifecycle.failure(job);
        if (failure !== undefined && options.throwOnFailure) throw new EyeglassJobFailedError(jobId, job, failure);
        return job;
      }
      await session.pause(changed);
    }
  } catch (error) {
    throw session.failure(error);
  } finally {
    session.close();
  }
}

/** `followLog`: yields the new text of a job's log on each poll, until the job is finished. */
import { EyeglassWaitTimeoutError } from '../core/errors.js';
import type { RequestOptions } from '../core/types.js';
import type { JobLifecycle } from './job-lifecycle.js';
import { type PollOptions, startPolling } from './polling.js';

export interface FollowLogOptions extends PollOptions {
  /** Options for each poll's requests: their timeout, retries and headers. */
  request?: Omit<RequestOptions, 'signal'>;
}

/**
 * Each poll reads the job first and its log second, so the log read after the job is seen finished
 * is complete: its text is yielded, then the generator returns. The log only grows; when it is
 * shorter than before, it has started over and all of it is yielded.
 */
export async function* followJobLog<J>(
  jobId: string,
  getJob: (options: RequestOptions) => Promise<J>,
  getLog: (options: RequestOptions) => Promise<string>,
  lifecycle: JobLifecycle<J>,
  options: FollowLogOptions = {},
): AsyncGenerator<string, void, undefined> {
  let lastJob: J | undefined;
  let length = 0;
  const session = startPolling(
    `Following the log of job ${jobId}`,
    options,
    () => new EyeglassWaitTimeoutError(jobId, options.timeoutMs ?? Number.POSITIVE_INFINITY, lastJob),
  );
  const request = { ...options.request, signal: session.signal };
  try {
    for (;;) {
      let text: string;
      try {
        lastJob = await getJob(request);
        text = await getLog(request);
      } catch (error) {
        throw session.failure(error);
      }
      const fresh = text.length >= length ? text.slice(length) : text;
      length = text.length;
      if (fresh) yield fresh;
      if (lifecycle.isFinished(lastJob)) return;
      await session.pause(fresh !== '').catch((error: unknown) => {
        throw session.failure(error);
      });
    }
  } finally {
    session.close();
  }
}

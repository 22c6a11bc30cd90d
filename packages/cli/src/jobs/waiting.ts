/**
 * Waiting on a job with live progress. The wait ends with the job (exit 0 or 1), at `--timeout`
 * (exit 4), or on Ctrl-C (exit 130); the last two stop the wait only, never the job, and say how
 * to resume it and how to cancel the job. Waiting never sends anything but GETs.
 */
import { EyeglassWaitTimeoutError, type Job, type JobStatusDetail, type WaitOptions } from '@eyeglass-jobs/client';
import type { CommandContext } from '../context.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { asCliError } from '../failure.js';
import { formatElapsed } from '../render/duration.js';
import { createProgressView } from '../render/progress.js';
import { type JobFamily, type TrackedJob, track } from './tracked-job.js';

export interface WaitSettings {
  /** Gives up after this long; undefined waits as long as the job runs. */
  timeoutMs?: number;
  /** The first pause between polls. */
  intervalMs: number;
}

export const defaultIntervalMs = 2000;
/** Polls slow down while nothing changes, to this at most, so a long step does not hammer the appliance. */
const maxIntervalMs = 10_000;

/** The commands that follow a job, pick a wait up again, and cancel the job, with aligned labels. */
export function jobHints(id: string, family: JobFamily, waitLabel = 'Resume waiting'): string[] {
  const hints: Array<[string, string]> = [[waitLabel, `eyeglass wait ${id}`]];
  if (family === 'failover')
    hints.push(['Read its log', `eyeglass log ${id} --follow`], ['Cancel the job', `eyeglass cancel ${id}`]);
  const width = Math.max(...hints.map(([label]) => label.length)) + 1;
  return hints.map(([label, command]) => `${`${label}:`.padEnd(width)}  ${command}`);
}

/**
 * Waits until the job is over. `expect` says what counts as success: the job succeeding (the
 * default), or for `cancel --wait`, the job ending cancelled.
 */
export async function waitOnJob(
  context: CommandContext,
  family: JobFamily,
  id: string,
  settings: WaitSettings,
  expect: 'success' | 'cancelled' = 'success',
): Promise<ExitCode> {
  const { output, io, eg } = context;
  const view = createProgressView(output, io.env);
  const controller = new AbortController();
  let interrupted = false;
  let last: TrackedJob | undefined;
  const release = io.onInterrupt(() => {
    interrupted = true;
    controller.abort();
  });
  const waitStarted = Date.now();
  const options = <J extends Job | JobStatusDetail>(wrap: (job: J) => TrackedJob): WaitOptions<J> => ({
    intervalMs: settings.intervalMs,
    maxIntervalMs: Math.max(settings.intervalMs, maxIntervalMs),
    signal: controller.signal,
    ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
    onProgress: (job) => {
      last = wrap(job);
      view.update(last);
    },
  });
  try {
    const job =
      family === 'failover'
        ? track({
            family,
            job: await eg.failover.waitFor(
              id,
              options<Job>((job) => track({ family, job })),
            ),
          })
        : track({
            family,
            job: await eg[family].waitFor(
              id,
              options<JobStatusDetail>((job) => track({ family, job })),
            ),
          });
    view.finish(job);
    output.data(job.raw);
    if (family === 'failover' && !output.json) output.say(`Log: eyeglass log ${id}`);
    if (expect === 'cancelled')
      return job.tree.status.toUpperCase() === 'CANCELLED' ? ExitCode.success : ExitCode.jobFailed;
    return job.succeeded ? ExitCode.success : ExitCode.jobFailed;
  } catch (error) {
    view.stop();
    if (last) output.data(last.raw);
    if (interrupted) {
      output.say();
      output.say(`Stopped waiting after ${formatElapsed(Date.now() - waitStarted)}. Job ${id} goes on in Eyeglass.`);
      for (const hint of jobHints(id, family)) output.say(`  ${hint}`);
      return ExitCode.interrupted;
    }
    if (error instanceof EyeglassWaitTimeoutError) {
      throw new CliError(
        `job ${id} did not finish within ${formatElapsed(settings.timeoutMs ?? 0)}; it goes on in Eyeglass.`,
        ExitCode.waitTimeout,
        jobHints(id, family),
      );
    }
    const failure = asCliError(error);
    throw new CliError(`stopped waiting on job ${id}: ${failure.message}`, failure.exitCode, [
      ...failure.details,
      `The job goes on in Eyeglass. ${jobHints(id, family)[0]}`,
    ]);
  } finally {
    release();
  }
}

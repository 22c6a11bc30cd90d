/**
 * Sending a request that starts a job, the one step that is not safe to repeat. `--dry-run`
 * prints it and sends nothing. A launch is sent exactly once: when it gets no answer, the outcome
 * is unknown (exit 5), and the CLI lists the running jobs that match the target instead of trying
 * again. Ctrl-C while the launch is on the wire waits for its answer, so the job id is not lost.
 */
import type { EyeglassClient, JobCreated } from '@eyeglass-jobs/client';
import type { paths } from '@eyeglass-jobs/types';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { noAnswerReason } from '../failure.js';
import { formatElapsed, formatTime } from '../render/duration.js';
import { formatTable } from '../render/table.js';
import { type JobFamily, type TrackedJob, track } from './tracked-job.js';
import { jobHints, type WaitSettings, waitOnJob } from './waiting.js';

export interface LaunchRequest {
  family: JobFamily;
  /** The operation, as in the spec (`launchFailover`). */
  operation: string;
  method: 'POST';
  path: keyof paths;
  /** The query parameters, as sent. */
  query: Readonly<Record<string, string | boolean | undefined>>;
  /** What is launched, for messages: `the failover of zone finance`. */
  what: string;
  /** Whether a running job is the one this launch may have started. */
  matches(job: TrackedJob): boolean;
  /** Sends it, once. */
  send(eg: EyeglassClient): Promise<JobCreated>;
}

function requestUrl(baseUrl: string, request: LaunchRequest): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) if (value !== undefined) query.set(key, String(value));
  const text = query.toString();
  return `${baseUrl}${request.path}${text ? `?${text}` : ''}`;
}

async function runningJobs(eg: EyeglassClient, family: JobFamily): Promise<TrackedJob[]> {
  if (family === 'failover') return (await eg.failover.list({ state: 'running' })).map((job) => track({ family, job }));
  return (await eg[family].list({ state: 'running' })).map((job) => track({ family, job }));
}

/** Exit 5: says the launch may have happened, and shows the running jobs it may have started. */
async function reportUnknownOutcome(
  context: CommandContext,
  request: LaunchRequest,
  error: unknown,
): Promise<ExitCode> {
  const { output, eg } = context;
  output.error(
    `${request.what} got no answer (${noAnswerReason(error)}): it may have been launched. It was not sent again.`,
  );
  let matching: TrackedJob[] | undefined;
  try {
    matching = (await runningJobs(eg, request.family)).filter((job) => request.matches(job));
  } catch (listError) {
    output.error(`the running jobs could not be listed either (${noAnswerReason(listError)}).`, [
      'Check with: eyeglass jobs --state running',
    ]);
  }
  output.data({
    outcomeUnknown: true,
    operation: request.operation,
    query: request.query,
    runningJobs: matching?.map((job) => job.raw) ?? null,
  });
  if (matching !== undefined && !output.json) {
    if (matching.length === 0) {
      output.say('No running job matches it yet. Look again before launching again: eyeglass jobs --state running');
    } else {
      output.say(`Running jobs that match (${matching.length}):`);
      const rows = matching.map((job) => ({
        cells: [job.id, job.title, job.tree.state, job.started ? formatTime(job.started) : 'not started'],
      }));
      output.table(formatTable(['ID', 'JOB', 'STATE', 'STARTED'], rows, output.style));
      output.say(`Follow one with: eyeglass wait ${matching[0]!.id}`);
    }
  }
  return ExitCode.outcomeUnknown;
}

export interface LaunchSettings {
  dryRun: boolean;
  /** Wait on the job once launched; undefined returns at once. */
  wait?: WaitSettings;
}

export async function launch(
  context: CommandContext,
  request: LaunchRequest,
  settings: LaunchSettings,
): Promise<ExitCode> {
  const { output, io } = context;
  const url = requestUrl(context.connection.baseUrl, request);
  if (settings.dryRun) {
    output.data({ dryRun: true, operation: request.operation, method: request.method, url, query: request.query });
    output.say('Dry run: nothing was sent. The request would be:');
    output.say(`  ${request.method} ${url}`);
    return ExitCode.success;
  }
  let interrupted = false;
  const release = io.onInterrupt(() => {
    interrupted = true;
    output.say('Waiting for the answer to the launch, so that its job id is not lost (Ctrl-C again ends at once).');
  });
  const sent = Date.now();
  let created: JobCreated;
  try {
    created = await request.send(context.eg);
  } catch (error) {
    const outcomeUnknown = (error as { outcomeUnknown?: unknown }).outcomeUnknown === true;
    if (outcomeUnknown) return await reportUnknownOutcome(context, request, error);
    throw error;
  } finally {
    release();
  }
  const { id } = created;
  if (!settings.wait || interrupted) {
    output.data({ id, operation: request.operation, query: request.query });
    output.say(`Launched job ${id} (answered in ${formatElapsed(Date.now() - sent)}).`);
    for (const hint of jobHints(id, request.family, 'Watch it')) output.say(`  ${hint}`);
    return interrupted ? ExitCode.interrupted : ExitCode.success;
  }
  output.say(`Launched job ${id}.`);
  return waitOnJob(context, request.family, id, settings.wait);
}

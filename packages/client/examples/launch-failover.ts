/**
 * Launches a failover, prints each new state of its step tree, then the log, and exits non-zero if
 * the failover did not succeed. Run it against an appliance, or against the Prism mock of the spec:
 *
 *   EYEGLASS_URL=https://eyeglass.example.com/sera EYEGLASS_API_KEY=igls-… \
 *   EYEGLASS_SOURCE=… EYEGLASS_TARGET=… EYEGLASS_FAILOVER_TARGET=… \
 *   node --conditions=@eyeglass-jobs/source --import tsx packages/client/examples/launch-failover.ts
 */
import { createEyeglassClient, EyeglassError, type JobStatusDetail } from '@eyeglass-jobs/client';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

function printSteps(step: JobStatusDetail, depth = 0): void {
  console.log(`${'  '.repeat(depth)}${step.state.padEnd(8)} ${step.status.padEnd(7)} ${step.name}`);
  for (const child of step.childrenDetails) printSteps(child, depth + 1);
}

const eg = createEyeglassClient({ baseUrl: required('EYEGLASS_URL'), apiKey: required('EYEGLASS_API_KEY') });

try {
  const running = await eg.failover.list({ state: 'running' });
  console.log(`${running.length} failover job(s) running`);

  const { id } = await eg.failover.launch({
    sourceid: required('EYEGLASS_SOURCE'),
    targetid: required('EYEGLASS_TARGET'),
    failovertarget: required('EYEGLASS_FAILOVER_TARGET'),
    controlled: true,
  });
  console.log(`launched ${id}`);

  const job = await eg.failover.waitFor(id, {
    timeoutMs: 4 * 60 * 60 * 1000,
    onProgress: (update) => printSteps(update.jobStatusDetails),
  });
  for await (const text of eg.failover.followLog(id)) process.stdout.write(text);
  console.log(job.success ? 'failover succeeded' : `failover failed: ${job.jobStatusDetails.info}`);
  process.exitCode = job.success ? 0 : 1;
} catch (error) {
  // Every client error is an EyeglassError; a launch whose outcome is unknown says how to check.
  if (!(error instanceof EyeglassError)) throw error;
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 2;
}

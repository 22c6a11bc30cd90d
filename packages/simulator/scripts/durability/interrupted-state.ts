/**
 * The state the simulator's README documents for a job that was pending or running when the
 * process stopped, checked from the outside: the step that was running ends ERROR
 * "Interrupted: …", the steps not run end SKIPPED, the root ends ERROR naming the step, at the
 * restart time, a failover job gets `success: false`, and its log ends with that line.
 */
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import type { KnownJob } from './acknowledged-jobs.js';
import type { JobKind } from './request-mix.js';

export const interruptedStepInfo = 'Interrupted: the simulator stopped while this step was running.';
export const notRunInfo = 'Not run: the job was interrupted.';
const summaryPattern =
  /^Interrupted: the simulator stopped (?:while step "(.+)" was running|before the job started)\.$/;

/**
 * When a process stopped. An interrupted job finishes between `from` and `to`: after a kill,
 * between the kill and the moment the next process was ready; after a graceful stop, between
 * the signal and the exit. Jobs ran on their own until `ranUntil`.
 */
export interface StopWindow {
  from: number;
  to: number;
  ranUntil: number;
}

export interface FinishedJob {
  kind: JobKind;
  tree: JobStatusDetail;
  job?: Job;
  log?: string;
}

function flatten(tree: JobStatusDetail): JobStatusDetail[] {
  return [tree, ...tree.childrenDetails.flatMap(flatten)];
}

const within = (at: number, window: StopWindow) => at >= window.from && at <= window.to;

/** Whether a finished job's root says it was interrupted. */
export function wasInterrupted(tree: JobStatusDetail): boolean {
  return summaryPattern.test(tree.info);
}

/** How a job the simulator reports as interrupted breaks the documented state; empty when it does not. */
export function interruptedStateProblems(found: FinishedJob, window: StopWindow, before?: KnownJob): string[] {
  const { tree } = found;
  const id = tree.id;
  const problems: string[] = [];
  const fail = (message: string) => problems.push(`interrupted job ${id}: ${message}`);
  if (tree.state !== 'finished' || tree.status !== 'ERROR')
    fail(`the root is ${tree.state} ${tree.status}, not finished ERROR`);
  const summary = summaryPattern.exec(tree.info);
  if (!summary) fail(`the root's info ${JSON.stringify(tree.info)} does not say it was interrupted`);
  if (!within(tree.finished, window))
    fail(`finished at ${tree.finished}, outside the restart window ${window.from}-${window.to}`);
  const steps = flatten(tree).slice(1);
  const leaves = steps.filter((step) => step.childrenDetails.length === 0);
  for (const step of steps) {
    if (step.state !== 'finished') fail(`step "${step.name}" is still ${step.state}`);
    if (step.info === interruptedStepInfo && (step.status !== 'ERROR' || !within(step.finished, window)))
      fail(`step "${step.name}" is interrupted with status ${step.status} at ${step.finished}`);
    if (step.info === notRunInfo && (step.status !== 'SKIPPED' || !within(step.finished, window)))
      fail(`step "${step.name}" was not run but is ${step.status} at ${step.finished}`);
  }
  const interruptedLeaves = leaves.filter((step) => step.info === interruptedStepInfo);
  const named = summary?.[1];
  if (named === undefined) {
    if (interruptedLeaves.length > 0) fail('it says it never started, yet a step was interrupted');
  } else if (interruptedLeaves.length !== 1 || interruptedLeaves[0]!.name !== named) {
    fail(
      `it names step "${named}", but the interrupted steps are [${interruptedLeaves.map((s) => s.name).join(', ')}]`,
    );
  }
  // What the last sighting before the stop showed: running steps end interrupted or as they
  // finished before the stop; pending ones end not run, or ran before the stop.
  for (const step of steps) {
    const seen = before?.steps.get(step.id);
    if (!seen || seen.state === 'finished') continue;
    const endedBeforeStop =
      step.finished <= window.ranUntil && step.info !== interruptedStepInfo && step.info !== notRunInfo;
    const interruptedNow = step.info === interruptedStepInfo || step.info === notRunInfo;
    if (!endedBeforeStop && !interruptedNow)
      fail(`step "${step.name}", ${seen.state} before the stop, ended ${step.status} ${JSON.stringify(step.info)}`);
    if (seen.state === 'running' && step.info === notRunInfo) fail(`step "${step.name}" was running, not unrun`);
  }
  if (found.kind === 'failover') {
    if (found.job?.success !== false) fail(`success is ${found.job?.success}, not false`);
    if (found.job && found.job.finished !== tree.finished) fail('the Job and its root disagree on when it finished');
    const last = found.log?.trimEnd().split('\n').at(-1);
    const expected = `${new Date(tree.finished).toISOString()} ERROR ${tree.info} The job is finished with success=false.`;
    if (last !== expected) fail(`its log ends with ${JSON.stringify(last)}, not ${JSON.stringify(expected)}`);
    if (!found.log?.endsWith('\n')) fail('its log does not end with a newline');
  }
  return problems;
}

/** How a job that was unfinished before the stop, and not reported interrupted, breaks "it finished on its own before the stop". */
export function finishedBeforeStopProblems(found: FinishedJob, window: StopWindow): string[] {
  const { tree } = found;
  if (tree.state !== 'finished') return [`job ${tree.id} is still ${tree.state} after the restart`];
  if (wasInterrupted(tree)) return [`job ${tree.id} is interrupted, but the simulator did not report it so`];
  if (tree.finished > window.ranUntil)
    return [`job ${tree.id} finished at ${tree.finished}, after the process stopped at ${window.ranUntil}`];
  return [];
}

/**
 * What becomes of the jobs that were pending or running when the simulator process died. They
 * cannot go on (their timers died with it), so at start-up each is finished as it stands: the
 * step that was running ends ERROR "Interrupted", the steps not yet run end SKIPPED, a failover
 * job gets `success: false`, and its log says what happened. Inventory changes its finished
 * steps made (a policy already failed over) stay, as they would on real clusters.
 */
import type { JobRecord, StepRecord } from '../domain/job.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import type { JobStore } from '../store/job-store.js';
import { logLine } from './job-run.js';
import { type SubjectSnapshot, subjectNow } from './targets.js';

const interruptedInfo = 'Interrupted: the simulator stopped while this step was running.';
const notRunInfo = 'Not run: the job was interrupted.';

function interrupt(job: JobRecord, now: number): { steps: StepRecord[]; summary: string } {
  const running = job.steps.filter((step) => step.ord !== 0 && step.state === 'running');
  const current = running.at(-1);
  const steps = job.steps
    .filter((step) => step.ord !== 0 && step.state !== 'finished')
    .map((step) => ({
      ...step,
      state: 'finished' as const,
      status: step.state === 'running' ? 'ERROR' : 'SKIPPED',
      info: step.state === 'running' ? interruptedInfo : notRunInfo,
      started: step.started || now,
      finished: now,
    }));
  const summary = current
    ? `Interrupted: the simulator stopped while step "${current.name}" was running.`
    : 'Interrupted: the simulator stopped before the job started.';
  return { steps, summary };
}

/** Finishes every job left pending or running by a previous process; returns their ids. */
export function recoverInterruptedJobs(store: JobStore, now: number, live: LiveInventory): string[] {
  const jobs = store.unfinished();
  for (const job of jobs) {
    const { steps, summary } = interrupt(job, now);
    const root = job.steps.find((step) => step.ord === 0)!;
    steps.push({
      ...root,
      state: 'finished',
      status: 'ERROR',
      info: summary,
      started: root.started || now,
      finished: now,
    });
    const ending = job.success === null ? '' : ' The job is finished with success=false.';
    store.update(job.seq, {
      job: {
        state: 'finished',
        finished: now,
        ...(job.success === null ? {} : { success: false }),
        // Frozen as it is now, as for any job that finishes.
        ...(job.subject === null ? {} : { subject: subjectNow(job.subject as SubjectSnapshot, live) }),
      },
      steps,
      log: job.kind === 'failover' ? [logLine(now, 'ERROR', `${summary}${ending}`)] : [],
    });
  }
  return jobs.map((job) => job.id);
}

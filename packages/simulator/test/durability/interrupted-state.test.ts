import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { describe, expect, it } from 'vitest';
import { AcknowledgedJobs } from '../../scripts/durability/acknowledged-jobs.js';
import {
  type FinishedJob,
  finishedBeforeStopProblems,
  interruptedStateProblems,
  interruptedStepInfo,
  notRunInfo,
  type StopWindow,
} from '../../scripts/durability/interrupted-state.js';

const killedAt = Date.UTC(2024, 10, 28, 9, 0, 10);
const restartedAt = killedAt + 1_500;
const window: StopWindow = { from: killedAt, to: restartedAt + 100, ranUntil: killedAt };
const iso = (at: number) => new Date(at).toISOString();

function step(
  id: string,
  name: string,
  fields: Partial<JobStatusDetail>,
  children: JobStatusDetail[] = [],
): JobStatusDetail {
  return {
    id,
    name,
    state: 'finished',
    status: 'OK',
    info: '',
    started: 0,
    finished: 0,
    childrenDetails: children,
    ...fields,
  };
}

/** A failover job interrupted in "Final data sync", as the README documents it. */
function interruptedJob(): FinishedJob {
  const summary = 'Interrupted: the simulator stopped while step "Final data sync" was running.';
  const tree = step(
    'job-1',
    'Failover job',
    { status: 'ERROR', info: summary, started: killedAt - 5_000, finished: restartedAt },
    [
      step('job-1.1', 'Validate failover', { started: killedAt - 5_000, finished: killedAt - 4_000 }),
      step(
        'job-1.2',
        'Data',
        { status: 'ERROR', info: interruptedStepInfo, started: killedAt - 4_000, finished: restartedAt },
        [
          step('job-1.2.1', 'Final data sync', {
            status: 'ERROR',
            info: interruptedStepInfo,
            started: killedAt - 4_000,
            finished: restartedAt,
          }),
        ],
      ),
      step('job-1.3', 'Fail over networking', {
        status: 'SKIPPED',
        info: notRunInfo,
        started: restartedAt,
        finished: restartedAt,
      }),
    ],
  );
  const node = { id: 'production_1', name: 'production', ip: '10.0.0.1' };
  const job = {
    id: 'job-1',
    success: false,
    finished: restartedAt,
    sourceNode: node,
    targetNode: { ...node, id: 'dr_1' },
    jobStatusDetails: tree,
  } as unknown as Job;
  const log = [
    `${iso(killedAt - 4_000)} INFO  Final data sync: started`,
    `${iso(restartedAt)} ERROR ${summary} The job is finished with success=false.`,
    '',
  ].join('\n');
  return { kind: 'failover', tree, job, log };
}

function tampered(change: (found: FinishedJob) => void): FinishedJob {
  const found = structuredClone(interruptedJob());
  found.job!.jobStatusDetails = found.tree;
  change(found);
  return found;
}

const leaf = (found: FinishedJob, index: number) => found.tree.childrenDetails[index]!;

describe('interruptedStateProblems', () => {
  it('accepts a job interrupted as documented', () => {
    expect(interruptedStateProblems(interruptedJob(), window)).toEqual([]);
  });

  it('accepts a job interrupted before it started, with every step not run', () => {
    const found = tampered((job) => {
      job.tree.info = 'Interrupted: the simulator stopped before the job started.';
      job.tree.childrenDetails = [leaf(job, 2)];
      job.log = `${iso(restartedAt)} ERROR ${job.tree.info} The job is finished with success=false.\n`;
    });
    expect(interruptedStateProblems(found, window)).toEqual([]);
  });

  it.each<[string, (found: FinishedJob) => void, RegExp]>([
    [
      'a root that does not say it was interrupted',
      (job) => {
        job.tree.info = 'Failover finished.';
      },
      /does not say it was interrupted/,
    ],
    [
      'a root that is not ERROR',
      (job) => {
        job.tree.status = 'OK';
      },
      /not finished ERROR/,
    ],
    [
      'a job finished before the kill',
      (job) => {
        job.tree.finished = killedAt - 1;
      },
      /outside the restart window/,
    ],
    [
      'a step still running',
      (job) => {
        leaf(job, 2).state = 'running';
      },
      /"Fail over networking" is still running/,
    ],
    [
      'an interrupted step that is not ERROR',
      (job) => {
        leaf(job, 1).childrenDetails[0]!.status = 'SKIPPED';
      },
      /interrupted with status SKIPPED/,
    ],
    [
      'a step not run that is not SKIPPED',
      (job) => {
        leaf(job, 2).status = 'OK';
      },
      /not run but is OK/,
    ],
    [
      'a summary naming another step',
      (job) => {
        job.tree.info = 'Interrupted: the simulator stopped while step "Validate failover" was running.';
      },
      /names step "Validate failover"/,
    ],
    [
      'success left true',
      (job) => {
        job.job!.success = true;
      },
      /success is true/,
    ],
    [
      'a log without the closing line',
      (job) => {
        job.log = `${job.log!.split('\n')[0]}\n`;
      },
      /its log ends with/,
    ],
    [
      'a log not ending in a newline',
      (job) => {
        job.log = job.log!.trimEnd();
      },
      /does not end with a newline/,
    ],
  ])('reports %s', (_name, change, want) => {
    expect(interruptedStateProblems(tampered(change), window).join('\n')).toMatch(want);
  });

  it('reports a step seen running before the kill that ended as not run', () => {
    const seen = new AcknowledgedJobs();
    const before = tampered((job) => {
      job.tree.state = 'running';
      leaf(job, 2).state = 'running';
    });
    seen.observe(before);
    expect(interruptedStateProblems(interruptedJob(), window, seen.get('job-1')).join('\n')).toMatch(
      /"Fail over networking" was running, not unrun/,
    );
  });

  it('reports a step seen pending that ended OK after the kill', () => {
    const seen = new AcknowledgedJobs();
    seen.observe(
      tampered((job) => {
        job.tree.state = 'running';
        leaf(job, 2).state = 'pending';
      }),
    );
    const found = tampered((job) => Object.assign(leaf(job, 2), { status: 'OK', info: '', finished: restartedAt }));
    expect(interruptedStateProblems(found, window, seen.get('job-1')).join('\n')).toMatch(
      /"Fail over networking", pending before the stop, ended OK/,
    );
  });
});

describe('finishedBeforeStopProblems', () => {
  const finishedJob = () =>
    tampered((job) => Object.assign(job.tree, { status: 'OK', info: 'Failover finished.', finished: killedAt - 10 }));

  it('accepts a job that finished on its own before the kill', () => {
    expect(finishedBeforeStopProblems(finishedJob(), window)).toEqual([]);
  });

  it.each<[string, (found: FinishedJob) => void, RegExp]>([
    [
      'a job that finished after the kill',
      (job) => {
        job.tree.finished = killedAt + 5;
      },
      /after the process stopped/,
    ],
    [
      'a job still running',
      (job) => {
        job.tree.state = 'running';
      },
      /still running after the restart/,
    ],
    [
      'an interrupted job the simulator did not report',
      (job) => {
        job.tree.info = interruptedJob().tree.info;
      },
      /did not report it so/,
    ],
  ])('reports %s', (_name, change, want) => {
    const found = finishedJob();
    change(found);
    expect(finishedBeforeStopProblems(found, window).join('\n')).toMatch(want);
  });
});

import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { describe, expect, it } from 'vitest';
import { AcknowledgedJobs, type Sighting } from '../../scripts/durability/acknowledged-jobs.js';

type StepState = Pick<JobStatusDetail, 'state' | 'status' | 'info' | 'started' | 'finished'>;

const pending: StepState = { state: 'pending', status: '', info: '', started: 0, finished: 0 };
const running = (started: number): StepState => ({ state: 'running', status: '', info: '', started, finished: 0 });
const ok = (started: number, finished: number): StepState => ({
  state: 'finished',
  status: 'OK',
  info: '',
  started,
  finished,
});

/** A failover job of two steps, in the states given. */
function job(root: StepState, first: StepState, second: StepState, success = true): Sighting {
  const step = (id: string, name: string, state: StepState, childrenDetails: JobStatusDetail[] = []) => ({
    id,
    name,
    ...state,
    childrenDetails,
  });
  const tree = step('job-1', 'Failover job', root, [
    step('job-1.1', 'Validate failover', first),
    step('job-1.2', 'Final data sync', second),
  ]);
  const node = { id: 'production_1', name: 'production', ip: '10.0.0.1' };
  const jobBody = {
    id: 'job-1',
    name: 'Failover job',
    jobType: 'zone_failover',
    started: tree.started,
    finished: tree.finished,
    success,
    sourceNode: node,
    targetNode: { ...node, id: 'dr_1' },
    failoverTarget: {},
    jobStatusDetails: tree,
  } as unknown as Job;
  return { kind: 'failover', tree, job: jobBody };
}

const early = job(running(100), running(100), pending);
const later = job(running(100), ok(100, 200), running(200));
const done = job(ok(100, 400), ok(100, 200), ok(200, 400));

describe('AcknowledgedJobs', () => {
  it.each<[string, { first: Sighting; next: Sighting; atLeast?: boolean; want: RegExp | null }]>([
    ['a sighting further along agrees', { first: early, next: later, want: null }],
    ['an older sighting arriving late agrees while the simulator runs', { first: later, next: early, want: null }],
    [
      'an older sighting after a restart has fallen behind',
      { first: later, next: early, atLeast: true, want: /went back from finished to running/ },
    ],
    [
      'a finished step that changed its outcome',
      {
        first: later,
        next: job(running(100), { ...ok(100, 200), status: 'WARNING' }, running(200)),
        want: /finished step "Validate failover" changed/,
      },
    ],
    [
      'a finished step that changed its end time',
      {
        first: later,
        next: job(running(100), ok(100, 250), running(250)),
        want: /finished step "Validate failover" changed/,
      },
    ],
    [
      'a step that changed its start',
      { first: later, next: job(running(100), ok(100, 200), running(210)), want: /started at 200, now at 210/ },
    ],
    [
      'a finished job that changed',
      {
        first: done,
        next: job({ ...ok(100, 400), info: 'other' }, ok(100, 200), ok(200, 400)),
        want: /changed after it finished/,
      },
    ],
    [
      'success back to true after a restart',
      { first: job(running(100), running(100), pending, false), next: later, atLeast: true, want: /success went back/ },
    ],
  ])('%s', (_name, { first, next, atLeast = false, want }) => {
    const ledger = new AcknowledgedJobs();
    expect(ledger.observe(first)).toEqual([]);
    const problems = ledger.observe(next, atLeast);
    if (want === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toMatch(want);
  });

  it('reports a step that is missing after a restart as lost', () => {
    const ledger = new AcknowledgedJobs();
    ledger.observe(later);
    const withoutSecond = structuredClone(later);
    withoutSecond.tree.childrenDetails.pop();
    expect(ledger.observe(withoutSecond, true)).toEqual(['job job-1: step job-1.2 (Final data sync) is lost']);
    expect(ledger.observe(withoutSecond)).toEqual([]);
  });

  it('keeps the most advanced facts of each step, whatever order the sightings come in', () => {
    const ledger = new AcknowledgedJobs();
    ledger.observe(done);
    ledger.observe(early);
    expect(ledger.get('job-1')?.steps.get('job-1.2')).toMatchObject({ state: 'finished', finished: 400 });
    expect(ledger.unfinished()).toEqual([]);
  });

  it('counts a job acknowledged by a 201 as unfinished until it is seen finished', () => {
    const ledger = new AcknowledgedJobs();
    ledger.acknowledge('readiness', 'readiness-1');
    expect(ledger.unfinished().map((known) => known.id)).toEqual(['readiness-1']);
    expect(ledger.get('readiness-1')?.launched).toBe(true);
  });

  describe('logs', () => {
    const line1 = '2024-11-28T09:00:00.000Z INFO  Failover job job-1 launched\n';
    const line2 = '2024-11-28T09:00:01.000Z INFO  Validate failover: started\n';

    it.each<[string, { first: string; next: string; atLeast?: boolean; want: RegExp | null }]>([
      ['a log that grew agrees', { first: line1, next: line1 + line2, want: null }],
      ['an older log arriving late agrees while the simulator runs', { first: line1 + line2, next: line1, want: null }],
      [
        'a shorter log after a restart has lost lines',
        { first: line1 + line2, next: line1, atLeast: true, want: /does not start with the 1\d\d chars seen before/ },
      ],
      [
        'a log whose first line changed',
        { first: line1, next: line1.replace('INFO ', 'WARN ') + line2, want: /differ at 25/ },
      ],
    ])('%s', (_name, { first, next, atLeast = false, want }) => {
      const ledger = new AcknowledgedJobs();
      ledger.acknowledge('failover', 'job-1');
      expect(ledger.observeLog('job-1', first)).toEqual([]);
      const problems = ledger.observeLog('job-1', next, atLeast);
      if (want === null) expect(problems).toEqual([]);
      else expect(problems.join('\n')).toMatch(want);
    });

    it('counts the lines of the longest log seen', () => {
      const ledger = new AcknowledgedJobs();
      ledger.acknowledge('failover', 'job-1');
      ledger.observeLog('job-1', line1 + line2);
      ledger.observeLog('job-1', line1);
      expect(ledger.counts().logLines).toBe(2);
    });
  });
});

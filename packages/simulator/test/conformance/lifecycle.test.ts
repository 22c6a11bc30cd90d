import {
  type ConformanceRequest,
  type ConformanceResponse,
  type ConformanceTarget,
  formatLifecycleReport,
  type LifecycleSubjects,
  runLifecycleModel,
} from '@eyeglass-jobs/conformance';
import { describe, expect, it } from 'vitest';
import {
  lifecycleSubjects,
  simulatorApiKey,
  startLifecycleSimulators,
  startSimulatorTarget,
  storageOutageConfigurations,
} from '../../scripts/conformance/simulator-target.js';
import '@eyeglass-jobs/conformance/vitest';

const probe = await startSimulatorTarget();
const subjects: LifecycleSubjects = lifecycleSubjects(probe.service);
await probe.close();

/** Wraps the simulator's answers into those of a server that breaks an invariant. */
type Breakage = (target: ConformanceTarget) => ConformanceTarget;

/** The lifecycle model against a fresh simulator per run, with its answers altered by `breakage`. */
function runAgainst(options: { seed: number; numRuns: number; breakage?: Breakage }) {
  return runLifecycleModel({
    seed: options.seed,
    numRuns: options.numRuns,
    maxCommands: 40,
    apiKey: simulatorApiKey,
    subjects,
    start: startLifecycleSimulators(options.breakage),
    onAnswer: (operationId, response) => expect(response).toSatisfyOperation(operationId),
  });
}

const json = (response: ConformanceResponse, change: (body: never) => unknown): ConformanceResponse => ({
  ...response,
  body: JSON.stringify(change(JSON.parse(response.body) as never)),
});

describe('the simulator against the lifecycle model', () => {
  it('keeps every invariant while its storage fills and frees: a write answered 503 changed nothing', async () => {
    const report = await runLifecycleModel({
      seed: 20_241_130,
      numRuns: 20,
      maxCommands: 40,
      apiKey: simulatorApiKey,
      subjects,
      storageOutages: true,
      start: startLifecycleSimulators(undefined, storageOutageConfigurations),
      // 503 is documented through each operation's `default`, with the Error shape.
      onAnswer: (operationId, response) => expect(response).toSatisfyOperation(operationId),
    });
    expect(report.failure, formatLifecycleReport(report)).toBeUndefined();
    for (const answer of ['launchFailover 201', 'launchFailover 503', 'cancelFailoverJob 200']) {
      expect(report.byAnswer[answer] ?? 0, `${answer}\n${formatLifecycleReport(report)}`).toBeGreaterThan(0);
    }
  });

  it('keeps every invariant over random launches, reads, cancels and clock steps', async () => {
    const report = await runAgainst({
      seed: Number(process.env.LIFECYCLE_SEED ?? 20_241_128),
      numRuns: Number(process.env.LIFECYCLE_RUNS ?? 40),
    });
    expect(report.failure, formatLifecycleReport(report)).toBeUndefined();
    // The runs reached every part of the lifecycle.
    for (const answer of [
      'launchFailover 201',
      'launchFailover 409',
      'launchRehearsal 201',
      'launchDrTest 201',
      'cancelFailoverJob 200',
      'cancelFailoverJob 409',
      'runReadinessJob 201',
      'runReplicationJob 201',
      'getFailoverJobLog 200',
    ]) {
      expect(report.byAnswer[answer] ?? 0, `${answer}\n${formatLifecycleReport(report)}`).toBeGreaterThan(0);
    }
  });
});

describe('the lifecycle model', () => {
  /** A target whose answers to matching requests are changed. */
  const altering =
    (
      matches: (request: ConformanceRequest, response: ConformanceResponse) => boolean,
      change: (response: ConformanceResponse, n: number) => ConformanceResponse,
    ): Breakage =>
    (target) => {
      let n = 0;
      return async (request) => {
        const response = await target(request);
        return matches(request, response) ? change(response, n++) : response;
      };
    };
  const cases: Array<[string, { breakage: Breakage; want: RegExp }]> = [
    [
      'a finished job that changes',
      {
        breakage: altering(
          (request, response) =>
            request.method === 'GET' && /\/failover\/[^/?]+$/.test(request.path) && response.status === 200,
          (response, n) => json(response, (job: { name: string }) => ({ ...job, name: `${job.name} (${n})` })),
        ),
        want: /finished failover job \S+ changed: \/name/,
      },
    ],
    [
      'a log that loses its first line',
      {
        breakage: altering(
          (request) => request.path.endsWith('/log'),
          (response, n) =>
            n % 2 === 0 ? response : { ...response, body: response.body.split('\n').slice(1).join('\n') },
        ),
        want: /the log of job \S+ lost lines/,
      },
    ],
    [
      'a running list that also shows finished jobs',
      {
        breakage: (target) => async (request) =>
          target({ ...request, path: request.path.replace('state=running', 'state=all') }),
        want: /state=running lists \S+, which is finished/,
      },
    ],
    [
      'a job that disappears',
      {
        breakage: altering(
          (request) => request.method === 'GET' && /\/readiness\/[^/?]+$/.test(request.path),
          (response) => ({ ...response, status: 404, body: JSON.stringify({ code: 404, message: 'gone' }) }),
        ),
        want: /getReadinessJob .* answered 404, expected 200/,
      },
    ],
    [
      'a cancelled job that ends successful',
      {
        breakage: altering(
          (_request, response) =>
            response.status === 200 && response.body.includes('"CANCELLED"') && response.body.startsWith('{'),
          (response) => json(response, (job: { success: boolean }) => ({ ...job, success: true })),
        ),
        want: /cancelled job \S+ finished with success true|has a failed step, yet success is true/,
      },
    ],
    [
      'a finished job with a step still running',
      {
        breakage: altering(
          (request, response) =>
            request.method === 'GET' && /\/replication\/[^/?]+$/.test(request.path) && response.status === 200,
          (response) =>
            json(response, (job: { childrenDetails: Array<{ state: string; finished: number }> }) => ({
              ...job,
              childrenDetails: job.childrenDetails.map((step, i) =>
                i === 0 ? { ...step, state: 'running', finished: 0 } : step,
              ),
            })),
        ),
        want: /replication job \S+: step \S+ \(finished\) has a running step/,
      },
    ],
  ];
  it.each(cases)('reports %s, shrunk, with the seed that replays it', async (_name, { breakage, want }) => {
    const report = await runAgainst({ seed: 7, numRuns: 15, breakage });
    expect(report.failure?.message).toMatch(want);
    expect(formatLifecycleReport(report)).toMatch(
      /failure \(replay with seed 7 and the same numRuns\):\n.*\n {2}commands: \S/,
    );
  });

  it.each([
    [
      'a launch answered 503 that created its job',
      /\/v2\/jobs\/failover\?/,
      201,
      /failover job \S+ exists, but no launch was answered 201 for it/,
    ],
    [
      'a cancel answered 503 that cancelled its job',
      /\/v2\/jobs\/failover\/job-/,
      200,
      /job \S+ finished cancelled, but no cancel of it was accepted/,
    ],
  ])('reports %s while the storage is full', async (_name, path, status, want) => {
    // The breakage needs to know when the storage is away, so the system is built here.
    const start = startLifecycleSimulators(undefined, storageOutageConfigurations);
    const report = await runLifecycleModel({
      seed: 11,
      numRuns: 30,
      maxCommands: 40,
      apiKey: simulatorApiKey,
      subjects,
      storageOutages: true,
      start: async () => {
        const system = await start();
        let down = false;
        return {
          ...system,
          storage: (available: boolean) => {
            down = !available;
            system.storage?.(available);
          },
          target: async (request) => {
            const response = await system.target(request);
            if (!down || request.method === 'GET' || !path.test(request.path) || response.status !== status)
              return response;
            return { ...response, status: 503, body: JSON.stringify({ code: 503, message: 'Storage full.' }) };
          },
        };
      },
    });
    expect(report.failure?.message).toMatch(want);
  });

  it('replays a failure from its seed alone', async () => {
    const breakage = cases.find(([name]) => name === 'a job that disappears')![1].breakage;
    const [report, replay] = [
      await runAgainst({ seed: 7, numRuns: 15, breakage }),
      await runAgainst({ seed: 7, numRuns: 15, breakage }),
    ];
    expect(replay.runs).toBe(report.runs);
    expect(replay.failure?.commands).toBe(report.failure?.commands);
  });
});

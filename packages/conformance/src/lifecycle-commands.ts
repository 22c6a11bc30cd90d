/**
 * The commands of the stateful lifecycle test (fast-check `commands`): launches of failovers,
 * rehearsals, DR tests, readiness and replication jobs; reads of jobs, lists and logs; cancels;
 * and moving the server's clock on. Each one checks the model's invariants on what it reads.
 */
import type { OperationId } from '@eyeglass-jobs/spec';
import fc from 'fast-check';
import {
  type JobBody,
  type JobKind,
  type LifecycleModel,
  type LifecycleSession,
  type LifecycleSubject,
  LifecycleViolation,
  stateOf,
  successOf,
} from './lifecycle-model.js';

type Command = fc.AsyncCommand<LifecycleModel, LifecycleSession, false>;

const operationsOf: Record<JobKind, { list: OperationId; get: OperationId; run?: OperationId }> = {
  failover: { list: 'listFailoverJobs', get: 'getFailoverJob' },
  readiness: { list: 'listReadinessJobs', get: 'getReadinessJob', run: 'runReadinessJob' },
  replication: { list: 'listReplicationJobs', get: 'getReplicationJob', run: 'runReplicationJob' },
};

function fail(message: string): never {
  throw new LifecycleViolation(message);
}

/** Sends a launch the server must accept or refuse as a conflict, and tracks the job it creates. */
async function launch(
  model: LifecycleModel,
  session: LifecycleSession,
  kind: JobKind,
  operationId: OperationId,
  query: Record<string, string | boolean> = {},
): Promise<void> {
  const answer = await session.expect(operationId, session.writeStatuses([201, 409]), { query });
  if (answer.status === 201) model.track(kind, (answer.body as { id: string }).id);
}

/** Fetches one job, which must exist, and checks it against the model. */
export async function fetchJob(model: LifecycleModel, session: LifecycleSession, kind: JobKind, id: string) {
  const answer = await session.expect(operationsOf[kind].get, [200], { id });
  model.observe(kind, answer.body as JobBody, `${operationsOf[kind].get} ${id}`);
  return answer.body as JobBody;
}

/** Lists jobs of a kind with a filter; every listed job must pass the filter and match the model. */
export async function listJobs(
  model: LifecycleModel,
  session: LifecycleSession,
  kind: JobKind,
  state: 'all' | 'running' | 'finished',
  success?: boolean,
): Promise<JobBody[]> {
  const query: Record<string, string | boolean> = { state };
  if (success !== undefined) query.success = success;
  const operationId = operationsOf[kind].list;
  const where = `${operationId}?${new URLSearchParams(query as Record<string, string>)}`;
  const jobs = (await session.expect(operationId, [200], { query })).body as JobBody[];
  for (const job of jobs) {
    const jobState = stateOf(kind, job);
    if (state === 'finished' && jobState !== 'finished') fail(`${where} lists ${job.id}, which is ${jobState}`);
    if (state === 'running' && jobState === 'finished') fail(`${where} lists ${job.id}, which is finished`);
    if (success !== undefined && successOf(job) !== success)
      fail(`${where} lists ${job.id} with success ${successOf(job)}`);
    model.observe(kind, job, where);
  }
  if (state === 'all' && success === undefined) {
    const listed = new Set(jobs.map((job) => job.id));
    const missing = model.ids(kind).filter((id) => !listed.has(id));
    if (missing.length > 0) fail(`${where} leaves out created jobs ${missing.join(', ')}`);
  }
  return jobs;
}

const kinds = fc.constantFrom<JobKind>('failover', 'readiness', 'replication');

/** A failover, rehearsal or DR test launch: answered 201 (a new job) or 409 (something it needs is busy). */
class Launch implements Command {
  constructor(
    readonly operationId: 'launchFailover' | 'launchRehearsal' | 'launchDrTest',
    readonly query: Record<string, string | boolean>,
  ) {}
  check = () => true;
  run = (model: LifecycleModel, session: LifecycleSession) =>
    launch(model, session, 'failover', this.operationId, this.query);
  toString = () =>
    `${this.operationId}(${Object.entries(this.query)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')})`;
}

class RunSingle implements Command {
  constructor(readonly kind: 'readiness' | 'replication') {}
  check = () => true;
  async run(model: LifecycleModel, session: LifecycleSession) {
    const answer = await session.expect(operationsOf[this.kind].run!, session.writeStatuses([201, 409]));
    if (answer.status === 201) {
      model.track(this.kind, (answer.body as { id: string }).id);
    } else if (answer.status === 409 && session.timeIsStill) {
      // A refusal says one is running: the running list must show it.
      const running = await listJobs(model, session, this.kind, 'running');
      if (running.length === 0) fail(`${operationsOf[this.kind].run} answered 409, but no ${this.kind} job is running`);
    }
  }
  toString = () => `${operationsOf[this.kind].run}()`;
}

class GetJob implements Command {
  constructor(
    readonly kind: JobKind,
    readonly n: number,
  ) {}
  check = (model: Readonly<LifecycleModel>) => model.ids(this.kind).length > 0;
  run = async (model: LifecycleModel, session: LifecycleSession) => {
    await fetchJob(model, session, this.kind, model.pick(this.kind, this.n)!.id);
  };
  toString = () => `${operationsOf[this.kind].get}(#${this.n})`;
}

class ListJobs implements Command {
  constructor(
    readonly kind: JobKind,
    readonly state: 'all' | 'running' | 'finished',
    readonly success: boolean | undefined,
  ) {}
  check = () => true;
  run = async (model: LifecycleModel, session: LifecycleSession) => {
    await listJobs(model, session, this.kind, this.state, this.kind === 'failover' ? this.success : undefined);
  };
  toString = () =>
    `${operationsOf[this.kind].list}(state=${this.state}${this.kind === 'failover' && this.success !== undefined ? `, success=${this.success}` : ''})`;
}

/** The finished list, then the running list: a job can only move from running to finished, so none may be in both. */
class Partition implements Command {
  constructor(readonly kind: JobKind) {}
  check = () => true;
  async run(model: LifecycleModel, session: LifecycleSession) {
    const finished = await listJobs(model, session, this.kind, 'finished');
    const running = await listJobs(model, session, this.kind, 'running');
    const finishedIds = new Set(finished.map((job) => job.id));
    const both = running.filter((job) => finishedIds.has(job.id)).map((job) => job.id);
    if (both.length > 0) fail(`${both.join(', ')} in both the running and the finished ${this.kind} list`);
    if (!session.timeIsStill) return;
    const all = await listJobs(model, session, this.kind, 'all');
    if (all.length !== finished.length + running.length) {
      fail(
        `${all.length} ${this.kind} jobs listed in all, but ${finished.length} finished and ${running.length} running`,
      );
    }
  }
  toString = () => `partition(${this.kind})`;
}

class GetLog implements Command {
  constructor(readonly n: number) {}
  check = (model: Readonly<LifecycleModel>) => model.ids('failover').length > 0;
  async run(model: LifecycleModel, session: LifecycleSession) {
    const { id } = model.pick('failover', this.n)!;
    const answer = await session.expect('getFailoverJobLog', [200], { id });
    model.observeLog(id, answer.text);
  }
  toString = () => `getFailoverJobLog(#${this.n})`;
}

class Cancel implements Command {
  constructor(readonly n: number) {}
  check = (model: Readonly<LifecycleModel>) => model.ids('failover').length > 0;
  async run(model: LifecycleModel, session: LifecycleSession) {
    const job = model.pick('failover', this.n)!;
    const wasFinished = job.finished !== undefined;
    const answer = await session.expect('cancelFailoverJob', wasFinished ? [409] : session.writeStatuses([200, 409]), {
      id: job.id,
    });
    if (answer.status === 200) {
      job.cancelled = true;
      model.observe('failover', answer.body as JobBody, `cancelFailoverJob ${job.id}`);
    } else if (answer.status === 409 && session.timeIsStill) {
      // A refusal says the job is finished: it must show as finished.
      const shown = await fetchJob(model, session, 'failover', job.id);
      if (stateOf('failover', shown) !== 'finished')
        fail(`cancelFailoverJob ${job.id} answered 409, but the job is not finished`);
    }
  }
  toString = () => `cancelFailoverJob(#${this.n})`;
}

/** The server's storage goes away (as a disk fills) or comes back. */
class StorageOutage implements Command {
  constructor(readonly available: boolean) {}
  check = () => true;
  run = async (_model: LifecycleModel, session: LifecycleSession) => {
    await session.setStorage(this.available);
  };
  toString = () => (this.available ? 'storage back' : 'storage full');
}

class Advance implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  run = async (_model: LifecycleModel, session: LifecycleSession) => {
    await session.system.advance?.(this.ms);
  };
  toString = () => `advance(${this.ms} ms)`;
}

export interface LifecycleSubjects {
  /** Zone, pool and policy failovers the server accepts; give both directions so failbacks happen. */
  failovers: readonly LifecycleSubject[];
  /** Rehearsals the server accepts (`enable` is chosen by the test). */
  rehearsals: readonly LifecycleSubject[];
  /** Policy ids for DR tests. */
  drTestPolicies: readonly string[];
}

/**
 * The command arbitraries over the given subjects; `maxAdvanceMs` bounds one clock step (none without
 * a clock); `storageOutages` adds the storage going away and coming back.
 */
export function lifecycleCommands(
  subjects: LifecycleSubjects,
  maxAdvanceMs: number | undefined,
  storageOutages = false,
) {
  const commands: Array<fc.Arbitrary<Command>> = [
    fc
      .tuple(
        kinds,
        fc.constantFrom('all', 'running', 'finished') as fc.Arbitrary<'all' | 'running' | 'finished'>,
        fc.option(fc.boolean(), { nil: undefined }),
      )
      .map(([kind, state, success]) => new ListJobs(kind, state, success)),
    kinds.map((kind) => new Partition(kind)),
    fc.tuple(kinds, fc.nat()).map(([kind, n]) => new GetJob(kind, n)),
    fc.nat().map((n) => new GetLog(n)),
    fc.nat().map((n) => new Cancel(n)),
    fc.constantFrom('readiness' as const, 'replication' as const).map((kind) => new RunSingle(kind)),
  ];
  if (subjects.failovers.length > 0) {
    const launches = fc
      .tuple(fc.constantFrom(...subjects.failovers), fc.boolean(), fc.boolean())
      .map(
        ([subject, controlled, blockonwarnings]) =>
          new Launch('launchFailover', { ...subject, controlled, blockonwarnings }),
      );
    commands.push(launches, launches);
  }
  if (subjects.rehearsals.length > 0) {
    commands.push(
      fc
        .tuple(fc.constantFrom(...subjects.rehearsals), fc.boolean())
        .map(([subject, enable]) => new Launch('launchRehearsal', { ...subject, enable })),
    );
  }
  if (subjects.drTestPolicies.length > 0) {
    commands.push(
      fc
        .tuple(fc.constantFrom(...subjects.drTestPolicies), fc.boolean())
        .map(([policy, enable]) => new Launch('launchDrTest', { policy, enable })),
    );
  }
  if (storageOutages) commands.push(fc.boolean().map((available) => new StorageOutage(available)));
  if (maxAdvanceMs !== undefined) {
    const advance = fc.integer({ min: 1, max: maxAdvanceMs }).map((ms) => new Advance(ms));
    commands.push(advance, advance);
  }
  return commands;
}

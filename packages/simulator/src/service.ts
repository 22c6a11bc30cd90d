/**
 * The simulator service: the 13 Jobs v2 operations over an inventory, a clock and a SQLite
 * store. The route layer checks the api_key, validates and coerces parameters and fills in
 * defaults; this checks what only the simulator knows (ids, conflicts) and runs the jobs.
 */
import { randomBytes } from 'node:crypto';
import type { Job, JobStatusDetail } from '@eyeglass-jobs/types';
import { answer, badRequest, conflict, notFound, unavailable } from './api-error.js';
import { type Clock, createRealClock } from './clock.js';
import type { JobsHandlers, OperationInput, Unavailable } from './contract.js';
import type { JobKind } from './domain/job.js';
import { StorageFailure } from './domain/storage-failure.js';
import { type FailoverOptions, failoverPlan } from './engine/failover-plan.js';
import { FailoverQueue } from './engine/failover-queue.js';
import { JobRun, type JobRunHooks } from './engine/job-run.js';
import { drTestPlan, rehearsalPlan } from './engine/mode-plan.js';
import type { JobPlan } from './engine/plan.js';
import { readinessPlan } from './engine/readiness-plan.js';
import { recoverInterruptedJobs } from './engine/recovery.js';
import { replicationPlan } from './engine/replication-plan.js';
import { Retention, type RetentionOptions, type RetentionOverrides, resolveRetention } from './engine/retention.js';
import { type FailoverSubject, resolveFailoverSubject, subjectLocks } from './engine/targets.js';
import { defaultInventory } from './inventory/default-inventory.js';
import type { Inventory } from './inventory/inventory.js';
import { createInventoryHandlers } from './inventory/inventory-api.js';
import { LiveInventory } from './inventory/live-inventory.js';
import { failoverJobViews, statusTreeViews } from './job-view.js';
import { openDatabase, type SimulatorDatabase } from './store/database.js';
import { JobStore } from './store/job-store.js';

export interface SimulatorOptions {
  /** An open database; the service does not close it. */
  db?: SimulatorDatabase;
  /** Where to open the database when `db` is not given; `:memory:` by default. */
  dbPath?: string;
  /** The built-in inventory by default. */
  inventory?: Inventory;
  /** A real clock at `speed` by default. */
  clock?: Clock;
  /** The speed of the default real clock (1: a zone failover takes about a minute). Ignored with `clock`. */
  speed?: number;
  retention?: RetentionOverrides;
  /** How many failover jobs run at once; 5, as on the appliance. */
  failoverLimit?: number;
  /** Where job events are logged (a pino logger fits); nowhere by default. */
  logger?: JobEventLogger;
  /**
   * Sees the plan of every job before it runs, and may return it changed (the control API's
   * outcomes set a step's result or time this way). Called once per job, before it is stored.
   */
  adjustPlan?: (plan: JobPlan, live: LiveInventory) => JobPlan;
}

/** The part of a pino logger the service uses. */
export interface JobEventLogger {
  info(record: object, message: string): void;
  warn(record: object, message: string): void;
}

export interface SimulatorService extends JobsHandlers {
  readonly clock: Clock;
  readonly inventory: Inventory;
  readonly live: LiveInventory;
  readonly retention: RetentionOptions;
  /** The ids of the jobs found unfinished at start-up and finished as interrupted. */
  readonly recovered: string[];
  /**
   * Stops the simulator: jobs still pending or running are finished as interrupted (as they
   * would be at the next start; when the storage fails, the next start does it), and the database
   * is closed if the service opened it. From then on every operation answers 503.
   */
  close(): void;
}

const idPrefixes: Record<JobKind, [string, number]> = {
  failover: ['job', 8],
  readiness: ['readiness', 6],
  replication: ['replication', 6],
};

function newJobId(kind: JobKind): string {
  const [prefix, bytes] = idPrefixes[kind];
  return `${prefix}-${randomBytes(bytes).toString('hex')}`;
}

const shuttingDown = (): Unavailable =>
  unavailable('The simulator is shutting down; nothing was changed.').toReply() as Unavailable;

/** Reads the rollback flag under either spelling; different values under the two are refused. */
function rollbackRenamedShares(query: { rollbackrenamedshares?: boolean; rollbackrenameshares?: boolean }): boolean {
  const { rollbackrenamedshares: current, rollbackrenameshares: legacy } = query;
  if (current !== undefined && legacy !== undefined && current !== legacy) {
    throw badRequest(
      `rollbackrenamedshares=${current} and rollbackrenameshares=${legacy} disagree: they are two spellings of one flag, send one.`,
    );
  }
  // The spec's default, for a route layer that leaves both out.
  return current ?? legacy ?? true;
}

/** How the jobs that run one at a time are named in messages. */
const singleNames = { readiness: 'Readiness', replication: 'Replication' } as const;

export function createSimulatorService(options: SimulatorOptions = {}): SimulatorService {
  // Everything that can refuse the options comes before the database is opened (and locked).
  const rules = resolveRetention(options.retention);
  const clock = options.clock ?? createRealClock({ speed: options.speed ?? 1 });
  const inventory = options.inventory ?? defaultInventory();
  const ownsDb = options.db === undefined;
  const db = options.db ?? openDatabase(options.dbPath ?? ':memory:');
  const store = new JobStore(db);
  const live = new LiveInventory(inventory, store.entityStates());
  const views = failoverJobViews(live);
  const trees = statusTreeViews();
  const retention = new Retention(rules, store, clock);
  const logger = options.logger;
  const recovered = recoverInterruptedJobs(store, clock.now(), live);
  if (recovered.length > 0)
    logger?.warn({ jobs: recovered }, 'jobs left unfinished by the last run finished as interrupted');
  retention.sweep();

  const queue = new FailoverQueue(options.failoverLimit);
  const planned = (plan: JobPlan): JobPlan => options.adjustPlan?.(plan, live) ?? plan;
  const singles: Partial<Record<keyof typeof singleNames, JobRun>> = {};

  const hooks = (kind: JobKind): JobRunHooks => ({
    store,
    clock,
    live,
    onFinished(run) {
      logger?.info({ job: run.id, kind, ...run.outcome }, 'job finished');
      if (kind === 'failover') queue.finished(run);
      else if (singles[kind] === run) delete singles[kind];
      retention.enforce(kind);
    },
    onPaused(run, failure) {
      logger?.warn(
        { job: run.id, kind, err: failure.message },
        'job held: its next step cannot be stored; it tries again every second',
      );
    },
    onResumed(run) {
      logger?.info({ job: run.id, kind }, 'job resumed: its steps are stored again');
    },
  });

  function launch(
    subject: FailoverSubject,
    controlled: boolean,
    plan: (id: string) => JobPlan,
  ): { status: 201; body: { id: string } } {
    const locks = subjectLocks(subject);
    const clash = queue.conflict(locks);
    if (clash) throw conflict(`${clash.what} is already part of running failover job ${clash.holder.id}.`);
    const run = new JobRun(planned(plan(newJobId('failover'))), hooks('failover'));
    logger?.info({ job: run.id, kind: 'failover', jobType: run.plan.jobType, name: run.plan.name }, 'job launched');
    queue.submit(run, controlled, locks);
    return { status: 201, body: { id: run.id } };
  }

  function findFailover(id: string) {
    const record = store.find('failover', id);
    if (!record) throw notFound(`Failover job ${id} was not found.`);
    return record;
  }

  function runSingle(kind: keyof typeof singleNames, plan: (id: string) => JobPlan) {
    const current = singles[kind];
    if (current) throw conflict(`${singleNames[kind]} job ${current.id} is running: only one runs at a time.`);
    const run = new JobRun(planned(plan(newJobId(kind))), hooks(kind));
    singles[kind] = run;
    logger?.info({ job: run.id, kind }, 'job launched');
    run.start();
    return { status: 201 as const, body: { id: run.id } };
  }

  function getSingle(kind: keyof typeof singleNames, id: string) {
    retention.sweep();
    const record = store.find(kind, id);
    if (!record) throw notFound(`${singleNames[kind]} job ${id} was not found: only recent jobs are kept.`);
    return { status: 200 as const, body: trees.view(record) };
  }

  function listSingles(kind: keyof typeof singleNames, input: OperationInput<'listReadinessJobs'>) {
    retention.sweep();
    const body: JobStatusDetail[] = trees.list(store.list(kind, input.query.state));
    return { status: 200 as const, body };
  }

  const startedAt = clock.now();
  /** The appliance's health check is its readiness job: the last one's end, or the start of the service. */
  const lastHealthCheck = () => store.list('readiness', 'finished')[0]?.finished ?? startedAt;

  let closed = false;
  /** Every operation answers 503 once the service is closed (the database may be gone). */
  const open =
    <I, R>(operation: (input: I) => Promise<R>) =>
    (input: I): Promise<R | Unavailable> =>
      closed ? Promise.resolve(shuttingDown()) : operation(input);

  const handlers: JobsHandlers = {
    ...createInventoryHandlers(live, lastHealthCheck),
    listFailoverJobs: (input) =>
      answer([], () => {
        retention.sweep();
        const body: Job[] = views.list(store.list('failover', input.query.state, input.query.success));
        return { status: 200 as const, body };
      }),

    launchFailover: (input) =>
      answer([400, 404, 409], () => {
        const { query } = input;
        const failoverOptions: FailoverOptions = {
          controlled: query.controlled,
          datasync: query.datasync,
          configsync: query.configsync,
          resyncprep: query.resyncprep,
          disablemirror: query.disablemirror,
          quotasync: query.quotasync,
          blockonwarnings: query.blockonwarnings,
          rollbackrenamedshares: rollbackRenamedShares(query),
          smbdataintegrity: query.smbdataintegrity,
        };
        const subject = resolveFailoverSubject(live, query);
        return launch(subject, query.controlled, (id) =>
          failoverPlan({ id, subject, options: failoverOptions, live, otherFailovers: () => queue.othersRunning(id) }),
        );
      }),

    launchRehearsal: (input) =>
      answer([400, 404, 409], () => {
        const subject = resolveFailoverSubject(live, input.query);
        return launch(subject, false, (id) => rehearsalPlan({ id, subject, enable: input.query.enable, live }));
      }),

    launchDrTest: (input) =>
      answer([400, 404, 409], () => {
        const { query } = input;
        const place = live.policies.get(query.policy);
        if (!place) throw notFound(`SyncIQ policy ${query.policy} (policy) was not found.`);
        const { policy, zone } = place;
        const active = live.state(policy.id).activeNode;
        const subject: FailoverSubject = {
          scope: 'policy',
          source: live.nodes.get(active)!,
          target: live.nodes.get(live.peerOf(zone, active))!,
          zone,
          policies: [policy],
          pools: zone.pools.filter((pool) => pool.policies.includes(policy.id)),
        };
        const drOptions = { datasync: query.datasync, configsync: query.configsync };
        return launch(subject, false, (id) => drTestPlan({ id, subject, enable: query.enable, live }, drOptions));
      }),

    getFailoverJob: (input) =>
      answer([404], () => {
        retention.sweep();
        return { status: 200 as const, body: views.view(findFailover(input.params.id)) };
      }),

    cancelFailoverJob: (input) =>
      answer([404, 409], () => {
        const { id } = input.params;
        const record = findFailover(id);
        const run = queue.find(id);
        if (record.state === 'finished' || !run?.cancel()) {
          const outcome = record.success ? 'it succeeded' : 'it did not succeed';
          throw conflict(`Failover job ${id} is already finished (${outcome}): there is nothing to cancel.`);
        }
        return { status: 200 as const, body: views.view(findFailover(id)) };
      }),

    getFailoverJobLog: (input) =>
      answer([404], () => {
        retention.sweep();
        const lines = store.log(input.params.id);
        if (!lines) throw notFound(`Failover job ${input.params.id} was not found.`);
        return { status: 200 as const, body: lines.map((line) => `${line}\n`).join('') };
      }),

    listReadinessJobs: (input) => answer([], () => listSingles('readiness', input)),
    runReadinessJob: () => answer([409], () => runSingle('readiness', (id) => readinessPlan(id, live))),
    getReadinessJob: (input) => answer([404], () => getSingle('readiness', input.params.id)),
    listReplicationJobs: (input) => answer([], () => listSingles('replication', input)),
    runReplicationJob: () => answer([409], () => runSingle('replication', (id) => replicationPlan(id, live))),
    getReplicationJob: (input) => answer([404], () => getSingle('replication', input.params.id)),
  };

  const guarded = Object.fromEntries(
    Object.entries(handlers).map(([name, operation]) => [
      name,
      open(operation as (input: unknown) => Promise<unknown>),
    ]),
  ) as unknown as JobsHandlers;

  return {
    clock,
    inventory,
    live,
    retention: retention.rules,
    recovered,
    ...guarded,

    close() {
      if (closed) return;
      closed = true;
      for (const run of [...queue.all(), ...Object.values(singles)]) run.halt();
      if (!db.open) return;
      try {
        const interrupted = recoverInterruptedJobs(store, clock.now(), live);
        if (interrupted.length > 0) logger?.info({ jobs: interrupted }, 'running jobs finished as interrupted');
      } catch (error) {
        if (!(error instanceof StorageFailure)) throw error;
        logger?.warn(
          { err: error.message },
          'running jobs could not be recorded as interrupted: the next start finishes them so',
        );
      } finally {
        if (ownsDb) db.close();
      }
    },
  };
}

/**
 * The control API of one simulator server: the clock, the service host, and the books of
 * readiness, outcomes, faults, the journal and the snapshots, with the handlers of the control
 * API's operations over them and the hooks that let faults and the journal see the appliance API.
 */
import { errorResult } from '@eyeglass-jobs/server';
import { basePath as applianceBasePath } from '@eyeglass-jobs/spec';
import type { FastifyInstance } from 'fastify';
import type { Inventory, ReadinessSetting } from '../inventory/inventory.js';
import type { SimulatorService } from '../service.js';
import type { ControlledClock } from './controlled-clock.js';
import { parseDuration } from './duration.js';
import { FaultBook, FaultError } from './faults.js';
import type { ControlHandlers } from './generated/handlers.gen.js';
import type { Clock, Snapshot, Status } from './generated/models.gen.js';
import { type Interception, interceptAppliance } from './interception.js';
import { RequestJournal } from './journal.js';
import { OutcomeBook, OutcomeError } from './outcomes.js';
import { EntityError, ReadinessBook } from './readiness.js';
import { ServiceHost, type ServiceHostOptions } from './service-host.js';

/** How many snapshots are kept at most. */
export const MAX_SNAPSHOTS = 32;

interface SavedState {
  snapshot: Snapshot;
  image: Buffer;
  readiness: Map<string, ReadinessSetting>;
}

export interface ControlPlaneOptions extends Omit<ServiceHostOptions, 'started' | 'adjustPlan'> {
  inventory: Inventory;
}

export class ControlPlane {
  readonly clock: ControlledClock;
  readonly host: ServiceHost;
  readonly faults = new FaultBook();
  readonly outcomes = new OutcomeBook();
  readonly readiness = new ReadinessBook();
  readonly journal = new RequestJournal();
  private readonly snapshots = new Map<string, SavedState>();
  private snapshotCount = 0;
  private interception: Interception | undefined;
  /** The readiness a new service starts with: none after a reset, a snapshot's after a restore. */
  private loading: Map<string, ReadinessSetting> | undefined;

  constructor(options: ControlPlaneOptions) {
    this.clock = options.clock;
    this.host = new ServiceHost({
      ...options,
      adjustPlan: (plan, live) => this.outcomes.apply(plan, live),
      started: (service) => this.readiness.load(service.live, this.loading),
    });
  }

  get service(): SimulatorService {
    return this.host.service;
  }

  /** Lets the journal and the faults see every request under the appliance's base path. */
  intercept(app: FastifyInstance): void {
    this.interception = interceptAppliance(app, {
      basePath: applianceBasePath,
      clock: () => this.clock,
      faults: this.faults,
      journal: this.journal,
    });
  }

  clockView(): Clock {
    const now = this.clock.now();
    return {
      now,
      time: new Date(now).toISOString(),
      frozen: this.clock.frozen,
      speed: this.clock.speed,
      pending: this.clock.pending(),
    };
  }

  /** Drops what tests set up around the state: outcomes, faults, hanging requests, the journal. */
  private clearSetup(): void {
    this.outcomes.clear();
    this.faults.clear();
    this.interception?.release();
    this.journal.clear();
  }

  reset(): void {
    this.clearSetup();
    this.loading = undefined;
    this.host.replace(undefined);
  }

  async snapshot(): Promise<Snapshot | { conflict: string }> {
    const jobs = await this.host.jobs();
    if (jobs.running.length > 0) {
      const list = jobs.running.join(', ');
      const one = jobs.running.length === 1;
      return {
        conflict: `Job${one ? '' : 's'} ${list} ${one ? 'is' : 'are'} pending or running: a snapshot holds no running job; wait for ${one ? 'it' : 'them'} to finish, or cancel ${one ? 'it' : 'them'}.`,
      };
    }
    if (this.snapshots.size >= MAX_SNAPSHOTS) {
      return { conflict: `${MAX_SNAPSHOTS} snapshots are kept already: delete one to take another.` };
    }
    const snapshot: Snapshot = {
      id: `snapshot-${++this.snapshotCount}`,
      created: this.clock.now(),
      jobs: jobs.all.length,
    };
    this.snapshots.set(snapshot.id, { snapshot, image: this.host.image(), readiness: this.readiness.saved() });
    return { ...snapshot };
  }

  restore(id: string): Snapshot | undefined {
    const saved = this.snapshots.get(id);
    if (!saved) return undefined;
    this.clearSetup();
    this.loading = saved.readiness;
    this.host.replace(saved.image);
    return { ...saved.snapshot };
  }

  async status(): Promise<Status> {
    const jobs = await this.host.jobs();
    return {
      clock: this.clockView(),
      readiness: this.readiness.size,
      outcomes: this.outcomes.size,
      faults: this.faults.size,
      requests: this.journal.size,
      snapshots: this.snapshots.size,
      runningJobs: jobs.running.length,
    };
  }

  close(): void {
    this.interception?.release(true);
    this.host.close();
  }

  /** The handlers of the control API's operations. */
  handlers(): ControlHandlers {
    const live = () => this.service.live;
    const entityError = (error: unknown) => {
      if (error instanceof EntityError) return errorResult(error.status, error.message);
      throw error;
    };
    return {
      getStatus: async () => ({ status: 200, body: await this.status() }),
      listReadiness: () => ({ status: 200, body: this.readiness.list(live()) }),
      setReadiness: ({ params, body }) => {
        try {
          return { status: 200, body: this.readiness.set(live(), params.id, body) };
        } catch (error) {
          return entityError(error);
        }
      },
      clearReadiness: ({ params }) => {
        try {
          return { status: 200, body: this.readiness.clear(live(), params.id) };
        } catch (error) {
          return entityError(error);
        }
      },
      listOutcomes: () => ({ status: 200, body: this.outcomes.list() }),
      injectOutcome: ({ body }) => {
        try {
          return { status: 201, body: this.outcomes.inject(body, live()) };
        } catch (error) {
          if (error instanceof OutcomeError) return errorResult(error.status, error.message);
          throw error;
        }
      },
      clearOutcomes: () => {
        this.outcomes.clear();
        return { status: 204 };
      },
      listFaults: () => ({ status: 200, body: this.faults.list() }),
      injectFault: ({ body }) => {
        try {
          return { status: 201, body: this.faults.inject(body) };
        } catch (error) {
          if (error instanceof FaultError) return errorResult(400, error.message);
          throw error;
        }
      },
      clearFaults: () => {
        this.faults.clear();
        this.interception?.release();
        return { status: 204 };
      },
      getClock: () => ({ status: 200, body: this.clockView() }),
      setClock: ({ body }) => {
        if (body.speed !== undefined) this.clock.setSpeed(body.speed);
        if (body.frozen === true) this.clock.freeze();
        if (body.frozen === false) this.clock.resume();
        return { status: 200, body: this.clockView() };
      },
      advanceClock: ({ body }) => {
        let ms: number;
        try {
          ms = parseDuration(body.by);
        } catch (error) {
          return errorResult(400, `Request body field 'by': ${(error as Error).message}`);
        }
        this.clock.advance(ms);
        return { status: 200, body: this.clockView() };
      },
      reset: () => {
        this.reset();
        return { status: 204 };
      },
      listSnapshots: () => ({
        status: 200,
        body: [...this.snapshots.values()].map(({ snapshot }) => ({ ...snapshot })),
      }),
      createSnapshot: async () => {
        const taken = await this.snapshot();
        return 'conflict' in taken ? errorResult(409, taken.conflict) : { status: 201, body: taken };
      },
      deleteSnapshot: ({ params }) => {
        if (!this.snapshots.delete(params.id)) return errorResult(404, `No snapshot has the id ${params.id}.`);
        return { status: 204 };
      },
      restoreSnapshot: ({ params }) => {
        const restored = this.restore(params.id);
        return restored ? { status: 200, body: restored } : errorResult(404, `No snapshot has the id ${params.id}.`);
      },
      listRequests: ({ query }) => ({
        status: 200,
        body: this.journal.list({
          ...(query.limit === undefined ? {} : { limit: query.limit }),
          ...(query.operation === undefined ? {} : { operation: query.operation }),
        }),
      }),
      clearRequests: () => {
        this.journal.clear();
        return { status: 204 };
      },
    };
  }
}

/**
 * Holds the simulator service of a server with the control API, and replaces it when the state is
 * reset or a snapshot restored: the state is the database, so a reset opens an empty one and a
 * restore opens a copy of the snapshot's, and a new service starts over it (on the same clock,
 * with a fresh copy of the inventory). The routes call the service through `handlers`, which
 * always reach the current one.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { EyeglassJobsError } from '@eyeglass-jobs/server';
import { operations } from '@eyeglass-jobs/spec';
import type { JobsHandlers, OperationName } from '../contract.js';
import type { Inventory } from '../inventory/inventory.js';
import { withQueryDefaults } from '../query-defaults.js';
import { createSimulatorService, type SimulatorOptions, type SimulatorService } from '../service.js';
import { openDatabase, openDatabaseImage, type SimulatorDatabase } from '../store/database.js';
import type { ControlledClock } from './controlled-clock.js';

export interface ServiceHostOptions extends Omit<SimulatorOptions, 'db' | 'dbPath' | 'clock' | 'inventory'> {
  /** `:memory:` or a file. */
  dbPath: string;
  clock: ControlledClock;
  inventory: Inventory;
  /** Called with every service started, the first one included. */
  started?: (service: SimulatorService) => void;
}

const noInput = { params: {}, headers: {}, body: undefined };

/** The bytes of an empty database with the simulator's tables. */
function emptyImage(): Buffer {
  const db = openDatabase(':memory:');
  try {
    return db.serialize();
  } finally {
    db.close();
  }
}

/** Replaces a closed database file with `image`, durably: written aside, synced, renamed over it. */
function replaceFile(path: string, image: Buffer): void {
  // The file was closed cleanly, so its WAL is checkpointed; a stale one must not meet the new file.
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    writeSync(fd, image);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

export class ServiceHost {
  private db: SimulatorDatabase;
  private current: SimulatorService;
  /** The operations of the appliance API, each calling the current service. */
  readonly handlers: JobsHandlers;

  constructor(private readonly options: ServiceHostOptions) {
    this.db = openDatabase(options.dbPath);
    this.current = this.start();
    const handlers: Record<string, unknown> = {};
    for (const { operationId } of operations) {
      const name = operationId as OperationName;
      handlers[name] = (...args: unknown[]) =>
        (this.current[name] as (...args: unknown[]) => unknown).apply(this.current, args);
    }
    this.handlers = handlers as unknown as JobsHandlers;
  }

  get service(): SimulatorService {
    return this.current;
  }

  private start(): SimulatorService {
    const { started, dbPath: _path, ...options } = this.options;
    const service = createSimulatorService({
      ...options,
      db: this.db,
      inventory: structuredClone(this.options.inventory),
    });
    started?.(service);
    return service;
  }

  /** The database as bytes, to restore later. */
  image(): Buffer {
    return this.db.serialize();
  }

  /** Stops the current service and starts one over `image`, or over an empty database. */
  replace(image: Buffer | undefined): void {
    this.current.close();
    this.db.close();
    const { dbPath } = this.options;
    if (dbPath === ':memory:') {
      this.db = image ? openDatabaseImage(image) : openDatabase(':memory:');
    } else {
      try {
        replaceFile(dbPath, image ?? emptyImage());
      } finally {
        // Reopened whatever happened, so the simulator goes on with the file as it now is.
        this.db = openDatabase(dbPath);
      }
    }
    this.current = this.start();
  }

  /** The ids of every job kept, and of those pending or running. */
  async jobs(): Promise<{ all: string[]; running: string[] }> {
    const service = this.current;
    const list = async (state: 'all' | 'running'): Promise<string[]> => {
      const [failover, readiness, replication] = await Promise.all([
        service.listFailoverJobs({ ...noInput, query: withQueryDefaults('listFailoverJobs', { state }) }),
        service.listReadinessJobs({ ...noInput, query: withQueryDefaults('listReadinessJobs', { state }) }),
        service.listReplicationJobs({ ...noInput, query: withQueryDefaults('listReplicationJobs', { state }) }),
      ]);
      const lists = [failover, readiness, replication].map((reply) => {
        // The storage failed (or the simulator is closing): no answer about its jobs can be given.
        if (reply.status !== 200) throw new EyeglassJobsError(503, reply.body.message);
        return reply.body;
      });
      return lists.flat().map((job) => job.id);
    };
    const [all, running] = await Promise.all([list('all'), list('running')]);
    return { all, running };
  }

  close(): void {
    this.current.close();
    if (this.db.open) this.db.close();
  }
}

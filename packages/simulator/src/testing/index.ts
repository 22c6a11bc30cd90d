/**
 * `@eyeglass-jobs/simulator/testing`: a simulator per test, in process, for Vitest, Jest and
 * `node:test` alike (nothing here imports a test framework). Each one has an in-memory database, a
 * free port on 127.0.0.1, keys of its own and the control API turned on, so many run side by side
 * in one process.
 *
 * ```ts
 * const sim = await startSimulator({ clock: 'manual' });
 * const eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
 * await sim.control.injectFault({ operation: 'launchFailover', kind: 'commit-then-drop' });
 * await sim.control.advanceClock('1h');
 * await sim.close();
 * ```
 */
import { randomBytes } from 'node:crypto';
import { readDocsPage } from '@eyeglass-jobs/docs';
import { basePath } from '@eyeglass-jobs/spec';
import { generateApiKey } from '../cli/api-keys.js';
import { readControlDocsPage } from '../control/docs-page.js';
import { controlBasePath } from '../control/plugin.js';
import type { RetentionOverrides } from '../engine/retention.js';
import { type Inventory, loadInventoryFile, parseInventory } from '../inventory/inventory.js';
import { createSimulator, type SimulatorServer } from '../server.js';
import type { SimulatorService } from '../service.js';
import { controlClient, type SimulatorControl } from './control.js';

export { type ControlCall, type RequestOptions, SimulatorControlError } from '../control/client-transport.js';
export { type Duration, parseDuration } from '../control/duration.js';
export type * from '../control/generated/client.gen.js';
export type {
  ApplianceOperationId,
  Clock,
  Fault,
  FaultKind,
  FaultRequest,
  Outcome,
  OutcomeRequest,
  Readiness,
  ReadinessRequest,
  RequestRecord,
  Snapshot,
  Status,
} from '../control/generated/models.gen.js';
export { type ControlClientOptions, controlClient, type SimulatorControl } from './control.js';

export interface StartSimulatorOptions {
  /**
   * The inventory: an object in the inventory file's format (checked field by field), or the path
   * of such a file; the built-in one by default.
   */
  inventory?: Inventory | Record<string, unknown> | string;
  /** How many times faster than the appliance jobs run; 1 by default. */
  speed?: number;
  /** `manual` freezes the clock: time moves only with `sim.control.advanceClock`. `real` by default. */
  clock?: 'real' | 'manual';
  /**
   * The time the clock starts at (epoch milliseconds, an ISO string or a Date); now by default. With
   * `clock: 'manual'` and a start time, every timestamp a test sees is the same at every run.
   */
  startTime?: number | string | Date;
  /** The api_key the appliance API accepts; a new `igls-` key by default. */
  apiKey?: string;
  /** The key of the control API; a new one by default. */
  controlKey?: string;
  /** How many failover jobs run at once; 5, as on the appliance. */
  failoverLimit?: number;
  retention?: RetentionOverrides;
  /** Checks every answer of both APIs against their specs and answers 500 when one breaks it. Off by default. */
  validateResponses?: boolean;
}

export interface TestSimulator {
  /** The appliance API's root, `http://127.0.0.1:<port>/sera`: the client's `baseUrl`. */
  readonly url: string;
  /** The api_key to give the client. */
  readonly apiKey: string;
  /** The control API's root, `http://127.0.0.1:<port>/control`. */
  readonly controlUrl: string;
  readonly controlKey: string;
  /** The control API: readiness, outcomes, faults, the clock, state and the journal. */
  readonly control: SimulatorControl;
  /** The service in process, for what the APIs do not show. */
  readonly service: SimulatorService;
  /** Stops the simulator: open connections are closed, running jobs end, the database goes. */
  close(): Promise<void>;
}

function inventoryOf(value: StartSimulatorOptions['inventory']): Inventory | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? loadInventoryFile(value) : parseInventory(value, 'the inventory option');
}

function startTimeOf(value: StartSimulatorOptions['startTime']): number | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === 'number' ? value : new Date(value).getTime();
  if (!Number.isSafeInteger(time) || time < 0) throw new RangeError(`startTime ${String(value)} is not a time.`);
  return time;
}

/** Closes a server, and every connection it still has, however its clients keep them. */
async function closeServer(server: SimulatorServer): Promise<void> {
  const { app } = server;
  const closing = app.close();
  // Clients reconnect on their own (undici keeps a spare connection): close them until it is over.
  const sweep = setInterval(() => app.server.closeAllConnections(), 20);
  app.server.closeAllConnections();
  try {
    await closing;
  } finally {
    clearInterval(sweep);
  }
}

/** Starts a simulator in process on a free port, with the control API on. */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<TestSimulator> {
  const apiKey = options.apiKey ?? generateApiKey();
  const controlKey = options.controlKey ?? `ctl-${randomBytes(16).toString('hex')}`;
  const inventory = inventoryOf(options.inventory);
  const startTime = startTimeOf(options.startTime);
  const server = await createSimulator({
    dbPath: ':memory:',
    apiKeys: [apiKey],
    speed: options.speed ?? 1,
    docsPage: readDocsPage,
    validateResponses: options.validateResponses ?? false,
    control: {
      key: controlKey,
      clock: options.clock ?? 'real',
      docsPage: readControlDocsPage,
      ...(startTime === undefined ? {} : { startTime }),
    },
    ...(inventory ? { inventory } : {}),
    ...(options.failoverLimit === undefined ? {} : { failoverLimit: options.failoverLimit }),
    ...(options.retention ? { retention: options.retention } : {}),
  });
  try {
    await server.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  const controlUrl = `${origin}${controlBasePath}`;
  let closed: Promise<void> | undefined;
  return {
    url: `${origin}${basePath}`,
    apiKey,
    controlUrl,
    controlKey,
    control: controlClient({ url: controlUrl, key: controlKey }),
    get service() {
      return server.service;
    },
    close() {
      closed ??= closeServer(server);
      return closed;
    },
  };
}

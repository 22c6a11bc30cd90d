/** A simulator of the Superna Eyeglass Jobs v2 API: inventory, jobs on a clock, SQLite persistence. */
export { ApiError, type RefusalStatus } from './api-error.js';
export {
  type Clock,
  type ClockTimer,
  createFakeClock,
  createRealClock,
  type FakeClock,
  speedRange,
} from './clock.js';
export type { JobsHandlers, OperationInput, OperationName, QueryInput, Reply } from './contract.js';
export type { RetentionRule } from './domain/job.js';
export { stepNames } from './domain/step-names.js';
export { failoverTiming } from './engine/failover-plan.js';
export { defaultFailoverLimit } from './engine/failover-queue.js';
export { defaultRetention, type RetentionOptions, type RetentionOverrides } from './engine/retention.js';
export { defaultInventory, defaultInventoryJson } from './inventory/default-inventory.js';
export {
  type Fault,
  type Inventory,
  InventoryError,
  loadInventoryFile,
  type NodeEntry,
  type PolicyEntry,
  type PoolEntry,
  parseInventory,
  type ZoneEntry,
} from './inventory/inventory.js';
export { queryDefaults, withQueryDefaults } from './query-defaults.js';
export { createSimulator, type SimulatorServer, type SimulatorServerOptions } from './server.js';
export {
  createSimulatorService,
  type JobEventLogger,
  type SimulatorOptions,
  type SimulatorService,
} from './service.js';
export { openDatabase, type SimulatorDatabase, schemaVersion } from './store/database.js';

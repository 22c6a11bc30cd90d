/**
 * A simulator of the Superna Eyeglass Jobs v2 API: inventory, jobs on a clock, SQLite persistence,
 * and a control API for tests (`@eyeglass-jobs/simulator/testing` starts one per test).
 */
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
export {
  type ControlledClock,
  type ControlledClockOptions,
  createControlledClock,
} from './control/controlled-clock.js';
export { readControlDocsPage } from './control/docs-page.js';
export {
  basePath as controlBasePath,
  document as controlDocument,
  type OperationId as ControlOperationId,
  operations as controlOperations,
} from './control/generated/document.gen.js';
export type { ControlHandlers } from './control/generated/handlers.gen.js';
export { type ControlOptions, checkControlKey } from './control/setup.js';
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

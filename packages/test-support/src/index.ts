/**
 * `@eyeglass-jobs/test-support`: what the workspace's tests, benchmarks and durability runs share,
 * written once. Private: it is never published.
 */
export { readBanner, type SimulatorBanner } from './banner.js';
export { CHROMIUM_PATH, chromiumMissing, launchChromium } from './chromium.js';
export { type PrismOptions, type PrismServer, startPrism } from './prism.js';
export {
  type Exit,
  killLeftoverProcesses,
  type ProcessOptions,
  spawnTypeScript,
  type WatchedProcess,
  waitForOutput,
} from './process.js';
export { type ServerProcess, startServerProcess } from './server-process.js';
export {
  type SimulatorOptions,
  type SimulatorProcess,
  type SpawnedSimulator,
  spawnSimulator,
  startSimulator,
} from './simulator-process.js';
export { SOURCE_CONDITION, tsxArguments } from './tsx.js';

/**
 * The `eyeglass-sim` command in a child process, ready once its banner is printed in full. The
 * caller names the command's entry: the simulator's own tests pass their `src/cli/eyeglass-sim.ts`,
 * other packages what `@eyeglass-jobs/simulator/cli` resolves to.
 */
import { readBanner, type SimulatorBanner } from './banner.js';
import { type ProcessOptions, spawnTypeScript, type WatchedProcess, waitForOutput } from './process.js';

export interface SimulatorOptions extends ProcessOptions {
  /** The command's TypeScript entry. */
  entry: string;
  /** The command's arguments, such as `['--port', '0', '--db', ':memory:']`. */
  args?: readonly string[];
}

/** A simulator that may or may not get as far as its banner (it may be killed while starting). */
export interface SpawnedSimulator extends WatchedProcess {
  /** The banner once it is printed in full; undefined if the process exits first. */
  ready: Promise<SimulatorBanner | undefined>;
}

/** A simulator that printed its banner. */
export interface SimulatorProcess extends SpawnedSimulator {
  banner: SimulatorBanner;
  /** The API's base URL, as the banner prints it. */
  url: string;
  /** The URL's origin, without the base path. */
  origin: string;
  /** Date.now() once the banner was read. */
  readyAt: number;
}

const START_TIMEOUT_MS = 60_000;

export function spawnSimulator(options: SimulatorOptions): SpawnedSimulator {
  const watched = spawnTypeScript(options.entry, options.args, options);
  return { ...watched, ready: watched.when(readBanner) };
}

/** Starts a simulator and waits for its banner; rejects with its output if it exits or hangs first. */
export async function startSimulator(
  options: SimulatorOptions & { startTimeoutMs?: number },
): Promise<SimulatorProcess> {
  const spawned = spawnSimulator(options);
  const banner = await waitForOutput(spawned, 'eyeglass-sim', readBanner, options.startTimeoutMs ?? START_TIMEOUT_MS);
  return { ...spawned, banner, url: banner.url, origin: banner.origin, readyAt: Date.now() };
}

/**
 * One simulator per test file: started before the file's tests and stopped after them, with a
 * client to check what the CLI did, and `run` to run `eyeglass` in process against it.
 */
import { createEyeglassClient, type EyeglassClient } from '@eyeglass-jobs/client';
import { afterAll, beforeAll } from 'vitest';
import { eyeglass, type InProcessOptions, type RunResult, simulatorEnv } from './eyeglass.js';
import { killLeftoverSimulators, type RunningSimulator, type SimulatorOptions, startSimulator } from './simulator.js';

export interface SimulatorFixture {
  readonly simulator: RunningSimulator;
  /** A client of the simulator, to check what the CLI did. */
  readonly eg: EyeglassClient;
  /** Runs `eyeglass` in process, pointed at the simulator (`options.env` may override). */
  run(args: string[], options?: InProcessOptions): Promise<RunResult>;
}

export function useSimulator(options: SimulatorOptions): SimulatorFixture {
  let simulator: RunningSimulator | undefined;
  let eg: EyeglassClient | undefined;
  beforeAll(async () => {
    simulator = await startSimulator(options);
    eg = createEyeglassClient({ baseUrl: simulator.url, apiKey: simulator.apiKey });
  });
  afterAll(async () => {
    await simulator?.stop();
    killLeftoverSimulators();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the simulator is not started yet');
    return value;
  };
  return {
    get simulator() {
      return started(simulator);
    },
    get eg() {
      return started(eg);
    },
    run(args, runOptions = {}) {
      return eyeglass(args, { ...runOptions, env: { ...simulatorEnv(started(simulator)), ...runOptions.env } });
    },
  };
}

/** `failover <target> --from <from> --to <to>`. */
export function failoverOf(target: string, from = 'production', to = 'dr'): string[] {
  return ['failover', target, '--from', from, '--to', to];
}

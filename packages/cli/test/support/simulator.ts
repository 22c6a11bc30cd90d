/**
 * The simulator as the CLI meets it: `eyeglass-sim` in a child process on a fast clock, with the
 * URL and development key read from its banner. Everything about starting it is in this file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The simulator package as this package's dev dependency links it.
const simulatorDir = fileURLToPath(new URL('../../node_modules/@eyeglass-jobs/simulator/', import.meta.url));
const entry = join(simulatorDir, 'src/cli/eyeglass-sim.ts');

export interface SimulatorOptions {
  /** How many times faster than the appliance jobs run. */
  speed: number;
  /** An inventory, written to a file for `--inventory`. */
  inventory?: unknown;
  tls?: boolean;
}

export interface RunningSimulator {
  /** The API root the banner names, such as `http://127.0.0.1:41234/sera`. */
  url: string;
  /** The development key the banner prints. */
  apiKey: string;
  /** The self-signed certificate, with `tls`. */
  certPath?: string;
  /** Stops the process with SIGTERM and removes its files. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills, by their own process ids, the simulators a test file left running. */
export function killLeftoverSimulators(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const folder = mkdtempSync(join(tmpdir(), 'eyeglass-cli-sim-'));
  const args = ['--port', '0', '--db', join(folder, 'sim.db'), '--speed', String(options.speed)];
  if (options.inventory) {
    const file = join(folder, 'inventory.json');
    writeFileSync(file, JSON.stringify(options.inventory));
    args.push('--inventory', file);
  }
  if (options.tls) args.push('--tls');
  const child = spawn(process.execPath, ['--conditions=@eyeglass-jobs/source', '--import', 'tsx', entry, ...args], {
    cwd: simulatorDir,
    env: { ...process.env, EYEGLASS_SIM_API_KEYS: '', EYEGLASS_SIM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`eyeglass-sim did not start:\n${output}`)), 30_000);
    const collect = (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (\S+)/.exec(output)?.[1];
      const apiKey = /^ {2}api_key +(igls-\S+)/m.exec(output)?.[1];
      // The banner ends with a blank line after the curl lines.
      if (!url || !apiKey || !/state=running'\n/.test(output)) return;
      clearTimeout(timer);
      child.stdout!.off('data', collect);
      child.stdout!.resume(); // keeps draining its log lines
      const certPath = /^ {2}tls +self-signed certificate (\S+)$/m.exec(output)?.[1];
      resolve({
        url,
        apiKey,
        ...(certPath && { certPath }),
        async stop() {
          child.kill('SIGTERM');
          await exited;
          rmSync(folder, { recursive: true, force: true });
        },
      });
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`eyeglass-sim exited before listening:\n${output}`));
    });
  });
}

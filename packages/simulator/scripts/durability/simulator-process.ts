/**
 * The `eyeglass-sim` command as a child process on a file database: started on a free port,
 * ready once it printed its banner, with the ids of the jobs it finished as interrupted at
 * start-up read from its log (which the banner counts). Only warnings are logged, so the log
 * stays small under load.
 */
import { fileURLToPath } from 'node:url';
import { type SimulatorProcess, type SpawnedSimulator, spawnSimulator } from '@eyeglass-jobs/test-support';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('../../src/cli/eyeglass-sim.ts', import.meta.url));
const recoveryMessage = 'jobs left unfinished by the last run finished as interrupted';

export interface SimulatorProcessOptions {
  dbPath: string;
  apiKey: string;
  speed: number;
}

export type { SpawnedSimulator };

/** A simulator that started on the file database, with the jobs it finished as interrupted. */
export interface RestartedSimulator extends SimulatorProcess {
  /** The jobs the process finished as interrupted at start-up, as its log lists them. */
  recovered: string[];
}

/**
 * The ids of the jobs a process finished as interrupted at start-up, from its JSON log lines. A
 * process killed while starting may have left a last line cut short, which is skipped.
 */
export function recoveredJobs(stdout: string): string[] {
  const ids: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{') || !line.includes(recoveryMessage)) continue;
    try {
      ids.push(...((JSON.parse(line) as { jobs?: string[] }).jobs ?? []));
    } catch {
      // cut short by a kill
    }
  }
  return ids;
}

export function spawnSimulatorProcess(options: SimulatorProcessOptions): SpawnedSimulator {
  return spawnSimulator({
    entry,
    args: ['--db', options.dbPath, '--api-key', options.apiKey, '--speed', String(options.speed), '--port', '0'],
    cwd: packageDir,
    env: { EYEGLASS_SIM_API_KEYS: '', EYEGLASS_SIM_LOG_LEVEL: 'warn' },
  });
}

/** Starts a process and waits for its banner. */
export async function startSimulatorProcess(options: SimulatorProcessOptions): Promise<RestartedSimulator> {
  const spawned = spawnSimulatorProcess(options);
  const banner = await spawned.ready;
  if (!banner) throw new Error(`eyeglass-sim did not print its banner:\n${spawned.output()}`);
  const recovered = recoveredJobs(spawned.stdout());
  if (banner.recovered !== recovered.length) {
    throw new Error(`The banner counts ${banner.recovered} interrupted jobs, the log lists ${recovered.length}.`);
  }
  return { ...spawned, banner, url: banner.url, origin: banner.origin, recovered, readyAt: Date.now() };
}

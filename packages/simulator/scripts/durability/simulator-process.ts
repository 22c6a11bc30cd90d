/**
 * The `eyeglass-sim` command as a child process on a file database: started on a free port,
 * ready once it printed its banner, with the ids of the jobs it finished as interrupted at
 * start-up read from its log (which the banner counts). Only warnings are logged, so the log
 * stays small under load.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { basePath } from '@eyeglass-jobs/spec';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('../../src/cli/eyeglass-sim.ts', import.meta.url));
const recoveryMessage = 'jobs left unfinished by the last run finished as interrupted';

export interface SimulatorProcessOptions {
  dbPath: string;
  apiKey: string;
  speed: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the exit was seen. */
  at: number;
}

export interface SimulatorProcess extends SpawnedSimulator {
  /** `http://127.0.0.1:<port>`, without the base path. */
  origin: string;
  /** The jobs the process finished as interrupted at start-up, as its log lists them. */
  recovered: string[];
  /** Date.now() once the banner was printed. */
  readyAt: number;
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

/** A process that may or may not get as far as its banner (it may be killed while starting). */
export interface SpawnedSimulator {
  child: ChildProcess;
  exited: Promise<Exit>;
  /** The origin once the banner is printed; undefined if the process exits first. */
  ready: Promise<string | undefined>;
  stop(signal: NodeJS.Signals): Promise<Exit>;
  output(): string;
  stdout(): string;
}

export function spawnSimulatorProcess(options: SimulatorProcessOptions): SpawnedSimulator {
  const args = ['--db', options.dbPath, '--api-key', options.apiKey, '--speed', String(options.speed), '--port', '0'];
  const child = spawn(process.execPath, ['--conditions=@eyeglass-jobs/source', '--import', 'tsx', entry, ...args], {
    cwd: packageDir,
    env: { ...process.env, EYEGLASS_SIM_API_KEYS: '', EYEGLASS_SIM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const ready = new Promise<string | undefined>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk;
      // The banner's last line; the URL is on its first.
      if (stdout.includes("state=running'")) resolve(/listening on (\S+)/.exec(stdout)?.[1]);
    });
    void exited.then(() => resolve(undefined));
  });
  return {
    child,
    exited,
    ready,
    output: () => `${stdout}${stderr}`,
    stdout: () => stdout,
    stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts a process and waits for its banner. */
export async function startSimulatorProcess(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
  const spawned = spawnSimulatorProcess(options);
  const url = await spawned.ready;
  if (!url?.endsWith(basePath)) throw new Error(`eyeglass-sim did not print its URL:\n${spawned.output()}`);
  const stdout = spawned.stdout();
  const recovered = recoveredJobs(stdout);
  const counted = /\((\d+) unfinished jobs finished as interrupted\)/.exec(stdout);
  if (Number(counted?.[1] ?? 0) !== recovered.length) {
    throw new Error(`The banner counts ${counted?.[1] ?? 0} interrupted jobs, the log lists ${recovered.length}.`);
  }
  return { ...spawned, origin: url.slice(0, -basePath.length), recovered, readyAt: Date.now() };
}

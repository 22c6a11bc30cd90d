/**
 * The `eyeglass-sim` command as a child process on a file database: started on a free port,
 * ready once it printed its banner, with the ids of the jobs it finished as interrupted at
 * start-up read from its log. Only warnings are logged, so the log stays small under load.
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

export interface SimulatorProcess {
  /** `http://127.0.0.1:<port>`, without the base path. */
  origin: string;
  /** The jobs the process finished as interrupted at start-up, as its log lists them. */
  recovered: string[];
  /** Date.now() once the banner was printed. */
  readyAt: number;
  child: ChildProcess;
  exited: Promise<Exit>;
  /** Sends a signal and waits for the exit. */
  stop(signal: NodeJS.Signals): Promise<Exit>;
  output(): string;
}

/** Reads the recovered job ids from the JSON log lines, and checks them against the banner's count. */
function recoveredJobs(stdout: string): string[] {
  const ids: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const record = JSON.parse(line) as { msg?: string; jobs?: string[] };
    if (record.msg === recoveryMessage) ids.push(...(record.jobs ?? []));
  }
  const counted = /\((\d+) unfinished jobs finished as interrupted\)/.exec(stdout);
  if (Number(counted?.[1] ?? 0) !== ids.length) {
    throw new Error(`The banner counts ${counted?.[1] ?? 0} interrupted jobs, the log lists ${ids.length}.`);
  }
  return ids;
}

export async function startSimulatorProcess(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
  const args = ['--db', options.dbPath, '--api-key', options.apiKey, '--speed', String(options.speed), '--port', '0'];
  const child = spawn(process.execPath, ['--conditions=@eyeglass-jobs/source', '--import', 'tsx', entry, ...args], {
    cwd: packageDir,
    env: { ...process.env, EYEGLASS_SIM_API_KEYS: '', EYEGLASS_SIM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const output = () => `${stdout}${stderr}`;
  const ready = await new Promise<boolean>((resolve) => {
    const onData = () => {
      if (stdout.includes("state=running'")) resolve(true);
    };
    child.stdout!.on('data', onData);
    void exited.then(() => resolve(false));
  });
  if (!ready) throw new Error(`eyeglass-sim exited before it was ready:\n${output()}`);
  const url = /listening on (\S+)/.exec(stdout)?.[1];
  if (!url?.endsWith(basePath)) throw new Error(`No URL in the banner:\n${stdout}`);
  return {
    origin: url.slice(0, -basePath.length),
    recovered: recoveredJobs(stdout),
    readyAt: Date.now(),
    child,
    exited,
    output,
    stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

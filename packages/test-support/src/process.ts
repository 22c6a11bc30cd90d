/**
 * A TypeScript program in a child process, watched: its stdout and stderr are collected in the
 * order they arrive, readers wait for something to appear in its stdout, and every process still
 * running when a test ends can be killed by its own process id.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { tsxArguments } from './tsx.js';

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the exit was seen. */
  at: number;
}

export interface WatchedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** Everything written to stdout and stderr so far, interleaved as it came. */
  output(): string;
  /** Everything written to stdout so far. */
  stdout(): string;
  /**
   * Sends `signal` (SIGTERM by default) unless the process already ended, and resolves once it has
   * exited. A process still running `forceAfterMs` later is killed with SIGKILL, so a stop never hangs.
   */
  stop(signal?: NodeJS.Signals, forceAfterMs?: number): Promise<Exit>;
  /** Resolves with the first value `read` finds in stdout, or with undefined if the process exits first. */
  when<T>(read: (stdout: string) => T | undefined): Promise<T | undefined>;
}

export interface ProcessOptions {
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Options of `node` itself, placed before the loader (such as `--expose-gc`). */
  nodeOptions?: readonly string[];
  /** Also opens an IPC channel, for a child that reports with `process.send`. */
  ipc?: boolean;
}

const FORCE_AFTER_MS = 10_000;
const running = new Set<ChildProcess>();

/** Kills, each by its own process id, every process started here that is still running. */
export function killLeftoverProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function ended(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Starts `node` on a TypeScript entry with the workspace's sources (see `tsxArguments`). */
export function spawnTypeScript(
  entry: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): WatchedProcess {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...tsxArguments(entry, ...args)], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  running.add(child);
  let output = '';
  let stdout = '';
  const readers = new Set<() => void>();
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
    stdout += chunk;
    for (const reader of readers) reader();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  return {
    child,
    exited,
    output: () => output,
    stdout: () => stdout,
    stop(signal = 'SIGTERM', forceAfterMs = FORCE_AFTER_MS) {
      if (ended(child)) return exited;
      child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
      return exited.finally(() => clearTimeout(force));
    },
    when<T>(read: (text: string) => T | undefined): Promise<T | undefined> {
      return new Promise((resolve) => {
        const check = (): void => {
          const value = read(stdout);
          if (value === undefined) return;
          readers.delete(check);
          resolve(value);
        };
        readers.add(check);
        check();
        // 'exit' can come before the last stdout chunk is read; what remains is read on 'close'.
        child.once('close', () => {
          readers.delete(check);
          resolve(read(stdout));
        });
      });
    },
  };
}

/**
 * Waits for `read` to find a value in the process's stdout; throws, with everything the process
 * printed, if it exits first or `timeoutMs` passes (the process is then stopped).
 */
export async function waitForOutput<T>(
  watched: WatchedProcess,
  what: string,
  read: (stdout: string) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const found = await Promise.race([watched.when(read), timeout]).finally(() => clearTimeout(timer));
  if (found === 'timeout') {
    await watched.stop('SIGKILL');
    throw new Error(`${what} did not start within ${timeoutMs} ms:\n${watched.output()}`);
  }
  if (found === undefined) throw new Error(`${what} exited before listening:\n${watched.output()}`);
  return found;
}

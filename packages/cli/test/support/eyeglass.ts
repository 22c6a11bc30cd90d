/**
 * Runs `eyeglass` the two ways the tests need: in this process with captured streams (fast, for
 * most behaviour), and as a real child process (for what only a process shows: its exit status,
 * its signals, its stderr as a user sees it).
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type CliIo, type OutputStream, runCli } from '../../src/index.js';

export const mainEntry = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
export const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The command line that runs `eyeglass` from its sources, for a shell or a child process. */
export const eyeglassCommand = [process.execPath, '--conditions=@eyeglass-jobs/source', '--import', 'tsx', mainEntry];

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture implements OutputStream {
  text = '';
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  constructor(private readonly onWrite: () => void) {}
  write(chunk: string): boolean {
    this.text += chunk;
    this.onWrite();
    return true;
  }
}

export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Delivers one Ctrl-C, the first time this holds of what was written (stdout and stderr). */
  interruptWhen?: (written: string) => boolean;
}

/** Runs one command line in this process, with no terminal: stdin is an empty pipe. */
export async function eyeglass(args: string[], options: InProcessOptions = {}): Promise<RunResult> {
  const listeners: Array<() => void> = [];
  let interrupted = false;
  const check = () => {
    const listener = listeners.at(-1);
    if (interrupted || !listener || !options.interruptWhen?.(stdout.text + stderr.text)) return;
    interrupted = true;
    listener();
  };
  const stdout = new Capture(check);
  const stderr = new Capture(check);
  const stdin = new PassThrough();
  stdin.end();
  const io: CliIo = {
    stdin,
    stdout,
    stderr,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', ...options.env },
    cwd: options.cwd ?? process.cwd(),
    onInterrupt(listener) {
      listeners.push(listener);
      return () => {
        listeners.splice(listeners.lastIndexOf(listener), 1);
      };
    },
  };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export interface ChildRun extends RunResult {
  signal: NodeJS.Signals | null;
}

/** Runs `eyeglass` as a child process with pipes for its streams (no terminal). */
export function eyeglassProcess(
  args: string[],
  env: Record<string, string>,
  onOutput?: (stdout: string, child: ReturnType<typeof spawn>) => void,
): Promise<ChildRun> {
  const [node, ...nodeArgs] = eyeglassCommand;
  const child = spawn(node!, [...nodeArgs, ...args], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    onOutput?.(stdout, child);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
}

/** The environment that points `eyeglass` at a simulator. */
export function simulatorEnv(simulator: { url: string; apiKey: string }): Record<string, string> {
  return { EYEGLASS_URL: simulator.url, EYEGLASS_API_KEY: simulator.apiKey };
}

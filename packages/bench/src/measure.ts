/** Repeated measurement with a warm-up, quoting the median, so one noisy run on a shared machine does not decide. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface Samples {
  name: string;
  /** Milliseconds per run (or per call, for per-call measures). */
  samples: number[];
  median: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RunCounts {
  warmup: number;
  runs: number;
}

/** Times `work` `runs` times after `warmup` untimed runs. */
export async function measure(name: string, counts: RunCounts, work: () => Promise<unknown>): Promise<Samples> {
  for (let i = 0; i < counts.warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < counts.runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return { name, samples, median: median(samples) };
}

/** Runs a command to completion, failing with its output if it exits non-zero. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

/** A file inside an installed package, found the way Node looks for packages, without its `exports` map. */
export function bin(pkg: string, file: string): string {
  for (let dir = fileURLToPath(new URL('.', import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    if (dir === path.dirname(dir)) throw new Error(`${pkg}/${file} is not installed`);
  }
}

/** A long-running command whose output is read as it comes. */
export interface RunningProcess {
  /** Everything it printed so far, stdout and stderr in the order they came. */
  output(): string;
  /**
   * Resolves with the first match of `pattern` in what was printed after `from` characters. Rejects,
   * quoting the output, if `failure` is printed there first, if the process exits, or after `timeoutMs`.
   */
  waitFor(
    pattern: RegExp,
    options: { what: string; from: number; timeoutMs: number; failure?: RegExp },
  ): Promise<RegExpExecArray>;
  /** Kills it (nothing it does needs a clean stop) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts a command that runs until stopped; it is killed too if the bench exits first, so none is left behind. */
export function startProcess(command: string, args: string[], options: { cwd: string }): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let ended: string | undefined;
  const readers = new Set<() => void>();
  const wake = (): void => {
    for (const reader of readers) reader();
  };
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  // On a signal, the child goes first; the signal is then raised again for its usual effect.
  const killOnSignal = (signal: NodeJS.Signals): void => {
    child.kill('SIGKILL');
    process.kill(process.pid, signal);
  };
  process.once('exit', killOnExit);
  process.once('SIGINT', killOnSignal);
  process.once('SIGTERM', killOnSignal);
  const onOutput = (chunk: Buffer): void => {
    output += chunk.toString();
    wake();
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<void>((resolve) => {
    const end = (why: string): void => {
      ended ??= why;
      process.off('exit', killOnExit);
      process.off('SIGINT', killOnSignal);
      process.off('SIGTERM', killOnSignal);
      wake();
      resolve();
    };
    child.once('exit', (code, signal) => end(`exited with ${signal ?? code}`));
    child.once('error', (error) => end(`failed to start: ${error.message}`));
  });
  return {
    output: () => output,
    waitFor(pattern, { what, from, timeoutMs, failure }) {
      return new Promise((resolve, reject) => {
        const fail = (why: string): void => {
          readers.delete(read);
          clearTimeout(timer);
          reject(new Error(`${command} ${args.join(' ')}: ${why} while waiting for ${what}:\n${output.slice(-4000)}`));
        };
        const timer = setTimeout(() => fail(`nothing after ${timeoutMs} ms`), timeoutMs);
        const read = (): void => {
          const printed = output.slice(from);
          const match = pattern.exec(printed);
          if (match) {
            readers.delete(read);
            clearTimeout(timer);
            resolve(match);
          } else if (failure?.test(printed)) fail('it reported a failure');
          else if (ended) fail(`it ${ended}`);
        };
        readers.add(read);
        read();
      });
    },
    async stop() {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
  };
}

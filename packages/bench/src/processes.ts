/** Servers under test run in child processes of their own, so the load generator never shares their event loop. */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildServer {
  /** The origin the child printed, such as `http://127.0.0.1:40123`. */
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry with the workspace's source condition and waits for `listening on <url>`. */
export async function startChildServer(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ChildServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@eyeglass-jobs/source', '--import', 'tsx', entry, ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const origin = /listening on (https?:\/\/[\d.:[\]a-z]+)/i.exec(output)?.[1];
    if (origin) return { origin, output: () => output, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${entry} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

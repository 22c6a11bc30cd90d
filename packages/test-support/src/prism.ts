/**
 * Starts Prism on the bundled spec for contract tests: `mock` answers from the spec's examples,
 * `proxy` sits in front of a real server and turns every answer that breaks the spec into a 500
 * listing the violations (`--errors`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { specPath } from '@eyeglass-jobs/spec';

export interface PrismOptions {
  mode: 'mock' | 'proxy';
  /** The server Prism forwards to, in proxy mode, including the base path (`http://127.0.0.1:3000/sera`). */
  upstream?: string;
  /** The spec to serve; the bundled spec by default. */
  spec?: string;
  /** How long to wait for Prism to listen. */
  startTimeoutMs?: number;
}

export interface PrismServer {
  /** The base URL to send requests to, with no trailing slash. */
  url: string;
  /** Everything Prism printed, for diagnosing a failed test. */
  output(): string;
  stop(): Promise<void>;
}

/** Finds a free loopback port (Prism takes a port, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const prismCli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts Prism and resolves once it listens. */
export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  const port = await freePort();
  const args = [prismCli, options.mode, options.spec ?? specPath];
  if (options.mode === 'proxy') {
    if (!options.upstream) throw new Error('proxy mode needs an upstream URL');
    args.push(options.upstream, '--errors');
  }
  args.push('--host', '127.0.0.1', '--port', String(port));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!/Prism is listening/.test(output)) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`Prism did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => stopChild(child),
  };
}

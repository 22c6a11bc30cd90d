import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  killLeftoverProcesses,
  spawnTypeScript,
  startServerProcess,
  tsxArguments,
  waitForOutput,
} from '../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));

afterEach(killLeftoverProcesses);

describe('a TypeScript program in a child process', () => {
  it('runs with the workspace sources from any working directory, and stops on SIGTERM', async () => {
    const server = await startServerProcess(fixture('listening'), [], { cwd: tmpdir() });
    expect(server.origin).toBe('http://127.0.0.1:9');
    expect(server.output()).toContain('listening on http://127.0.0.1:9/sera');
    const exit = await server.stop();
    expect(exit.signal).toBe('SIGTERM');
  });

  it('runs an inline program given Node options instead of an entry', async () => {
    const program = "import { basePath } from '@eyeglass-jobs/spec'; console.log(basePath);";
    const { stdout } = await promisify(execFile)(process.execPath, tsxArguments('--input-type=module', '-e', program), {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    expect(stdout.trim()).toBe('/sera');
  });

  it('fails with everything it printed when it exits before listening', async () => {
    await expect(startServerProcess(fixture('fails'))).rejects.toThrow(
      /fails\.ts exited before listening:\nfails: --port must be a number/,
    );
  });

  it('fails after the start timeout, and is killed, when it never prints what is awaited', async () => {
    const watched = spawnTypeScript(fixture('stubborn'));
    await watched.when((out) => (out.includes('ready') ? true : undefined));
    await expect(waitForOutput(watched, 'the stubborn one', (out) => /never/.exec(out)?.[0], 200)).rejects.toThrow(
      'the stubborn one did not start within 200 ms:\nready',
    );
    expect((await watched.exited).signal).toBe('SIGKILL');
  });

  it('is killed with SIGKILL when it ignores the SIGTERM of stop', async () => {
    const watched = spawnTypeScript(fixture('stubborn'));
    await watched.when((out) => (out.includes('ready') ? true : undefined));
    const exit = await watched.stop('SIGTERM', 300);
    expect(exit.signal).toBe('SIGKILL');
    expect(watched.output()).toContain('ignored SIGTERM');
  });

  it('leaves no process behind: every one still running is killed by its own id', async () => {
    const first = spawnTypeScript(fixture('stubborn'));
    const second = spawnTypeScript(fixture('stubborn'));
    await Promise.all([first, second].map((w) => w.when((out) => (out.includes('ready') ? true : undefined))));
    killLeftoverProcesses();
    expect((await first.exited).signal).toBe('SIGKILL');
    expect((await second.exited).signal).toBe('SIGKILL');
  });

  it('reads undefined from a process that exits without printing what is awaited', async () => {
    const watched = spawnTypeScript(fixture('fails'));
    await expect(watched.when((out) => (out.includes('listening') ? out : undefined))).resolves.toBeUndefined();
    expect((await watched.exited).code).toBe(3);
  });
});

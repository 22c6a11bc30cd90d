/**
 * A real terminal for tests: a shell in a detached tmux session on a private server (its own
 * socket, killed at the end), driven with `send-keys` and read with `capture-pane`, which is the
 * screen as a person would see it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TerminalOptions {
  width: number;
  height: number;
  cwd: string;
  env: Record<string, string>;
  /** Commands put on the shell's PATH, by name: the command line each runs, with the shell's arguments after it. */
  commands: Record<string, string[]>;
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

let sessions = 0;

export class Terminal {
  private constructor(
    private readonly socket: string,
    private readonly folder: string,
  ) {}

  static async open(options: TerminalOptions): Promise<Terminal> {
    const folder = mkdtempSync(join(tmpdir(), 'eyeglass-cli-tty-'));
    for (const [name, command] of Object.entries(options.commands)) {
      const file = join(folder, name);
      writeFileSync(file, `#!/bin/sh\nexec ${command.map(quote).join(' ')} "$@"\n`);
      chmodSync(file, 0o755);
    }
    const socket = `eyeglass-cli-test-${process.pid}-${++sessions}`;
    const env = {
      ...options.env,
      PATH: `${folder}:${process.env.PATH}`,
      PS1: '$ ',
      LANG: 'C.UTF-8',
      HISTFILE: '/dev/null',
    };
    try {
      await run('tmux', [
        '-u',
        '-L',
        socket,
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        'main',
        '-x',
        String(options.width),
        '-y',
        String(options.height),
        '-c',
        options.cwd,
        `exec env ${Object.entries(env)
          .map(([name, value]) => quote(`${name}=${value}`))
          .join(' ')} bash --norc --noprofile`,
      ]);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error('tmux is not installed: the terminal tests need it (apt-get install tmux).');
      throw error;
    }
    const terminal = new Terminal(socket, folder);
    await terminal.waitFor((screen) => screen.endsWith('$'), 10_000);
    return terminal;
  }

  private tmux(...args: string[]) {
    return run('tmux', ['-L', this.socket, ...args]);
  }

  /** Types text as it is. */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  /** Presses keys by tmux name: `Enter`, `C-c`. */
  async press(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'main', ...keys);
  }

  /** The visible screen, one line per row, trailing blanks removed. */
  async screen(): Promise<string> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-t', 'main');
    return stdout.replace(/\s+$/, '');
  }

  /** Polls the screen until `seen` holds of it, and returns that screen. */
  async waitFor(seen: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (seen(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    throw new Error(`the screen never showed what was awaited; it shows:\n${screen}`);
  }

  async close(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }
}

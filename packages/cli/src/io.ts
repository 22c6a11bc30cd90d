/**
 * What a run of `eyeglass` talks to: its streams, environment, working folder and Ctrl-C. The
 * process provides the real ones (`processIo`); tests pass their own, so a whole command runs in
 * process.
 */

/** An output stream, with what a terminal adds to it. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

/** The input stream, with what a terminal adds to it. */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface CliIo {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths are read from. */
  cwd: string;
  /**
   * Calls `listener` on Ctrl-C instead of ending the process, until the returned function is
   * called. The latest listener wins; with none, Ctrl-C ends the process.
   */
  onInterrupt(listener: () => void): () => void;
}

/** Shows the cursor again on the terminals the live view may have hidden it on, before an abrupt exit. */
export function restoreCursor(): void {
  for (const stream of [process.stdout, process.stderr]) if (stream.isTTY) stream.write('\u001b[?25h');
}

/** The real process: its streams and environment, and SIGINT. */
export function processIo(): CliIo {
  const listeners: Array<() => void> = [];
  let forced = false;
  process.on('SIGINT', () => {
    const listener = listeners.at(-1);
    // A second Ctrl-C, or one with nothing to stop gracefully, ends the process at once.
    if (!listener || forced) {
      restoreCursor();
      process.exit(130);
    }
    forced = true;
    listener();
  });
  // A reader that went away (`eyeglass log <id> | head`) ends the command quietly, as for other tools.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(listener) {
      listeners.push(listener);
      return () => {
        const index = listeners.lastIndexOf(listener);
        if (index >= 0) listeners.splice(index, 1);
      };
    },
  };
}

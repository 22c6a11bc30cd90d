/**
 * A server under test in a child process of its own, so that the load it is measured under never
 * shares its event loop: ready once it prints `listening on <url>`.
 */
import { type ProcessOptions, spawnTypeScript, type WatchedProcess, waitForOutput } from './process.js';

export interface ServerProcess extends WatchedProcess {
  /** The origin the server printed, such as `http://127.0.0.1:40123`. */
  origin: string;
}

const LISTENING = /listening on (https?:\/\/[\d.:[\]a-z-]+)/i;
const START_TIMEOUT_MS = 60_000;

/** Starts a TypeScript server and waits until it prints the origin it listens on. */
export async function startServerProcess(
  entry: string,
  args: readonly string[] = [],
  options: ProcessOptions = {},
): Promise<ServerProcess> {
  const watched = spawnTypeScript(entry, args, options);
  const origin = await waitForOutput(watched, entry, (stdout) => LISTENING.exec(stdout)?.[1], START_TIMEOUT_MS);
  return { ...watched, origin };
}

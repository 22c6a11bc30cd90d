/**
 * `@eyeglass-jobs/cli`: the `eyeglass` command. Its bin is `eyeglass`; `runCli` runs one command
 * line with the given streams and environment and resolves with the exit code, for embedding.
 */

export { ExitCode, exitCodeHelp } from './exit-codes.js';
export type { CliIo, InputStream, OutputStream } from './io.js';
export { processIo } from './io.js';
export { runCli } from './program.js';

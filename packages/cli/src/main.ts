/** Entry point of the `eyeglass` command. */
import { processIo, restoreCursor } from './io.js';
import { runCli } from './program.js';

// The last guard of "one line per error, never a stack": anything the commands did not catch.
const lastResort = (error: unknown) => {
  restoreCursor();
  process.stderr.write(`eyeglass: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(3);
};
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);

process.exitCode = await runCli(process.argv.slice(2), processIo());

#!/usr/bin/env node
// The `eyeglass-sim` command runs the compiled simulator in dist/. An installed package always
// has it; a clone of the repository has it after `pnpm build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/eyeglass-sim.js', import.meta.url);
if (existsSync(fileURLToPath(entry))) {
  await import(entry.href);
} else {
  process.stderr.write(
    `eyeglass-sim: the simulator is not built: ${fileURLToPath(entry)} is missing.\n` +
      '  In a clone of the eyeglass-jobs repository, run `pnpm build` first, or run the simulator\n' +
      '  from its TypeScript sources with `pnpm start`.\n',
  );
  process.exitCode = 1;
}

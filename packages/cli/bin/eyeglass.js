#!/usr/bin/env node
// The `eyeglass` command runs the compiled CLI in dist/. An installed package always has it; a
// clone of the repository has it after `pnpm build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (existsSync(fileURLToPath(entry))) {
  await import(entry.href);
} else {
  process.stderr.write(
    `eyeglass: the CLI is not built: ${fileURLToPath(entry)} is missing.\n` +
      '  In a clone of the eyeglass-jobs repository, run `pnpm build` first, or run the CLI from its\n' +
      '  TypeScript sources with `pnpm start <args>` in packages/cli.\n',
  );
  process.exitCode = 2;
}

#!/usr/bin/env node
// The built command; during development run `pnpm --filter @eyeglass-jobs/simulator start` instead.
await import('../dist/cli/eyeglass-sim.js');

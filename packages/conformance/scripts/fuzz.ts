/**
 * `pnpm fuzz`: the conformance kit against the simulator, in process, at least 10 000 requests by
 * default. Prints the requests by operation, the statuses, the requests by kind, every failure and
 * the seed; exits 1 on any failure. `--seed` replays a run, `--runs` sets the requests per
 * operation and property (13 operations, 3 properties), `--tick` the clock time per request.
 */
import { parseArgs } from 'node:util';
import { formatReport } from '../src/index.js';
import { fuzzSimulator } from './fuzz-simulator.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string', default: '300' },
    tick: { type: 'string', default: '1000' },
  },
});

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`fuzz: --${name} must be a whole number, not ${text}\n`);
    process.exit(2);
  }
  return value;
}

const seed = wholeNumber('seed', values.seed);
const started = performance.now();
const { report, setupRequests } = await fuzzSimulator({
  runs: wholeNumber('runs', values.runs) ?? 300,
  tickMs: wholeNumber('tick', values.tick) ?? 1_000,
  ...(seed !== undefined ? { seed } : {}),
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${formatReport(report)}\n`);
process.stdout.write(
  `\n${report.requests + setupRequests} requests (${setupRequests} setup launches) in ${seconds.toFixed(1)} s; ` +
    `failures: ${report.failures.length}; replay with: pnpm fuzz --seed ${report.seed} --runs ${values.runs} --tick ${values.tick}\n`,
);
process.exitCode = report.failures.length > 0 ? 1 : 0;

/**
 * `pnpm fuzz`: the conformance kit against the simulator, in process. First the request
 * properties, at least 10 000 requests by default: prints the requests by operation, the
 * statuses, the requests by kind, every failure and the seed; over `--http`, the wire checks too.
 * Then the lifecycle model over as many runs of random command sequences, and a fifth as many
 * with the simulator's storage filling and freeing. Exits 1 on any failure.
 *
 * `--seed` replays both, `--runs` sets the requests per operation and property (every operation,
 * 4 properties), `--tick` the clock time per request, `--model-runs` the lifecycle runs (0: none),
 * `--http` sends the requests over a loopback socket instead of in process.
 */
import { parseArgs } from 'node:util';
import { formatLifecycleReport, formatReport, formatWireChecks, runLifecycleModel } from '@eyeglass-jobs/conformance';
import { fuzzSimulator } from './conformance/fuzz-simulator.js';
import {
  lifecycleSubjects,
  simulatorApiKey,
  startLifecycleSimulators,
  startSimulatorTarget,
  storageOutageConfigurations,
} from './conformance/simulator-target.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string', default: '300' },
    tick: { type: 'string', default: '1000' },
    'model-runs': { type: 'string', default: '200' },
    http: { type: 'boolean', default: false },
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
const { report, setupRequests, wire } = await fuzzSimulator({
  runs: wholeNumber('runs', values.runs) ?? 300,
  tickMs: wholeNumber('tick', values.tick) ?? 1_000,
  http: values.http,
  ...(seed !== undefined ? { seed } : {}),
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${formatReport(report)}\n`);
const wireFailed = wire.some((check) => check.problems.length > 0);
if (wire.length > 0) process.stdout.write(`\n${formatWireChecks(wire)}\n`);
process.stdout.write(
  `\n${report.requests + setupRequests} requests (${setupRequests} setup launches) in ${seconds.toFixed(1)} s; ` +
    `failures: ${report.failures.length}; replay with: pnpm fuzz --seed ${report.seed} --runs ${values.runs} --tick ${values.tick} --model-runs ${values['model-runs']}${values.http ? ' --http' : ''}\n`,
);

const modelRuns = wholeNumber('model-runs', values['model-runs']) ?? 200;
let modelFailed = false;
if (modelRuns > 0) {
  const modelStarted = performance.now();
  const probe = await startSimulatorTarget();
  const subjects = lifecycleSubjects(probe.service);
  await probe.close();
  const model = await runLifecycleModel({
    seed: report.seed,
    numRuns: modelRuns,
    apiKey: simulatorApiKey,
    subjects,
    start: startLifecycleSimulators(),
  });
  // A fifth of the runs again with the database filling and freeing as they go.
  const outages = await runLifecycleModel({
    seed: report.seed,
    numRuns: Math.max(1, Math.round(modelRuns / 5)),
    apiKey: simulatorApiKey,
    subjects,
    storageOutages: true,
    start: startLifecycleSimulators(undefined, storageOutageConfigurations),
  });
  modelFailed = model.failure !== undefined || outages.failure !== undefined;
  process.stdout.write(
    `\n${formatLifecycleReport(model)}\n\nwith storage outages: ${formatLifecycleReport(outages)}\n` +
      `${model.requests + outages.requests} requests in ${((performance.now() - modelStarted) / 1000).toFixed(1)} s; ` +
      `failures: ${[model, outages].filter((run) => run.failure).length}\n`,
  );
}
process.exitCode = report.failures.length > 0 || modelFailed || wireFailed ? 1 : 0;

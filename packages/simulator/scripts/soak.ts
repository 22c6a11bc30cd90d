/**
 * `pnpm soak`: autocannon sends a seeded mix of valid reads and launches to the simulator on
 * loopback for a bounded time, then the run is checked: no connection errors or timeouts, no
 * status the spec does not document, no body off the spec (sampled), and bounded heap and RSS
 * growth of the simulator process between the warm-up and the end.
 *   --seconds <n>      measured run (default 60), after --warmup <n> seconds (default 10)
 *   --quick            3 s after a 1 s warm-up, for CI
 *   --connections <n>  concurrent connections (default 8)
 *   --speed <n>        the simulator's speed factor (default 100)
 *   --seed <n>         replays the request mix of a run
 */
import { parseArgs } from 'node:util';
import { freshSeed } from './durability/seeded-random.js';
import { mb, runSoak, soakFailures } from './durability/soak-load.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    quick: { type: 'boolean', default: false },
    connections: { type: 'string', default: '8' },
    speed: { type: 'string', default: '100' },
    seed: { type: 'string' },
    'max-heap-growth-mb': { type: 'string', default: '32' },
    'max-rss-growth-mb': { type: 'string', default: '64' },
  },
});

const seed = values.seed === undefined ? freshSeed() : Number(values.seed);
const seconds = Number(values.seconds ?? (values.quick ? 3 : 60));
const warmupSeconds = Number(values.warmup ?? (values.quick ? 1 : 10));
console.log(`soak: seed ${seed}, ${seconds} s after a ${warmupSeconds} s warm-up, ${values.connections} connections`);
const report = await runSoak({
  seed,
  seconds,
  warmupSeconds,
  connections: Number(values.connections),
  speed: Number(values.speed),
  sampleEverySeconds: seconds >= 20 ? 10 : 0,
  progress: (line) => console.log(line),
});

const { warm, end, samples } = report.memory;
console.log(`\nseed ${report.seed}`);
const { failover, readiness, replication } = report.retained;
console.log(`finished jobs kept: ${failover} failover, ${readiness} readiness, ${replication} replication`);
console.log(
  `requests: ${report.requests} in ${report.seconds} s (${report.requestsPerSecond.toFixed(0)}/s, p50 ${report.latency.p50} ms, p99 ${report.latency.p99} ms), ${report.warmupRequests} in the warm-up`,
);
console.log(`errors: ${report.errors} (timeouts ${report.timeouts})`);
console.log(`undocumented statuses: ${report.undocumented}; unexpected statuses: ${report.unexpected}`);
console.log(`bodies checked against the spec: ${report.checkedBodies}, violations: ${report.bodyViolations}`);
console.log('answers:');
for (const [operationId, statuses] of Object.entries(report.answers).sort()) {
  const line = Object.entries(statuses)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  console.log(`  ${operationId.padEnd(22)} ${line}`);
}
console.log(`memory of the simulator process${report.collected ? ' (after a full GC)' : ' (no GC exposed)'}:`);
console.log(
  `  heap used  ${mb(warm.heapUsed)} after warm-up → ${mb(end.heapUsed)} at the end (${mb(end.heapUsed - warm.heapUsed)})`,
);
console.log(`  RSS        ${mb(warm.rss)} after warm-up → ${mb(end.rss)} at the end (${mb(end.rss - warm.rss)})`);
for (const sample of samples)
  console.log(`  at ${sample.atSeconds} s: heap ${mb(sample.heapUsed)}, RSS ${mb(sample.rss)}`);
const failures = soakFailures(report, {
  heapGrowth: Number(values['max-heap-growth-mb']) * 2 ** 20,
  rssGrowth: Number(values['max-rss-growth-mb']) * 2 ** 20,
});
console.log(`failures: ${failures.length}`);
for (const failure of [...failures, ...report.problems]) console.log(`  ${failure}`);
if (failures.length > 0) process.exitCode = 1;

/**
 * `pnpm crash-loop`: kills the simulator with SIGKILL at random moments while clients launch and
 * poll jobs, restarts it on the same database, and checks that nothing it acknowledged is lost
 * and that interrupted jobs end as documented. Prints the seed first, so a run can be replayed.
 *   --seed <n>    replays the random choices of a run (requests, kill moments)
 *   --kills <n>   rounds ending in a SIGKILL before the final SIGTERM (default 8)
 *   --speed <n>   the simulator's speed factor (default 60)
 */
import { parseArgs } from 'node:util';
import { runKillLoop } from './durability/kill-loop.js';
import { freshSeed } from './durability/seeded-random.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    kills: { type: 'string', default: '8' },
    speed: { type: 'string', default: '60' },
  },
});

const seed = values.seed === undefined ? freshSeed() : Number(values.seed);
const kills = Number(values.kills);
console.log(`crash loop: seed ${seed}, ${kills} kills, speed ${values.speed}`);
const report = await runKillLoop({ seed, kills, speed: Number(values.speed), progress: (line) => console.log(line) });

const interrupted = report.rounds.reduce((sum, round) => sum + round.interrupted, 0);
const finishedWhileUp = report.rounds.reduce((sum, round) => sum + round.finishedWhileUp, 0);
const { jobs, steps, finishedSteps, logLines } = report.verified;
console.log(`\nseed ${report.seed}`);
const stops = new Map<string, number>();
for (const { stop } of report.rounds) stops.set(stop, (stops.get(stop) ?? 0) + 1);
console.log(`stops: ${[...stops].map(([stop, count]) => `${count} × ${stop}`).join(', ')}`);
console.log(`requests: ${report.requests}`);
console.log(
  `jobs acknowledged and verified: ${jobs.failover} failover, ${jobs.readiness} readiness, ${jobs.replication} replication (${finishedWhileUp} seen finished while the simulator ran)`,
);
console.log(`steps verified: ${steps} (${finishedSteps} finished); log lines verified: ${logLines}`);
console.log(`jobs interrupted by a stop and checked: ${interrupted}`);
console.log('answers:');
for (const [key, count] of Object.entries(report.statuses).sort()) console.log(`  ${key.padEnd(28)} ${count}`);
console.log(`failures: ${report.failures.length}`);
for (const failure of report.failures) console.log(`  ${failure}`);
if (report.failures.length > 0) process.exitCode = 1;

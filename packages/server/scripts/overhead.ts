/**
 * `pnpm --filter @eyeglass-jobs/server bench`: the request overhead of the plugin (request
 * validation and api key check on, response validation off) against bare Fastify routes that
 * return the same JSON, measured in one run with autocannon and printed as throughput ratios.
 *
 * Both servers live in this process and take turns under load, in alternating order; autocannon
 * runs as a child process. Each round gives one ratio of the two throughputs measured back to back,
 * so a machine whose load drifts moves both sides of a ratio alike; the median ratio is reported.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createEyeglassJobsServer } from '@eyeglass-jobs/server';
import { document } from '@eyeglass-jobs/spec';
import type { Job } from '@eyeglass-jobs/types';
import fastify from 'fastify';

const API_KEY = 'igls-bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const job = document.components.examples.ZoneFailoverJob.value as unknown as Job;
const created = { id: 'job-7d1c5b0e2a9f4c31' };
const LAUNCH_QUERY =
  'sourceid=production_005056b4aa4369988a664106c21f470db369&targetid=dr_1&failovertarget=zone-finance';

const scenarios = [
  { name: 'GET a failover job', method: 'GET', path: '/sera/v2/jobs/failover/job-7d1c5b0e2a9f4c31' },
  { name: 'POST a failover launch', method: 'POST', path: `/sera/v2/jobs/failover?${LAUNCH_QUERY}&controlled=false` },
] as const;

const bare = fastify();
bare.get('/sera/v2/jobs/failover/:id', async () => job);
bare.post('/sera/v2/jobs/failover', async (_request, reply) => reply.code(201).send(created));

const stubs = createEyeglassJobsServer({
  apiKeys: [API_KEY],
  validateResponses: false,
  handlers: {
    getFailoverJob: () => ({ status: 200, body: job }),
    launchFailover: () => ({ status: 201, body: created }),
  },
});

const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

function load(url: string, method: string, seconds: number): Promise<Measurement> {
  const args = [autocannon, '-j', '-c', '10', '-d', String(seconds), '-m', method, '-H', `api_key=${API_KEY}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const result = JSON.parse(output) as {
        requests: { average: number };
        latency: { p50: number; p99: number };
        non2xx: number;
      };
      resolve({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
      });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
const stubsUrl = await stubs.listen({ host: '127.0.0.1', port: 0 });
try {
  console.log(`node ${process.version}, ${ROUNDS} rounds of ${SECONDS} s per server and scenario, 10 connections`);
  for (const scenario of scenarios) {
    // Warm both servers up (JIT, schema compilation) before measuring.
    await load(`${bareUrl}${scenario.path}`, scenario.method, 1);
    await load(`${stubsUrl}${scenario.path}`, scenario.method, 1);
    const runs: { bare: Measurement[]; stubs: Measurement[] } = { bare: [], stubs: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const measureBare = async () =>
        runs.bare.push(await load(`${bareUrl}${scenario.path}`, scenario.method, SECONDS));
      const measureStubs = async () =>
        runs.stubs.push(await load(`${stubsUrl}${scenario.path}`, scenario.method, SECONDS));
      for (const measure of round % 2 === 0 ? [measureBare, measureStubs] : [measureStubs, measureBare])
        await measure();
    }
    const failed = [...runs.bare, ...runs.stubs].reduce((sum, m) => sum + m.non2xx, 0);
    if (failed > 0) throw new Error(`${scenario.name}: ${failed} answers were not 2xx`);
    const row = (name: string, ms: Measurement[]) =>
      `  ${name.padEnd(14)} ${median(ms.map((m) => m.requestsPerSecond))
        .toFixed(0)
        .padStart(7)} req/s` +
      `   p50 ${median(ms.map((m) => m.p50)).toFixed(1)} ms   p99 ${median(ms.map((m) => m.p99)).toFixed(1)} ms`;
    const ratios = runs.stubs.map((m, i) => m.requestsPerSecond / runs.bare[i]!.requestsPerSecond);
    const ratio = median(ratios);
    console.log(`${scenario.name}`);
    console.log(row('bare Fastify', runs.bare));
    console.log(row('server stubs', runs.stubs));
    console.log(
      `  throughput ratio stubs/bare: ${ratio.toFixed(2)} median of ${ROUNDS} rounds ` +
        `(range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; ` +
        `${((1 / ratio - 1) * 100).toFixed(0)}% more time per request)`,
    );
  }
} finally {
  await Promise.all([bare.close(), stubs.close()]);
}

/**
 * Server throughput: autocannon, with the same connections and duration, against the simulator's
 * `GET /v2/jobs/failover/{id}` (request validation on, SQLite behind it), a bare Fastify route
 * returning the same JSON, and a Prism mock of the spec serving the same operation.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultInventory } from '@eyeglass-jobs/simulator';
import { startPrism, startServerProcess, startSimulator } from '@eyeglass-jobs/test-support';
import autocannon from 'autocannon';
import { median } from '../measure.js';
import { ratio, type Section } from '../report.js';

const API_KEY = 'igls-benchmark0123456789';
const simulatorCli = fileURLToPath(import.meta.resolve('@eyeglass-jobs/simulator/cli'));
const bareFastify = fileURLToPath(new URL('../servers/bare-fastify.ts', import.meta.url));

export interface LoadSettings {
  connections: number;
  seconds: number;
  rounds: number;
}

interface Load {
  requestsPerSecond: number;
  p99: number;
}

async function load(url: string, settings: LoadSettings, seconds = settings.seconds): Promise<Load> {
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: seconds,
    headers: { api_key: API_KEY },
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} errors and ${result.non2xx} non-2xx answers under load`);
  }
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99 };
}

/** Launches a failover on the simulator and waits for it to finish, returning its id and JSON. */
async function finishedJob(origin: string): Promise<{ id: string; json: string }> {
  const headers = { api_key: API_KEY };
  const zone = defaultInventory().zones[0]!;
  const query = new URLSearchParams({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id });
  const launched = await fetch(`${origin}/sera/v2/jobs/failover?${query}`, { method: 'POST', headers });
  const { id } = (await launched.json()) as { id: string };
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await fetch(`${origin}/sera/v2/jobs/failover/${id}`, { headers });
    const json = await response.text();
    if ((JSON.parse(json) as { jobStatusDetails: { state: string } }).jobStatusDetails.state === 'finished') {
      return { id, json };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`failover ${id} did not finish`);
}

export async function serverThroughputSection(settings: LoadSettings): Promise<Section> {
  const dir = await mkdtemp(path.join(tmpdir(), 'eyeglass-bench-server-'));
  const simulator = await startSimulator({
    entry: simulatorCli,
    args: ['--db', path.join(dir, 'sim.db'), '--port', '0', '--speed', '1000'],
    env: { EYEGLASS_SIM_API_KEYS: API_KEY, EYEGLASS_SIM_LOG_LEVEL: 'warn' },
  });
  try {
    const job = await finishedJob(simulator.origin);
    const jobFile = path.join(dir, 'job.json');
    await writeFile(jobFile, job.json);
    const bare = await startServerProcess(bareFastify, [], { env: { BENCH_JOB_FILE: jobFile } });
    const prism = await startPrism({ mode: 'mock' });
    try {
      const targets = {
        simulator: `${simulator.origin}/sera/v2/jobs/failover/${job.id}`,
        bare: `${bare.origin}/sera/v2/jobs/failover/${job.id}`,
        prism: `${prism.url}/v2/jobs/failover/${job.id}`,
      };
      const results: Record<keyof typeof targets, Load[]> = { simulator: [], bare: [], prism: [] };
      for (const url of Object.values(targets)) await load(url, settings, 1);
      // Rounds interleave the three, so drift on a shared machine hits them alike.
      for (let round = 0; round < settings.rounds; round++) {
        for (const name of Object.keys(targets) as Array<keyof typeof targets>) {
          results[name].push(await load(targets[name], settings));
        }
      }
      const rps = (name: keyof typeof targets) => median(results[name].map((r) => r.requestsPerSecond));
      const p99 = (name: keyof typeof targets) => median(results[name].map((r) => r.p99));
      const row = (subject: string, name: keyof typeof targets, baseline?: keyof typeof targets) => ({
        subject,
        value: `${rps(name).toFixed(0)} req/s, p99 ${p99(name).toFixed(1)} ms`,
        ratio: baseline ? ratio(rps(name), rps(baseline)) : '',
      });
      return {
        title: '3. Server throughput, GET /v2/jobs/failover/{id}',
        baseline: `a bare Fastify route returning the same JSON (autocannon, ${settings.connections} connections, ${settings.seconds} s, median of ${settings.rounds} rounds)`,
        rows: [
          row('simulator (validation on, SQLite)', 'simulator', 'bare'),
          row('bare Fastify route', 'bare'),
          row('Prism 5.14 mock of the spec', 'prism', 'bare'),
        ],
        goals: [
          {
            goal: 'simulator ≥ 0.7× bare Fastify',
            met: rps('simulator') >= 0.7 * rps('bare'),
            detail: ratio(rps('simulator'), rps('bare')),
          },
          {
            goal: 'simulator ≥ 10× Prism',
            met: rps('simulator') >= 10 * rps('prism'),
            detail: ratio(rps('simulator'), rps('prism')),
          },
        ],
        notes: [`simulator ÷ Prism: ${ratio(rps('simulator'), rps('prism'))}`],
      };
    } finally {
      await prism.stop();
      await bare.stop();
    }
  } finally {
    await simulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

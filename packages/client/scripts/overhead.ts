/**
 * `pnpm --filter @eyeglass-jobs/client bench`: the per-call overhead of `eg.failover.get(id)` over a
 * raw `fetch` + `response.json()`, against a local node:http server answering a fixed Job. Calls are
 * sequential and interleaved by round, so both sides see the same machine state; it prints medians
 * and their ratio. A raw fetch with a timeout signal and openapi-fetch alone (`eg.raw.GET`) are
 * measured too, to show where the time goes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { document } from '@eyeglass-jobs/spec';
import { createEyeglassClient } from '../src/index.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, calls: { type: 'string', default: '500' } },
});
const rounds = Number(values.rounds);
const callsPerRound = Number(values.calls);

const body = JSON.stringify(document.components.examples.ZoneFailoverJob.value);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sera`;
const apiKey = 'igls-bench';
const id = 'job-7d1c5b0e2a9f4c31';
const eg = createEyeglassClient({ baseUrl, apiKey });

const variants: Record<string, () => Promise<unknown>> = {
  'raw fetch + json()': async () => {
    const response = await fetch(`${baseUrl}/v2/jobs/failover/${id}`, { headers: { api_key: apiKey } });
    return response.json();
  },
  'raw fetch + timeout signal': async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      const response = await fetch(`${baseUrl}/v2/jobs/failover/${id}`, {
        headers: { api_key: apiKey },
        signal: controller.signal,
      });
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  },
  'openapi-fetch (eg.raw.GET)': () => eg.raw.GET('/v2/jobs/failover/{id}', { params: { path: { id } } }),
  'client (eg.failover.get)': () => eg.failover.get(id),
};
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));

for (const call of Object.values(variants)) for (let i = 0; i < 300; i++) await call();
for (let round = 0; round < rounds; round++) {
  for (const [name, call] of Object.entries(variants)) {
    for (let i = 0; i < callsPerRound; i++) {
      const start = performance.now();
      await call();
      samples[name]!.push(performance.now() - start);
    }
  }
}
server.close();

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const baseline = median(samples['raw fetch + json()']!);
console.log(
  `${rounds * callsPerRound} sequential calls per variant, GET of one Job (${body.length} bytes), Node ${process.version}`,
);
for (const [name, values] of Object.entries(samples)) {
  const m = median(values);
  const extra = ((m - baseline) * 1000).toFixed(0);
  console.log(
    `  ${name.padEnd(28)} median ${(m * 1000).toFixed(0).padStart(5)} µs  ×${(m / baseline).toFixed(2)}  (+${extra} µs)`,
  );
}

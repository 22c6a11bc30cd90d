/**
 * Client overhead: the median time per call of `eg.failover.get(id)` against a bare openapi-fetch
 * client and raw `fetch`, all against the same local server answering a fixed Job. Raw `fetch` with
 * an abort signal and a timer, as every attempt of the client has, shows what a timeout costs alone.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEyeglassClient } from '@eyeglass-jobs/client';
import { document } from '@eyeglass-jobs/spec';
import type { paths } from '@eyeglass-jobs/types';
import createClient from 'openapi-fetch';
import { median } from '../measure.js';
import { ratio, type Section, us } from '../report.js';

const JOB = JSON.stringify((document.components.examples.ZoneFailoverJob as { value: unknown }).value);
const API_KEY = 'igls-benchmark';

/** Per-call times in ms of `calls` sequential calls, after `calls / 10` warm-up calls. */
async function perCall(calls: number, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.max(10, calls / 10); i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function clientOverheadSection(calls: number): Promise<Section> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(JOB) });
    res.end(JOB);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sera`;
  try {
    const eg = createEyeglassClient({ baseUrl, apiKey: API_KEY });
    const bare = createClient<paths>({ baseUrl, headers: { api_key: API_KEY } });
    const url = `${baseUrl}/v2/jobs/failover/job-7d1c5b0e2a9f4c31`;
    // Interleave the three, round after round, so drift on a shared machine hits them alike.
    const rounds = 5;
    const results = { raw: [] as number[], timed: [] as number[], bare: [] as number[], eg: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      results.raw.push(
        await perCall(calls / rounds, async () => (await fetch(url, { headers: { api_key: API_KEY } })).json()),
      );
      results.timed.push(
        await perCall(calls / rounds, async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 30_000);
          try {
            return await (await fetch(url, { headers: { api_key: API_KEY }, signal: controller.signal })).json();
          } finally {
            clearTimeout(timer);
          }
        }),
      );
      results.bare.push(
        await perCall(calls / rounds, () =>
          bare.GET('/v2/jobs/failover/{id}', { params: { path: { id: 'job-7d1c5b0e2a9f4c31' } } }),
        ),
      );
      results.eg.push(await perCall(calls / rounds, () => eg.failover.get('job-7d1c5b0e2a9f4c31')));
    }
    const raw = median(results.raw);
    const timed = median(results.timed);
    const bareMedian = median(results.bare);
    const egMedian = median(results.eg);
    return {
      title: '2. Client overhead per call',
      baseline: `raw fetch, ${calls} sequential calls each against a local server answering a fixed Job`,
      rows: [
        { subject: 'eg.failover.get(id)', value: us(egMedian), ratio: ratio(egMedian, raw) },
        { subject: 'bare openapi-fetch client', value: us(bareMedian), ratio: ratio(bareMedian, raw) },
        { subject: 'raw fetch + json(), with a timeout signal', value: us(timed), ratio: ratio(timed, raw) },
        { subject: 'raw fetch + json()', value: us(raw), ratio: '' },
      ],
      goals: [{ goal: 'client ≤ 1.05× raw fetch', met: egMedian <= raw * 1.05, detail: ratio(egMedian, raw) }],
      notes: [
        `eg.failover.get ÷ bare openapi-fetch: ${ratio(egMedian, bareMedian)}`,
        `eg.failover.get ÷ raw fetch with a timeout signal: ${ratio(egMedian, timed)}`,
      ],
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

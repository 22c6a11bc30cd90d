/**
 * Client overhead: the median time per call of `eg.failover.get(id)` side by side with the clients
 * Hey API and Orval generate from the same spec, a bare openapi-fetch client and raw `fetch`, all
 * against the same local server answering a fixed Job, in the same interleaved rounds. Raw `fetch`
 * with an abort signal and a timer, as every attempt of the client has, shows what a timeout costs
 * alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEyeglassClient } from '@eyeglass-jobs/client';
import { document } from '@eyeglass-jobs/spec';
import type { paths } from '@eyeglass-jobs/types';
import createClient from 'openapi-fetch';
import { median } from '../measure.js';
import { heyApiClient, orvalClient } from '../peer-clients.js';
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

const ID = 'job-7d1c5b0e2a9f4c31';

/** Checks that a client read the Job the server answers, so no subject is timed doing less. */
function expectJob(subject: string, data: unknown): void {
  if ((data as { id?: unknown } | undefined)?.id !== ID) throw new Error(`${subject} did not read the Job`);
}

export async function clientOverheadSection(calls: number): Promise<Section> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(JOB) });
    res.end(JOB);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sera`;
  const dir = await mkdtemp(path.join(tmpdir(), 'eyeglass-bench-peers-'));
  try {
    const headers = { api_key: API_KEY };
    const hey = await heyApiClient(dir);
    hey.client.setConfig({ baseUrl, headers });
    const orval = await orvalClient(dir, baseUrl);
    const eg = createEyeglassClient({ baseUrl, apiKey: API_KEY });
    const bare = createClient<paths>({ baseUrl, headers });
    const url = `${baseUrl}/v2/jobs/failover/${ID}`;
    const subjects = {
      eg: {
        label: 'eg.failover.get(id)',
        call: () => eg.failover.get(ID),
      },
      orval: {
        label: 'Orval 7.13 fetch client, getFailoverJob(id)',
        call: async () => (await orval.getFailoverJob(ID, { headers })).data,
      },
      hey: {
        label: 'Hey API 0.95 client, getFailoverJob({ path })',
        call: async () => (await hey.getFailoverJob({ path: { id: ID } })).data,
      },
      bare: {
        label: 'bare openapi-fetch client',
        call: async () => (await bare.GET('/v2/jobs/failover/{id}', { params: { path: { id: ID } } })).data,
      },
      timed: {
        label: 'raw fetch + json(), with a timeout signal',
        call: async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 30_000);
          try {
            return await (await fetch(url, { headers, signal: controller.signal })).json();
          } finally {
            clearTimeout(timer);
          }
        },
      },
      raw: { label: 'raw fetch + json()', call: async () => (await fetch(url, { headers })).json() },
    };
    type Name = keyof typeof subjects;
    const names = Object.keys(subjects) as Name[];
    for (const name of names) expectJob(subjects[name].label, await subjects[name].call());
    // Interleave them, round after round and in a rotating order, so drift on a shared machine hits them alike.
    const rounds = 10;
    const results = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
    for (let round = 0; round < rounds; round++) {
      for (const [index] of names.entries()) {
        const name = names[(index + round) % names.length]!;
        results[name].push(await perCall(calls / rounds, subjects[name].call));
      }
    }
    const medians = Object.fromEntries(names.map((name) => [name, median(results[name])])) as Record<Name, number>;
    const raw = medians.raw;
    const lightestPeer: Name = medians.orval <= medians.hey ? 'orval' : 'hey';
    const row = (name: Name) => ({
      subject: subjects[name].label,
      value: us(medians[name]),
      ratio: name === 'raw' ? '' : ratio(medians[name], raw),
    });
    return {
      title: '2. Client overhead per call',
      baseline: `raw fetch, ${calls} sequential calls each (${rounds} interleaved rounds) against a local server answering a fixed Job`,
      rows: names.map(row),
      goals: [
        {
          goal: 'eg.failover.get ≤ the lightest peer client',
          met: medians.eg <= medians[lightestPeer],
          detail: `${ratio(medians.eg, medians[lightestPeer])} of ${subjects[lightestPeer].label.split(',')[0]}`,
        },
        { goal: 'client ≤ 1.05× raw fetch', met: medians.eg <= raw * 1.05, detail: ratio(medians.eg, raw) },
      ],
      notes: [
        `eg.failover.get ÷ Orval: ${ratio(medians.eg, medians.orval)}; ÷ Hey API: ${ratio(medians.eg, medians.hey)}`,
        `eg.failover.get ÷ bare openapi-fetch: ${ratio(medians.eg, medians.bare)}`,
        `eg.failover.get ÷ raw fetch with a timeout signal: ${ratio(medians.eg, medians.timed)}`,
        'Hey API and Orval are generated from the same bundled spec at bench time; neither has a timeout, a deadline, retries or typed errors, and Orval reads every status as data',
      ],
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

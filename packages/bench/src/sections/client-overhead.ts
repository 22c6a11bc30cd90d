/**
 * Client overhead: the median time per call of `eg.failover.get(id)` side by side with the clients
 * Hey API and Orval generate from the same spec, a bare openapi-fetch client and raw `fetch`, all
 * against the same local server answering a fixed Job, taking turns call by call. Raw `fetch`
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

/**
 * The median time per call of each subject, in ms: `calls` calls of each, the subjects taking
 * turns call by call (in a shuffled order), so that whatever the machine does meanwhile (the
 * garbage collector, another process, the CPU's clock) falls on all of them alike.
 */
async function perCall<N extends string>(calls: number, subjects: Record<N, () => Promise<unknown>>) {
  const names = Object.keys(subjects) as N[];
  for (let i = 0; i < Math.max(10, calls / 10); i++) for (const name of names) await subjects[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<N, number[]>;
  // A seeded shuffle per turn, so that no subject always follows the same one (what one leaves
  // behind, garbage or a socket's state, lands on the next).
  let seed = 0x2f6b_1d3f;
  const random = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const order = [...names];
  for (let i = 0; i < calls; i++) {
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [order[j], order[k]] = [order[k]!, order[j]!];
    }
    for (const name of order) {
      const start = performance.now();
      await subjects[name]();
      samples[name].push(performance.now() - start);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<N, number>;
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
      // The same subject twice: how far two identical subjects drift apart in this run.
      again: { label: 'raw fetch + json(), again', call: async () => (await fetch(url, { headers })).json() },
    };
    type Name = keyof typeof subjects;
    const names = Object.keys(subjects) as Name[];
    for (const name of names) expectJob(subjects[name].label, await subjects[name].call());
    const medians = await perCall(
      calls,
      Object.fromEntries(names.map((name) => [name, subjects[name].call])) as Record<Name, () => Promise<unknown>>,
    );
    const raw = medians.raw;
    const lightestPeer: Name = medians.orval <= medians.hey ? 'orval' : 'hey';
    const row = (name: Name) => ({
      subject: subjects[name].label,
      value: us(medians[name]),
      ratio: name === 'raw' ? '' : ratio(medians[name], raw),
    });
    return {
      title: '2. Client overhead per call',
      baseline: `raw fetch, ${calls} sequential calls each, the subjects taking turns call by call, against a local server answering a fixed Job`,
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
        `raw fetch measured twice in the same turns: ${ratio(medians.again, raw)}; a difference of that size between two subjects is noise`,
        'Hey API and Orval are generated from the same bundled spec at bench time; neither has a timeout, a deadline, retries or typed errors, and Orval reads every status as data',
        "on Node the client sends straight to the dispatcher Node's fetch sends through, without fetch's Request, Response and body stream: see the client's README, Per-call overhead",
      ],
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

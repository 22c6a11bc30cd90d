/**
 * Lists: `GET /v2/jobs/failover?state=finished` with 100 retained jobs and with the retention
 * maximum (500 by default), and the zones and the policies of a cluster of a large inventory, over
 * a real socket, each against a bare Fastify route sending the same bytes prebuilt; and
 * `state=running` with 100 against 100 000 finished jobs stored, which only the indexes keep flat
 * (in process with `inject()`, the answer being two jobs).
 *
 * The finished list is measured over HTTP because its cost is writing its bytes: `inject()` spends
 * most of its time copying a megabyte-sized payload into a string, which no client over a socket pays.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  createFakeClock,
  createSimulator,
  defaultInventory,
  defaultInventoryJson,
  defaultRetention,
  openDatabase,
  parseInventory,
} from '@eyeglass-jobs/simulator';
import Fastify, { type FastifyInstance } from 'fastify';
import { median } from '../measure.js';
import { ms, ratio, type Section, us } from '../report.js';

const API_KEY = 'igls-benchmark0123456789';

/** A simulator holding `finished` copies of one finished failover, and two running failovers. */
async function simulatorWith(finished: number) {
  const clock = createFakeClock();
  const db = openDatabase(':memory:');
  const inventory = defaultInventory();
  const { app } = await createSimulator({
    apiKeys: [API_KEY],
    db,
    clock,
    inventory,
    retention: { failover: { maxJobs: Math.max(finished, defaultRetention.failover.maxJobs) + 10 } },
  });
  const headers = { api_key: API_KEY };
  const launch = async (zone: (typeof inventory.zones)[number]) => {
    const query = new URLSearchParams({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id });
    const response = await app.inject({ method: 'POST', url: `/sera/v2/jobs/failover?${query}`, headers });
    return (response.json() as { id: string }).id;
  };
  const first = await launch(inventory.zones[0]!);
  clock.runUntilIdle();
  // Copied in SQL: launching 100 000 failovers one by one would take minutes.
  const copyJob = db.prepare(
    `INSERT INTO job (id, kind, job_type, name, state, success, created, finished, subject)
     SELECT ? || id, kind, job_type, name, state, success, created, finished, subject FROM job WHERE id = ?`,
  );
  const copySteps = db.prepare(
    `INSERT INTO step SELECT ?, ord, parent_ord, ? || id, name, state, status, info, started, finished
     FROM step WHERE job_seq = (SELECT seq FROM job WHERE id = ?)`,
  );
  db.transaction(() => {
    for (let copy = 1; copy < finished; copy++) {
      const prefix = `copy${copy}-`;
      copySteps.run(Number(copyJob.run(prefix, first).lastInsertRowid), prefix, first);
    }
  })();
  for (const zone of inventory.zones.slice(2, 4)) await launch(zone);
  clock.advance(5_000);
  return { app, headers };
}

interface Served {
  app: FastifyInstance;
  headers: Record<string, string>;
}

/**
 * A simulator whose production cluster replicates `zones` access zones to dr, each with two
 * policies and a pool serving both, one zone in seven carrying a readiness warning: a large
 * appliance's inventory, as an inventory file would give it.
 */
async function simulatorWithZones(zones: number): Promise<Served & { cluster: string }> {
  const [production, dr] = defaultInventoryJson.nodes.map((node) => node.id) as [string, string];
  const inventory = parseInventory({
    nodes: defaultInventoryJson.nodes,
    zones: Array.from({ length: zones }, (_, index) => {
      const policies = [0, 1].map((policy) => ({
        id: `${production}_z${index}-p${policy}`,
        name: `z${index}-p${policy}`,
        path: `/ifs/data/z${index}/p${policy}`,
      }));
      const warning = { status: 'WARNING', reason: 'SmartConnect zone alias missing on target.', check: 'Aliases' };
      return {
        id: `${production}_zone-z${index}`,
        name: `z${index}`,
        source: production,
        target: dr,
        ...(index % 7 === 0 ? { readiness: warning } : {}),
        policies,
        pools: [
          {
            id: `groupnet0:subnet0:pool-z${index}`,
            smartConnectZone: `z${index}.corp.example.com`,
            policies: policies.map((policy) => policy.id),
          },
        ],
      };
    }),
  });
  const { app } = await createSimulator({ apiKeys: [API_KEY], clock: createFakeClock(), inventory });
  return { app, headers: { api_key: API_KEY }, cluster: production };
}

/** One GET over a kept-alive connection, reading every byte and keeping none; resolves to the byte count. */
function fetchBytes(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        response.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url.href} answered ${response.statusCode}`)),
      );
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A bare Fastify route answering `path` with `bytes`, prebuilt, as the same JSON media type. */
async function bareRoute(path: string, bytes: Buffer, contentType: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get(path, async (_request, reply) => reply.type(contentType).send(bytes));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

const origin = (app: FastifyInstance): string => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

interface OverHttp {
  listed: number;
  bytes: number;
  simulator: number;
  bare: number;
}

/**
 * A list of a simulator over HTTP, against a bare route sending the same bytes: `requests` GETs
 * of each per round, taking turns.
 */
async function listOverHttp(sim: Served, path: string, requests: number, rounds: number): Promise<OverHttp> {
  if (!sim.app.server.listening) await sim.app.listen({ host: '127.0.0.1', port: 0 });
  const first = await fetch(`${origin(sim.app)}${path}`, { headers: sim.headers });
  const body = Buffer.from(await first.arrayBuffer());
  const listed = (JSON.parse(body.toString('utf8')) as unknown[]).length;
  const bare = await bareRoute(new URL(path, 'http://x').pathname, body, first.headers.get('content-type') ?? '');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const targets = { simulator: new URL(path, origin(sim.app)), bare: new URL(path, origin(bare)) };
    const samples: Record<keyof typeof targets, number[]> = { simulator: [], bare: [] };
    const once = async (name: keyof typeof targets, keep: boolean) => {
      const start = performance.now();
      // The same request to both: the bare route ignores the api_key, but the client still sends it.
      const bytes = await fetchBytes(agent, targets[name], sim.headers);
      if (bytes !== body.length) throw new Error(`${name} sent ${bytes} bytes, expected ${body.length}`);
      if (keep) samples[name].push(performance.now() - start);
    };
    // A whole round of warm-up: a route's first answers run code not yet optimized for its objects.
    for (let i = 0; i < requests; i++) for (const name of ['simulator', 'bare'] as const) await once(name, false);
    // The two take turns request by request, the round deciding which goes first, so drift on a
    // shared machine (another process's burst, a garbage collection) hits both alike.
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['simulator', 'bare'] as const) : (['bare', 'simulator'] as const);
      for (let i = 0; i < requests; i++) for (const name of order) await once(name, true);
    }
    return { listed, bytes: body.length, simulator: median(samples.simulator), bare: median(samples.bare) };
  } finally {
    agent.destroy();
    await bare.close();
  }
}

/** The median latency of `url` in process, after checking it lists `expectCount` jobs. */
async function latencyInProcess(
  sim: Awaited<ReturnType<typeof simulatorWith>>,
  url: string,
  requests: number,
  expectCount: number,
): Promise<number> {
  const check = await sim.app.inject({ method: 'GET', url, headers: sim.headers });
  const listed = (check.json() as unknown[]).length;
  if (listed !== expectCount) throw new Error(`${url} listed ${listed} jobs, expected ${expectCount}`);
  for (let i = 0; i < Math.max(3, requests / 5); i++)
    await sim.app.inject({ method: 'GET', url, headers: sim.headers });
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await sim.app.inject({ method: 'GET', url, headers: sim.headers });
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface ListSettings {
  /** Finished jobs in the smaller list, and finished jobs stored behind the running list. */
  small: number;
  large: number;
  /** Access zones of the large inventory; 1000 by default. */
  zones?: number;
  /** Requests per measure (per round, over HTTP). */
  requests: number;
  /** Interleaved rounds of the HTTP measures. */
  rounds: number;
}

export async function listScalingSection(settings: ListSettings): Promise<Section> {
  const { small, large, zones = 1_000, requests, rounds } = settings;
  const retentionMax = Math.min(large, defaultRetention.failover.maxJobs);
  // One simulator at a time, each closed after its measure: a store of 100 000 jobs in the same
  // heap would slow every other measure with its garbage collection.
  const measureWith = async <T>(
    finished: number,
    work: (sim: Awaited<ReturnType<typeof simulatorWith>>) => Promise<T>,
  ) => {
    const sim = await simulatorWith(finished);
    try {
      return await work(sim);
    } finally {
      await sim.app.close();
    }
  };
  const finished = '/sera/v2/jobs/failover?state=finished';
  const running = '/sera/v2/jobs/failover?state=running';
  const [runningFew, few] = await measureWith(
    small,
    async (sim) =>
      [
        await latencyInProcess(sim, running, requests * 5, 2),
        await listOverHttp(sim, finished, requests, rounds),
      ] as const,
  );
  const retained = await measureWith(retentionMax, (sim) => listOverHttp(sim, finished, requests, rounds));
  const inventorySim = await simulatorWithZones(zones);
  // These answers take a tenth of the finished list's time: more of them make as long a measure.
  const inventoryRequests = requests * 4;
  const [zoneList, policyList] = await (async () => {
    try {
      const nodePath = `/sera/v1/nodes/${inventorySim.cluster}`;
      return [
        await listOverHttp(inventorySim, `${nodePath}/zones?foReadiness=true`, inventoryRequests, rounds),
        await listOverHttp(inventorySim, `${nodePath}/policies?foReadiness=true`, inventoryRequests, rounds),
      ] as const;
    } finally {
      await inventorySim.app.close();
    }
  })();
  const runningMany = await measureWith(large, (sim) => latencyInProcess(sim, running, requests * 5, 2));
  for (const [measured, expected] of [
    [few, small],
    [retained, retentionMax],
    [zoneList, zones],
    [policyList, 2 * zones],
  ] as const) {
    if (measured.listed !== expected) throw new Error(`a list had ${measured.listed} entries, expected ${expected}`);
  }
  const per = (value: number, listed: number) => us(value / listed);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  return {
    title: '4. Lists',
    baseline: `for the finished list and the inventory lists, a bare Fastify route sending the same bytes prebuilt, over HTTP in the same process (median of ${rounds} × ${requests} sequential requests of each, ${rounds} × ${inventoryRequests} for the inventory lists, taking turns request by request); for the running list, the same list with ${small} finished jobs stored (in process)`,
    rows: [
      {
        subject: `state=finished, ${small} retained (lists ${small}, ${kib(few.bytes)})`,
        value: `${ms(few.simulator)}, ${per(few.simulator, small)} per job`,
        ratio: ratio(few.simulator, few.bare),
      },
      {
        subject: `bare route, the same ${kib(few.bytes)}`,
        value: `${ms(few.bare)}, ${per(few.bare, small)} per job`,
        ratio: '',
      },
      {
        subject: `state=finished, ${retentionMax} retained = retention maximum (lists ${retentionMax}, ${kib(retained.bytes)})`,
        value: `${ms(retained.simulator)}, ${per(retained.simulator, retentionMax)} per job`,
        ratio: ratio(retained.simulator, retained.bare),
      },
      {
        subject: `bare route, the same ${kib(retained.bytes)}`,
        value: `${ms(retained.bare)}, ${per(retained.bare, retentionMax)} per job`,
        ratio: '',
      },
      {
        subject: `zones of a cluster with readiness, ${zones} zones (lists ${zones}, ${kib(zoneList.bytes)})`,
        value: `${ms(zoneList.simulator)}, ${per(zoneList.simulator, zones)} per zone`,
        ratio: ratio(zoneList.simulator, zoneList.bare),
      },
      {
        subject: `bare route, the same ${kib(zoneList.bytes)}`,
        value: `${ms(zoneList.bare)}, ${per(zoneList.bare, zones)} per zone`,
        ratio: '',
      },
      {
        subject: `policies of a cluster with readiness (lists ${2 * zones}, ${kib(policyList.bytes)})`,
        value: `${ms(policyList.simulator)}, ${per(policyList.simulator, 2 * zones)} per policy`,
        ratio: ratio(policyList.simulator, policyList.bare),
      },
      {
        subject: `bare route, the same ${kib(policyList.bytes)}`,
        value: `${ms(policyList.bare)}, ${per(policyList.bare, 2 * zones)} per policy`,
        ratio: '',
      },
      { subject: `state=running, ${small} finished stored (lists 2)`, value: ms(runningFew), ratio: '' },
      {
        subject: `state=running, ${large} finished stored (lists 2)`,
        value: ms(runningMany),
        ratio: ratio(runningMany, runningFew),
      },
    ],
    goals: [
      {
        goal: `finished list of ${retentionMax} ≤ 1.5× a bare route sending the same bytes`,
        met: retained.simulator <= 1.5 * retained.bare,
        detail: ratio(retained.simulator, retained.bare),
      },
      {
        goal: `zones of a cluster with ${zones} zones ≤ 1.5× a bare route sending the same bytes`,
        met: zoneList.simulator <= 1.5 * zoneList.bare,
        detail: ratio(zoneList.simulator, zoneList.bare),
      },
    ],
    notes: [
      `at the retention maximum the simulator adds ${us((retained.simulator - retained.bare) / retentionMax)} per listed job to the ${per(retained.bare, retentionMax)} it costs to send its bytes (${(retained.bytes / retentionMax / 1024).toFixed(1)} KiB a job)`,
      `${retentionMax / small}× the jobs listed cost ${ratio(retained.simulator, few.simulator)} the time: linear in the bytes of the answer, which holds every job`,
      `the zones and the policies of a cluster of ${zones} zones cost ${ratio(zoneList.simulator, zoneList.bare)} and ${ratio(policyList.simulator, policyList.bare)} of sending their bytes: their views and bytes are built once per change of readiness`,
      `the running list with ${large} jobs stored costs ${ratio(runningMany, runningFew)} of the same list with ${small}: the indexes keep the query flat`,
    ],
  };
}

/**
 * The soak: autocannon, used as a library, sends a seeded mix of valid reads (jobs, logs,
 * lists with filters) and launches (201, or 409 while the zone or job kind is busy) to the
 * simulator on loopback for a bounded time. Every status is checked against the operation's
 * documented statuses and against what a valid request may get; bodies are sampled with the
 * conformance kit's `checkResponse`. The simulator runs in a child process, whose heap and RSS
 * are sampled after a garbage collection once warmed up and at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkResponse, httpTarget } from '@eyeglass-jobs/conformance';
import { type OperationId, operations } from '@eyeglass-jobs/spec';
import { tsxArguments } from '@eyeglass-jobs/test-support';
import { defaultInventory } from '../../src/index.js';
import { type JobKind, type PlannedRequest, RequestMix, toHttpRequest } from './request-mix.js';
import { createRandom, type SeededRandom } from './seeded-random.js';
import type { SoakServerMessage, SoakServerRequest } from './soak-server.js';

/** The part of autocannon's API the soak uses. */
interface AutocannonRequest {
  setupRequest(request: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown>;
  onResponse(status: number, body: string, context: Record<string, unknown>, headers: Record<string, unknown>): void;
}
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  mismatches: number;
  resets: number;
  non2xx: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const server = fileURLToPath(new URL('./soak-server.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const apiKey = 'igls-soak00000000000000000000000000';

export interface SoakOptions {
  seed: number;
  /** The measured run, after the warm-up. */
  seconds: number;
  warmupSeconds: number;
  connections?: number;
  /** The simulator's speed factor: jobs must finish for launches to keep getting 201. */
  speed?: number;
  /** Memory samples during the run, every this many seconds (0: none between warm-up and end). */
  sampleEverySeconds?: number;
  /** One body in this many is checked against the spec (every refusal is). */
  checkEvery?: number;
  /**
   * How many finished jobs of each kind the simulator keeps. Fewer than its defaults, so that
   * the number of jobs, and with it the memory they take, levels off during the warm-up: what
   * still grows after it is a leak.
   */
  retained?: Record<JobKind, number>;
  progress?: (line: string) => void;
}

export interface MemoryFigures {
  heapUsed: number;
  rss: number;
}

export interface SoakReport {
  seed: number;
  seconds: number;
  retained: Record<JobKind, number>;
  /** Requests of the measured run (after the warm-up). */
  requests: number;
  warmupRequests: number;
  requestsPerSecond: number;
  latency: { p50: number; p99: number; max: number };
  /** Answers by operation and status. */
  answers: Partial<Record<OperationId, Record<string, number>>>;
  errors: number;
  timeouts: number;
  /** Statuses the spec does not document for the operation (a `default` response does not count). */
  undocumented: number;
  /** Documented statuses a valid request should not get (a 400 or a 404 for a known job). */
  unexpected: number;
  checkedBodies: number;
  bodyViolations: number;
  /** The first few problems, for the report. */
  problems: string[];
  memory: { warm: MemoryFigures; end: MemoryFigures; samples: Array<MemoryFigures & { atSeconds: number }> };
  /** Whether the simulator could collect garbage before each sample (`--expose-gc`). */
  collected: boolean;
}

/** The ids of the most recent jobs of each kind: the newer half of what retention keeps, so that reading them never meets a dropped job. */
class RecentJobs {
  private readonly ids: Record<JobKind, string[]> = { failover: [], readiness: [], replication: [] };

  constructor(private readonly retained: Record<JobKind, number>) {}

  add(kind: JobKind, id: string): void {
    const list = this.ids[kind];
    list.push(id);
    if (list.length > Math.floor(this.retained[kind] / 2)) list.shift();
  }

  pick(random: SeededRandom, kind: JobKind): string | undefined {
    const list = this.ids[kind];
    return list.length === 0 ? undefined : random.pick(list);
  }
}

/** The next request of the mix: a launch, a read of a recent job, a list, or a cancel. */
function nextRequest(random: SeededRandom, mix: RequestMix, recent: RecentJobs): PlannedRequest {
  const action = random.weighted([
    ['launch', 20],
    ['read', 50],
    ['list', 25],
    ['cancel', 2],
  ] as const);
  const kind = random.weighted<JobKind>([
    ['failover', 3],
    ['readiness', 1],
    ['replication', 1],
  ]);
  if (action === 'launch') return mix.launch();
  if (action === 'list') return mix.list(kind);
  const id = recent.pick(random, action === 'cancel' ? 'failover' : kind);
  if (id === undefined) return mix.list(kind);
  return action === 'cancel' ? mix.cancel(id) : mix.readJob(kind, id);
}

function startServer(
  dbPath: string,
  speed: number,
  retained: Record<JobKind, number>,
): Promise<{ child: ChildProcess; origin: string }> {
  const retention = Object.fromEntries(Object.entries(retained).map(([kind, maxJobs]) => [kind, { maxJobs }]));
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...tsxArguments(server, dbPath, String(speed), apiKey, JSON.stringify(retention))],
    { cwd: packageDir, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (message: SoakServerMessage) => {
      if (message.type === 'listening') resolve({ child, origin: message.origin });
    });
    child.once('exit', (code) => reject(new Error(`The soak simulator exited with ${code} before listening.`)));
  });
}

let measurements = 0;

/** Asks the simulator process for its memory after a garbage collection. */
function measure(child: ChildProcess): Promise<{ figures: MemoryFigures; collected: boolean }> {
  const id = ++measurements;
  return new Promise((resolve) => {
    const onMessage = (message: SoakServerMessage) => {
      if (message.type !== 'memory' || message.id !== id) return;
      child.off('message', onMessage);
      resolve({ figures: { heapUsed: message.usage.heapUsed, rss: message.usage.rss }, collected: message.collected });
    };
    child.on('message', onMessage);
    child.send({ type: 'memory', id });
  });
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const {
    seed,
    seconds,
    warmupSeconds,
    connections = 8,
    speed = 100,
    sampleEverySeconds = 0,
    checkEvery = 10,
    retained = { failover: 100, readiness: 20, replication: 20 },
  } = options;
  const progress = options.progress ?? (() => {});
  const random = createRandom(seed);
  const mix = new RequestMix(random, defaultInventory());
  const recent = new RecentJobs(retained);
  const dir = mkdtempSync(join(tmpdir(), 'eyeglass-soak-'));
  const { child, origin } = await startServer(join(dir, 'simulator.db'), speed, retained);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const answers: SoakReport['answers'] = {};
  const problems: string[] = [];
  const counts = { undocumented: 0, unexpected: 0, checkedBodies: 0, bodyViolations: 0, answered: 0 };
  const problem = (message: string) => {
    if (problems.length < 20) problems.push(message);
  };

  function record(planned: PlannedRequest, status: number, body: string, headers: Record<string, unknown>): void {
    const { operationId } = planned;
    counts.answered++;
    const byStatus = answers[operationId] ?? {};
    answers[operationId] = byStatus;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const documented: readonly string[] = operations.find(
      (operation) => operation.operationId === operationId,
    )!.statuses;
    if (!documented.includes(String(status))) {
      counts.undocumented++;
      problem(`${operationId} answered ${status}, which it does not document: ${body.slice(0, 200)}`);
    } else if (!planned.expected.includes(status)) {
      counts.unexpected++;
      problem(`${operationId} answered ${status} to a valid request: ${body.slice(0, 200)}`);
    }
    if (status >= 300 || counts.answered % checkEvery === 0) {
      counts.checkedBodies++;
      const lowerCased = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
      const violations = checkResponse(operationId, { status, headers: lowerCased, body });
      counts.bodyViolations += violations.length;
      for (const violation of violations) problem(`${operationId} ${status}: ${violation}`);
    }
    if (status === 201 && planned.creates) recent.add(planned.creates, (JSON.parse(body) as { id: string }).id);
  }

  const load = (duration: number) =>
    autocannon({
      url: origin,
      connections,
      duration,
      timeout: 10,
      requests: [
        {
          setupRequest(request, context) {
            const planned = nextRequest(random, mix, recent);
            context.planned = planned;
            const http = toHttpRequest(planned, apiKey);
            return { ...request, method: http.method, path: http.path, headers: http.headers };
          },
          onResponse(status, body, context, headers) {
            record(context.planned as PlannedRequest, status, body, headers);
          },
        },
      ],
    });

  try {
    // A job of each kind first, so that reads have something to read from the start.
    const target = httpTarget(origin);
    const first: PlannedRequest[] = [
      mix.launch(),
      { operationId: 'runReadinessJob', expected: [201, 409], creates: 'readiness' },
      { operationId: 'runReplicationJob', expected: [201, 409], creates: 'replication' },
    ];
    for (const planned of first) {
      const response = await target(toHttpRequest(planned, apiKey));
      record(planned, response.status, response.body, response.headers);
    }
    progress(`warming up for ${warmupSeconds} s`);
    const warmup = await load(warmupSeconds);
    const warm = await measure(child);
    progress(`measuring for ${seconds} s`);
    const samples: SoakReport['memory']['samples'] = [];
    const started = Date.now();
    const sampler =
      sampleEverySeconds > 0
        ? setInterval(() => {
            void measure(child).then(({ figures }) => {
              samples.push({ ...figures, atSeconds: Math.round((Date.now() - started) / 1000) });
            });
          }, sampleEverySeconds * 1000)
        : undefined;
    const result = await load(seconds);
    clearInterval(sampler);
    const end = await measure(child);
    return {
      seed,
      seconds,
      retained,
      requests: result.requests.total,
      warmupRequests: warmup.requests.total,
      requestsPerSecond: result.requests.average,
      latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      answers,
      errors: warmup.errors + result.errors,
      timeouts: warmup.timeouts + result.timeouts,
      undocumented: counts.undocumented,
      unexpected: counts.unexpected,
      checkedBodies: counts.checkedBodies,
      bodyViolations: counts.bodyViolations,
      problems,
      memory: { warm: warm.figures, end: end.figures, samples },
      collected: warm.collected && end.collected,
    };
  } finally {
    if (child.connected) child.send({ type: 'close' } satisfies SoakServerRequest);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SoakBounds {
  /** How much the heap may grow from the warm-up to the end, in bytes. */
  heapGrowth: number;
  rssGrowth: number;
}

/** Everything that makes a soak run fail: errors, statuses off the spec or the request, bodies off the spec, memory growth. */
export function soakFailures(report: SoakReport, bounds: SoakBounds): string[] {
  const failures: string[] = [];
  if (report.errors > 0) failures.push(`${report.errors} connection errors (${report.timeouts} timeouts)`);
  if (report.undocumented > 0) failures.push(`${report.undocumented} answers with an undocumented status`);
  if (report.unexpected > 0) failures.push(`${report.unexpected} answers a valid request should not get`);
  if (report.bodyViolations > 0) failures.push(`${report.bodyViolations} spec violations in sampled bodies`);
  const { warm, end } = report.memory;
  if (end.heapUsed - warm.heapUsed > bounds.heapGrowth)
    failures.push(`the heap grew by ${mb(end.heapUsed - warm.heapUsed)}, more than ${mb(bounds.heapGrowth)}`);
  if (end.rss - warm.rss > bounds.rssGrowth)
    failures.push(`RSS grew by ${mb(end.rss - warm.rss)}, more than ${mb(bounds.rssGrowth)}`);
  return failures;
}

export function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

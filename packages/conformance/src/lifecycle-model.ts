/**
 * The model of the job lifecycle the stateful test checks a server against: every job seen, what
 * it looked like when first seen finished, its log so far, and whether a cancel was accepted. The
 * session sends requests, checks each answer against the spec, and applies the invariants:
 * - a created job can always be fetched;
 * - no job is in both the `running` and the `finished` list;
 * - a finished job never changes again;
 * - the log only grows;
 * - a cancelled job ends with `success: false`, and only a job whose cancel was accepted ends cancelled;
 * - with storage outages, a write answered 503 changed nothing: no job appears that no launch was
 *   answered 201 for, and a cancel answered 503 cancels nothing;
 * and, on every job shown, its step tree is consistent, a step never goes back and never changes
 * once finished, a failed step means `success: false`, and `success: false` is never undone.
 */
import { isDeepStrictEqual } from 'node:util';
import { type OperationId, operations, basePath as specBasePath } from '@eyeglass-jobs/spec';
import type { Job, JobKind, JobOfKind, JobStatusDetail } from '@eyeglass-jobs/types';
import { type CheckOptions, checkResponse } from './check-response.js';
import type { ConformanceResponse, ConformanceTarget } from './target.js';

export type { JobKind };

/** A job as its kind's get and list show it: a Job for failover, a JobStatusDetail (a step tree) otherwise. */
export type JobBody = JobOfKind<JobKind>;

/** The server under test, started afresh for each run. */
export interface LifecycleSystem {
  target: ConformanceTarget;
  /** Moves the server's clock on, such as a fake clock's `advance`; leave it out for a server on real time. */
  advance?: (ms: number) => void | Promise<void>;
  /**
   * Takes the server's storage away (`false`, as a full disk would) and gives it back (`true`),
   * for `storageOutages`. While it is away, a launch, run or cancel may answer 503, and then must
   * have changed nothing; reads must go on.
   */
  storage?: (available: boolean) => void | Promise<void>;
  close?: () => void | Promise<void>;
}

/** A failover or rehearsal the server accepts: two clusters, and a zone or policies (and a pool). */
export interface LifecycleSubject {
  sourceid: string;
  targetid: string;
  failovertarget: string;
  pool?: string;
}

export interface TrackedJob {
  kind: JobKind;
  id: string;
  /** The job as first seen finished; it must never differ again. */
  finished?: unknown;
  /** The longest log fetched so far. */
  log?: string;
  /** The log fetched after the job was seen finished: it must stay as it is. */
  finalLog?: boolean;
  /** A cancel answered 200. */
  cancelled: boolean;
  /** Each step as last seen: a step moves from pending to running to finished, and a finished one stays as it is. */
  steps: Map<string, JobStatusDetail>;
  /** `success` was seen false: it never turns true again. */
  failed?: boolean;
}

const stateOrder: Record<string, number> = { pending: 0, running: 1, finished: 2 };

/** Every step of a tree, the root included. */
function allSteps(step: JobStatusDetail): JobStatusDetail[] {
  return [step, ...step.childrenDetails.flatMap(allSteps)];
}

/** An invariant the server broke. */
export class LifecycleViolation extends Error {
  override name = 'LifecycleViolation';
}

function violated(message: string): never {
  throw new LifecycleViolation(message);
}

/** The first path at which two JSON values differ, for messages. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path || '(root)'}: ${JSON.stringify(a)} became ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}/${key}`,
    );
    if (found) return found;
  }
  return `${path || '(root)'} differs`;
}

/**
 * What is wrong with a step tree, by the spec's own words: a pending step has neither started nor
 * finished and no status yet, a running one has started but not finished, a finished one has
 * finished (not before it started) with all its steps, and a pending one has none started.
 */
export function stepTreeProblems(step: JobStatusDetail, problems: string[] = []): string[] {
  const at = `step ${step.id} (${step.state})`;
  if (step.state === 'pending' && (step.started !== 0 || step.finished !== 0 || step.status !== '')) {
    problems.push(
      `${at} has started ${step.started}, finished ${step.finished}, status ${JSON.stringify(step.status)}`,
    );
  }
  if (step.state === 'running' && (step.started === 0 || step.finished !== 0)) {
    problems.push(`${at} has started ${step.started}, finished ${step.finished}`);
  }
  if (step.state === 'finished' && (step.finished === 0 || step.finished < step.started)) {
    problems.push(`${at} has started ${step.started}, finished ${step.finished}`);
  }
  for (const child of step.childrenDetails) {
    if (step.state === 'finished' && child.state !== 'finished')
      problems.push(`${at} has a ${child.state} step ${child.id}`);
    if (step.state === 'pending' && child.state !== 'pending')
      problems.push(`${at} has a ${child.state} step ${child.id}`);
    stepTreeProblems(child, problems);
  }
  return problems;
}

function hasFailedStep(step: JobStatusDetail): boolean {
  return step.status === 'ERROR' || step.childrenDetails.some(hasFailedStep);
}

/** The state of a Job (failover list) or of a JobStatusDetail (readiness and replication). */
export function stateOf(kind: JobKind, body: JobBody): string | undefined {
  return kind === 'failover' ? (body as Job).jobStatusDetails?.state : (body as JobStatusDetail).state;
}

/** Whether a failover job succeeded; readiness and replication jobs say nothing of it. */
export function successOf(body: JobBody): boolean | undefined {
  return (body as Partial<Job>).success;
}

export class LifecycleModel {
  readonly jobs = new Map<string, TrackedJob>();
  private readonly order: Record<JobKind, string[]> = { failover: [], readiness: [], replication: [] };

  /** @param knowsEveryJob the server started empty: every job it shows must be one a launch was answered 201 for. */
  constructor(private readonly knowsEveryJob = false) {}

  track(kind: JobKind, id: string): TrackedJob {
    let job = this.jobs.get(id);
    if (!job) {
      job = { kind, id, cancelled: false, steps: new Map() };
      this.jobs.set(id, job);
      this.order[kind].push(id);
    }
    return job;
  }

  /** The ids of a kind, oldest first. */
  ids(kind: JobKind): readonly string[] {
    return this.order[kind];
  }

  /** The n-th job of a kind (modulo), for commands that pick one. */
  pick(kind: JobKind, n: number): TrackedJob | undefined {
    const ids = this.order[kind];
    return ids.length === 0 ? undefined : this.jobs.get(ids[n % ids.length]!);
  }

  /** Checks a job as the server shows it against what the model has seen of it. */
  observe(kind: JobKind, body: JobBody, where: string): void {
    if (typeof body?.id !== 'string') violated(`${where}: a job without an id`);
    if (this.knowsEveryJob && !this.jobs.has(body.id)) {
      violated(`${where}: ${kind} job ${body.id} exists, but no launch was answered 201 for it`);
    }
    const job = this.track(kind, body.id);
    const tree = kind === 'failover' ? (body as Job).jobStatusDetails : (body as JobStatusDetail);
    const problems = tree ? stepTreeProblems(tree) : ['no step tree'];
    if (problems.length > 0) violated(`${where}: ${kind} job ${job.id}: ${problems.join('; ')}`);
    if (kind === 'failover' && successOf(body) !== false && hasFailedStep(tree!)) {
      violated(`${where}: job ${job.id} has a failed step, yet success is ${String(successOf(body))}`);
    }
    if (kind === 'failover') {
      if (job.failed && successOf(body) !== false) violated(`${where}: job ${job.id} has success true again`);
      if (successOf(body) === false) job.failed = true;
    }
    for (const step of allSteps(tree!)) {
      const before = job.steps.get(step.id);
      if (before && stateOrder[step.state]! < stateOrder[before.state]!) {
        violated(`${where}: step ${step.id} of job ${job.id} went back from ${before.state} to ${step.state}`);
      }
      const change = before?.state === 'finished' ? firstDifference(before, step) : undefined;
      if (change) violated(`${where}: finished step ${step.id} of job ${job.id} changed: ${change}`);
      job.steps.set(step.id, structuredClone(step));
    }
    if (job.finished !== undefined) {
      const change = firstDifference(job.finished, body);
      if (change) violated(`${where}: finished ${kind} job ${job.id} changed: ${change}`);
      return;
    }
    if (stateOf(kind, body) !== 'finished') return;
    job.finished = structuredClone(body);
    if (kind === 'failover' && job.cancelled && successOf(body) !== false) {
      violated(`${where}: cancelled job ${job.id} finished with success ${String(successOf(body))}`);
    }
    if (kind === 'failover' && !job.cancelled && tree!.status === 'CANCELLED') {
      violated(`${where}: job ${job.id} finished cancelled, but no cancel of it was accepted`);
    }
  }

  /** Checks a log against the longest one fetched before: it may only grow, and not at all once finished. */
  observeLog(id: string, log: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    const before = job.log ?? '';
    if (!log.startsWith(before)) {
      violated(`the log of job ${id} lost lines: it was ${JSON.stringify(before)}, now ${JSON.stringify(log)}`);
    }
    if (job.finalLog && log !== before) {
      violated(`the log of job ${id} grew after the job finished: ${JSON.stringify(log.slice(before.length))}`);
    }
    job.log = log;
    if (job.finished !== undefined) job.finalLog = true;
  }
}

export interface SessionOptions {
  apiKey: string;
  basePath?: string;
  check?: CheckOptions;
  /** Called with every answer once the spec check passed; throw to fail the run. */
  onAnswer?: (operationId: OperationId, response: ConformanceResponse) => void;
  /** Counts answers as `operationId status`. */
  count?: (key: string) => void;
}

/** Sends the model's requests to the server and checks each answer against the spec. */
export class LifecycleSession {
  constructor(
    readonly system: LifecycleSystem,
    private readonly options: SessionOptions,
  ) {}

  /** The server's storage is away (a storage outage command): writes may answer 503. */
  storageDown = false;

  /** The statuses a write may answer: `statuses`, and 503 while the storage is away. */
  writeStatuses(statuses: readonly number[]): readonly number[] {
    return this.storageDown ? [...statuses, 503] : statuses;
  }

  /** Takes the storage away or gives it back, when the server can be told to. */
  async setStorage(available: boolean): Promise<void> {
    if (!this.system.storage) return;
    await this.system.storage(available);
    this.storageDown = !available;
  }

  /** True when time moves only when the test says (a fake clock): then checks that need a still server apply. */
  get timeIsStill(): boolean {
    return this.system.advance !== undefined;
  }

  async send(
    operationId: OperationId,
    input: { id?: string; query?: Record<string, string | boolean> } = {},
  ): Promise<ConformanceResponse> {
    const op = operations.find((candidate) => candidate.operationId === operationId)!;
    const query = new URLSearchParams(
      Object.entries(input.query ?? {}).map(([name, value]) => [name, String(value)]),
    ).toString();
    const path = op.path.replace('{id}', encodeURIComponent(input.id ?? ''));
    const response = await this.system.target({
      method: op.method,
      path: `${this.options.basePath ?? specBasePath}${path}${query ? `?${query}` : ''}`,
      headers: { api_key: this.options.apiKey },
    });
    this.options.count?.(`${operationId} ${response.status}`);
    const problems = checkResponse(operationId, response, this.options.check);
    // A 503 while the storage is away is an answer the model expects (and checks); any other 5xx is a fault.
    const expected503 = response.status === 503 && this.storageDown;
    if (response.status >= 500 && !expected503) {
      problems.unshift(`answered ${response.status}: ${response.body.slice(0, 300)}`);
    }
    if (problems.length > 0) violated(`${op.method} ${path}?${query} breaks the spec:\n  - ${problems.join('\n  - ')}`);
    this.options.onAnswer?.(operationId, response);
    return response;
  }

  /** Sends a request whose answer must have one of `statuses`; returns the answer and its parsed JSON body. */
  async expect(
    operationId: OperationId,
    statuses: readonly number[],
    input: { id?: string; query?: Record<string, string | boolean> } = {},
  ): Promise<{ status: number; body: unknown; text: string }> {
    const response = await this.send(operationId, input);
    if (!statuses.includes(response.status)) {
      violated(
        `${operationId} ${JSON.stringify(input)} answered ${response.status}, expected ${statuses.join(' or ')}: ${response.body.slice(0, 300)}`,
      );
    }
    const json = (response.headers['content-type'] ?? '').includes('json');
    return { status: response.status, body: json ? JSON.parse(response.body) : undefined, text: response.body };
  }
}

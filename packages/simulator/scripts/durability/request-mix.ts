/**
 * Valid requests over an inventory, for the kill loop and the soak: launches (failovers of
 * zones, pools and policies in either direction, rehearsals, DR tests, readiness and
 * replication runs), reads of known jobs and lists with filters. Each request carries the
 * statuses a valid request of its kind may get; anything else is a defect of the server.
 */
import type { ConformanceRequest } from '@eyeglass-jobs/conformance';
import { basePath, type OperationId, operations } from '@eyeglass-jobs/spec';
import type { JobKind } from '@eyeglass-jobs/types';
import type { Inventory, ZoneEntry } from '../../src/index.js';
import type { SeededRandom } from './seeded-random.js';

export type { JobKind };

export interface PlannedRequest {
  operationId: OperationId;
  /** The `{id}` of the path. */
  id?: string;
  query?: Record<string, string>;
  /** What a valid request of this kind may be answered: a launch 201 or 409 (busy), a read 200. */
  expected: readonly number[];
  /** The kind of job a launch creates. */
  creates?: JobKind;
}

const launched = [201, 409] as const;
const read = [200] as const;

/** The HTTP request of a planned one, as the conformance kit's targets take it. */
export function toHttpRequest(planned: PlannedRequest, apiKey: string): ConformanceRequest {
  const operation = operations.find((candidate) => candidate.operationId === planned.operationId)!;
  const path =
    planned.id === undefined ? operation.path : operation.path.replace('{id}', encodeURIComponent(planned.id));
  const query = planned.query ? new URLSearchParams(planned.query).toString() : '';
  return {
    method: operation.method.toUpperCase(),
    path: `${basePath}${path}${query ? `?${query}` : ''}`,
    headers: { api_key: apiKey },
  };
}

/** What a failover or rehearsal can act on: a whole zone, one of its pools, or some of its policies. */
interface Subject {
  zone: ZoneEntry;
  failovertarget: string;
  pool?: string;
}

function subjectsOf(inventory: Inventory): Subject[] {
  return inventory.zones.flatMap((zone) => [
    { zone, failovertarget: zone.id },
    ...zone.pools.map((pool) => ({ zone, failovertarget: zone.id, pool: pool.id })),
    ...zone.policies.map((policy) => ({ zone, failovertarget: policy.id })),
    ...(zone.policies.length > 1 ? [{ zone, failovertarget: zone.policies.map((policy) => policy.id).join(',') }] : []),
  ]);
}

const flag = (random: SeededRandom, probabilityTrue: number) => String(random.chance(probabilityTrue));

export class RequestMix {
  private readonly subjects: Subject[];
  private readonly policies: string[];

  constructor(
    private readonly random: SeededRandom,
    inventory: Inventory,
  ) {
    this.subjects = subjectsOf(inventory);
    this.policies = inventory.zones.flatMap((zone) => zone.policies.map((policy) => policy.id));
  }

  /** A launch of any kind; failovers run in either direction, so some fail their validation, as on an appliance. */
  launch(): PlannedRequest {
    const { random } = this;
    const kind = random.weighted([
      ['failover', 6],
      ['rehearsal', 1],
      ['drtest', 1],
      ['readiness', 1],
      ['replication', 1],
    ] as const);
    if (kind === 'readiness') return { operationId: 'runReadinessJob', expected: launched, creates: 'readiness' };
    if (kind === 'replication') return { operationId: 'runReplicationJob', expected: launched, creates: 'replication' };
    if (kind === 'drtest') {
      const query = { policy: random.pick(this.policies), enable: flag(random, 0.5), datasync: flag(random, 0.8) };
      return { operationId: 'launchDrTest', query, expected: launched, creates: 'failover' };
    }
    const subject = random.pick(this.subjects);
    const forward = random.chance(0.5);
    const query: Record<string, string> = {
      sourceid: forward ? subject.zone.source : subject.zone.target,
      targetid: forward ? subject.zone.target : subject.zone.source,
      failovertarget: subject.failovertarget,
      ...(subject.pool ? { pool: subject.pool } : {}),
    };
    if (kind === 'rehearsal') {
      return {
        operationId: 'launchRehearsal',
        query: { ...query, enable: flag(random, 0.5) },
        expected: launched,
        creates: 'failover',
      };
    }
    query.controlled = flag(random, 0.7);
    for (const option of ['datasync', 'configsync', 'resyncprep', 'quotasync', 'smbdataintegrity']) {
      if (random.chance(0.2)) query[option] = flag(random, 0.5);
    }
    if (random.chance(0.3)) query.blockonwarnings = flag(random, 0.5);
    if (random.chance(0.2)) query.rollbackrenamedshares = flag(random, 0.5);
    return { operationId: 'launchFailover', query, expected: launched, creates: 'failover' };
  }

  /** A read of one known job: the job, its log, or (rarely) a cancel of a failover job. */
  readJob(kind: JobKind, id: string): PlannedRequest {
    if (kind === 'readiness') return { operationId: 'getReadinessJob', id, expected: read };
    if (kind === 'replication') return { operationId: 'getReplicationJob', id, expected: read };
    return { operationId: this.random.chance(0.5) ? 'getFailoverJob' : 'getFailoverJobLog', id, expected: read };
  }

  /** A cancel of a failover job: 200 while it runs, 409 once it has finished. */
  cancel(id: string): PlannedRequest {
    return { operationId: 'cancelFailoverJob', id, expected: [200, 409] };
  }

  /** A list of one kind, with or without filters. */
  list(kind: JobKind): PlannedRequest {
    const { random } = this;
    const query: Record<string, string> = {};
    const state = random.pick(['all', 'running', 'finished', undefined]);
    if (state) query.state = state;
    if (kind === 'failover' && random.chance(0.3)) query.success = flag(random, 0.5);
    const operationId = (
      { failover: 'listFailoverJobs', readiness: 'listReadinessJobs', replication: 'listReplicationJobs' } as const
    )[kind];
    return { operationId, query, expected: read };
  }
}

/** The kind of job an operation reads or lists, for recording what its answer shows. */
export function kindOf(operationId: OperationId): JobKind | undefined {
  if (/Readiness/.test(operationId)) return 'readiness';
  if (/Replication/.test(operationId)) return 'replication';
  if (/Failover|DrTest|Rehearsal/.test(operationId)) return 'failover';
  return undefined;
}

/**
 * A minimal in-memory implementation of the Eyeglass Jobs v2 API on the server stubs. Failover, DR
 * test and rehearsal jobs stay running until cancelled; readiness and replication jobs finish at
 * once. The inventory is two clusters that share one access zone, `finance`. Run it with
 *   node --conditions=@eyeglass-jobs/source --import tsx packages/server/examples/minimal.ts
 * and call it with `curl -H 'api_key: igls-example' http://127.0.0.1:8080/sera/v2/jobs/failover`.
 */
import { pathToFileURL } from 'node:url';
import {
  createEyeglassJobsServer,
  type EyeglassJobsHandlers,
  errorResult,
  type LaunchFailoverResult,
} from '@eyeglass-jobs/server';
import type { Job, JobMode, JobStatusDetail, JobType, Node } from '@eyeglass-jobs/types';

const clusters: Node[] = [
  { id: 'production_005056b4aa4369988a664106c21f470db369', ip: '10.20.30.40', name: 'production' },
  { id: 'dr_005056b4bb5478a99b775217d32f581ec47a', ip: '10.20.30.41', name: 'dr' },
];

const zone = (id: string) => ({ id, name: id, failoverReadiness: { status: 'OK' as const }, readinessDetail: [] });
const finance = zone('finance');

const detail = (id: string, name: string, started: number, finished = started): JobStatusDetail => ({
  id,
  name,
  state: finished ? 'finished' : 'running',
  status: finished ? 'OK' : '',
  info: '',
  started,
  finished,
  childrenDetails: [],
});

/** Handlers for every operation, over jobs kept in memory. `now` is the clock, for tests. */
export function createMinimalHandlers(now: () => number = Date.now): EyeglassJobsHandlers {
  const failoverJobs = new Map<string, { job: Job; log: string }>();
  const readinessJobs = new Map<string, JobStatusDetail>();
  const replicationJobs = new Map<string, JobStatusDetail>();
  let sequence = 0;
  const nextId = (kind: string): string => `${kind}-${(++sequence).toString(16).padStart(12, '0')}`;
  const newestFirst = <T>(jobs: Map<string, T>): T[] => [...jobs.values()].reverse();
  const inState = (state: 'all' | 'running' | 'finished') => (job: JobStatusDetail) =>
    state === 'all' || (state === 'finished') === (job.state === 'finished');

  const startFailover = (
    jobType: JobType,
    jobMode: JobMode,
    sourceid: string,
    targetid: string,
    target: string,
  ): LaunchFailoverResult => {
    const sourceNode = clusters.find((c) => c.id === sourceid);
    const targetNode = clusters.find((c) => c.id === targetid);
    if (!sourceNode || !targetNode)
      return errorResult(404, `Cluster ${sourceNode ? targetid : sourceid} is not managed.`);
    const id = nextId('job');
    const started = now();
    const job: Job = {
      id,
      name: `${jobMode} of ${target}`,
      jobType,
      jobMode,
      started,
      finished: 0,
      success: true,
      sourceNode,
      targetNode,
      failoverTarget: { zone: zone(target), policies: [] },
      jobStatusDetails: detail(id, jobType, started, 0),
    };
    failoverJobs.set(id, { job, log: `${new Date(started).toISOString()} ${job.name} started\n` });
    return { status: 201, body: { id } };
  };

  const runJob = (jobs: Map<string, JobStatusDetail>, name: string) => {
    const id = nextId(name);
    jobs.set(id, detail(id, name, now()));
    return { status: 201 as const, body: { id } };
  };

  const findIn = (jobs: Map<string, JobStatusDetail>, kind: string, id: string) => {
    const job = jobs.get(id);
    return job ? { status: 200 as const, body: job } : errorResult(404, `${kind} job ${id} was not found.`);
  };

  /** Answers `found(node)` for a known cluster, or 404 when the cluster, or what `found` looks for, is missing. */
  const withNode = <T>(id: string, found: (node: Node) => T | undefined, what = `Cluster ${id}`) => {
    const node = clusters.find((c) => c.id === id);
    const body = node && found(node);
    return body === undefined ? errorResult(404, `${what} was not found.`) : { status: 200 as const, body };
  };

  return {
    listFailoverJobs: ({ query }) => ({
      status: 200,
      body: newestFirst(failoverJobs)
        .map((entry) => entry.job)
        .filter((job) => inState(query.state)(job.jobStatusDetails))
        .filter((job) => query.success === undefined || job.success === query.success),
    }),
    launchFailover: ({ query }) => {
      const type = query.failovertarget.includes(',') ? 'policy_failover' : 'zone_failover';
      return startFailover(type, 'failover', query.sourceid, query.targetid, query.failovertarget);
    },
    launchDrTest: ({ query }) =>
      startFailover('policy_failover', 'dr_test', clusters[0]!.id, clusters[1]!.id, query.policy),
    launchRehearsal: ({ query }) => {
      const type = query.failovertarget.includes(',') ? 'policy_failover' : 'zone_failover';
      return startFailover(type, 'rehearsal', query.sourceid, query.targetid, query.failovertarget);
    },
    getFailoverJob: ({ params }) => {
      const entry = failoverJobs.get(params.id);
      return entry ? { status: 200, body: entry.job } : errorResult(404, `Failover job ${params.id} was not found.`);
    },
    cancelFailoverJob: ({ params }) => {
      const entry = failoverJobs.get(params.id);
      if (!entry) return errorResult(404, `Failover job ${params.id} was not found.`);
      if (entry.job.jobStatusDetails.state === 'finished') {
        return errorResult(409, `Failover job ${params.id} is already finished.`);
      }
      const finished = now();
      entry.job = {
        ...entry.job,
        finished,
        success: false,
        jobStatusDetails: { ...entry.job.jobStatusDetails, state: 'finished', status: 'CANCELLED', finished },
      };
      entry.log += `${new Date(finished).toISOString()} ${entry.job.name} cancelled\n`;
      return { status: 200, body: entry.job };
    },
    getFailoverJobLog: ({ params }) => {
      const entry = failoverJobs.get(params.id);
      return entry ? { status: 200, body: entry.log } : errorResult(404, `Failover job ${params.id} was not found.`);
    },
    listReadinessJobs: ({ query }) => ({ status: 200, body: newestFirst(readinessJobs).filter(inState(query.state)) }),
    runReadinessJob: () => runJob(readinessJobs, 'readiness'),
    getReadinessJob: ({ params }) => findIn(readinessJobs, 'Readiness', params.id),
    listReplicationJobs: ({ query }) => ({
      status: 200,
      body: newestFirst(replicationJobs).filter(inState(query.state)),
    }),
    runReplicationJob: () => runJob(replicationJobs, 'replication'),
    getReplicationJob: ({ params }) => findIn(replicationJobs, 'Replication', params.id),
    listNodes: () => ({ status: 200, body: clusters }),
    getNode: ({ params }) => withNode(params.id, (node) => node),
    listNodeZones: ({ params, query }) =>
      withNode(params.id, () => [query.foReadiness ? finance : { id: finance.id, name: finance.name }]),
    getNodeZone: ({ params }) =>
      withNode(params.id, () => (params.name === finance.name ? finance : undefined), `Zone ${params.name}`),
    listNodePolicies: ({ params }) => withNode(params.id, () => []),
    getNodePolicy: ({ params }) => withNode(params.id, () => undefined, `Policy ${params.name}`),
    listNodePools: ({ params }) => withNode(params.id, () => []),
    getNodePool: ({ params }) => withNode(params.id, () => undefined, `Pool ${params.name}`),
    getHealthcheck: () => ({ status: 200, body: String(now()) }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = createEyeglassJobsServer({
    handlers: createMinimalHandlers(),
    apiKeys: [process.env.EYEGLASS_API_KEY ?? 'igls-example'],
    logger: true,
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8080) });
}

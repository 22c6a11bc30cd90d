/**
 * `createEyeglassClient`: the generated operation groups over one transport, with the hand-written
 * waiters and log follower added to the groups whose jobs they follow.
 */
import type { Job, JobStatusDetail, paths } from '@eyeglass-jobs/types';
import type { Client } from 'openapi-fetch';
import { createTransport, type TransportOptions } from './core/request.js';
import type { FailoverMethods, OperationGroups, ReadinessMethods, ReplicationMethods } from './generated/index.gen.js';
import { createOperationGroups } from './generated/index.gen.js';
import { type FollowLogOptions, followJobLog } from './lib/follow-log.js';
import { failoverLifecycle, stepTreeLifecycle } from './lib/job-lifecycle.js';
import { type WaitOptions, waitForJob } from './lib/waiter.js';

export interface EyeglassClientOptions extends TransportOptions {
  /** The appliance's API root, such as `https://eyeglass.example.com/sera` (see `basePath`). */
  baseUrl: string;
  /** The API token, sent raw in the `api_key` header. It never appears in errors or log lines. */
  apiKey: string;
}

export interface JobWaiter<J> {
  /** Polls `get` until the job is finished, and resolves with the finished job (see WaitOptions). */
  waitFor(id: string, options?: WaitOptions<J>): Promise<J>;
}

export interface FailoverClient extends FailoverMethods, JobWaiter<Job> {
  /** Yields the new text of the job's log on each poll; ends after the last text once the job is finished. */
  followLog(id: string, options?: FollowLogOptions): AsyncGenerator<string, void, undefined>;
}

export interface EyeglassClient extends OperationGroups {
  failover: FailoverClient;
  readiness: ReadinessMethods & JobWaiter<JobStatusDetail>;
  replication: ReplicationMethods & JobWaiter<JobStatusDetail>;
  /** The typed openapi-fetch client, with the base URL and api key set, for anything else. */
  raw: Client<paths>;
}

export function createEyeglassClient(options: EyeglassClientOptions): EyeglassClient {
  const transport = createTransport(options);
  const groups = createOperationGroups(transport);
  const { failover, readiness, replication } = groups;
  return {
    ...groups,
    failover: {
      ...failover,
      waitFor: (id, wait) => waitForJob(id, (request) => failover.get(id, request), failoverLifecycle, wait),
      followLog: (id, follow) =>
        followJobLog(
          id,
          (request) => failover.get(id, request),
          (request) => failover.log(id, request),
          failoverLifecycle,
          follow,
        ),
    },
    readiness: {
      ...readiness,
      waitFor: (id, wait) => waitForJob(id, (request) => readiness.get(id, request), stepTreeLifecycle, wait),
    },
    replication: {
      ...replication,
      waitFor: (id, wait) => waitForJob(id, (request) => replication.get(id, request), stepTreeLifecycle, wait),
    },
    raw: transport.raw,
  };
}

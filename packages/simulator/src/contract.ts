/**
 * The handler contract the simulator implements: the generated handler types of
 * `@eyeglass-jobs/server`, one method per operationId, taking `{ params, query, headers, body }`
 * and answering `{ status, body }`. The simulator answers a subset of each operation's documented
 * statuses (the route layer answers the rest, such as 403), named here per operation.
 */
import type { EyeglassJobsHandlers } from '@eyeglass-jobs/server';

export type OperationName = keyof EyeglassJobsHandlers;

type Handler<Op extends OperationName> = NonNullable<EyeglassJobsHandlers[Op]>;

/**
 * A request as the route layer hands it over: validated, coerced, query defaults filled in. The
 * simulator reads no header (the route layer has checked the key), so callers in process may
 * leave them out.
 */
export type OperationInput<Op extends OperationName> = Omit<Parameters<Handler<Op>>[0], 'headers'> & {
  headers?: Record<string, string | string[] | undefined>;
};

/** The query of an operation as the handler receives it. */
export type QueryInput<Op extends OperationName> = Parameters<Handler<Op>>[0]['query'];

/** An answer: a status the spec documents for the operation, with the body the spec gives it. */
export type Reply<Op extends OperationName, S extends number> = Extract<
  Awaited<ReturnType<Handler<Op>>>,
  { status: S }
>;

/** The 13 operations of Jobs v2, with the statuses the simulator itself answers. */
export interface JobsHandlers extends InventoryHandlers {
  listFailoverJobs(input: OperationInput<'listFailoverJobs'>): Promise<Reply<'listFailoverJobs', 200>>;
  launchFailover(input: OperationInput<'launchFailover'>): Promise<Reply<'launchFailover', 201 | 400 | 404 | 409>>;
  launchDrTest(input: OperationInput<'launchDrTest'>): Promise<Reply<'launchDrTest', 201 | 400 | 404 | 409>>;
  launchRehearsal(input: OperationInput<'launchRehearsal'>): Promise<Reply<'launchRehearsal', 201 | 400 | 404 | 409>>;
  getFailoverJob(input: OperationInput<'getFailoverJob'>): Promise<Reply<'getFailoverJob', 200 | 404>>;
  cancelFailoverJob(input: OperationInput<'cancelFailoverJob'>): Promise<Reply<'cancelFailoverJob', 200 | 404 | 409>>;
  getFailoverJobLog(input: OperationInput<'getFailoverJobLog'>): Promise<Reply<'getFailoverJobLog', 200 | 404>>;
  listReadinessJobs(input: OperationInput<'listReadinessJobs'>): Promise<Reply<'listReadinessJobs', 200>>;
  runReadinessJob(input: OperationInput<'runReadinessJob'>): Promise<Reply<'runReadinessJob', 201 | 409>>;
  getReadinessJob(input: OperationInput<'getReadinessJob'>): Promise<Reply<'getReadinessJob', 200 | 404>>;
  listReplicationJobs(input: OperationInput<'listReplicationJobs'>): Promise<Reply<'listReplicationJobs', 200>>;
  runReplicationJob(input: OperationInput<'runReplicationJob'>): Promise<Reply<'runReplicationJob', 201 | 409>>;
  getReplicationJob(input: OperationInput<'getReplicationJob'>): Promise<Reply<'getReplicationJob', 200 | 404>>;
}

/** The inventory operations (`/v1/nodes…`) and the health check. */
export interface InventoryHandlers {
  listNodes(input: OperationInput<'listNodes'>): Promise<Reply<'listNodes', 200>>;
  getNode(input: OperationInput<'getNode'>): Promise<Reply<'getNode', 200 | 404>>;
  listNodeZones(input: OperationInput<'listNodeZones'>): Promise<Reply<'listNodeZones', 200 | 404>>;
  getNodeZone(input: OperationInput<'getNodeZone'>): Promise<Reply<'getNodeZone', 200 | 404>>;
  listNodePolicies(input: OperationInput<'listNodePolicies'>): Promise<Reply<'listNodePolicies', 200 | 404>>;
  getNodePolicy(input: OperationInput<'getNodePolicy'>): Promise<Reply<'getNodePolicy', 200 | 404>>;
  listNodePools(input: OperationInput<'listNodePools'>): Promise<Reply<'listNodePools', 200 | 404>>;
  getNodePool(input: OperationInput<'getNodePool'>): Promise<Reply<'getNodePool', 200 | 404>>;
  getHealthcheck(input: OperationInput<'getHealthcheck'>): Promise<Reply<'getHealthcheck', 200>>;
}

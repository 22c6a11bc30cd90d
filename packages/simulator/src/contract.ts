/**
 * The handler contract the route layer calls: one method per operationId, each taking the
 * request as `{ params, query, headers, body }` and answering `{ status, body }`. The types are
 * derived from the spec's generated `operations`, so a status the spec does not document for an
 * operation does not compile. They stand in for the route layer's generated handler types.
 */
import type { operations } from '@eyeglass-jobs/types';

export type OperationName = keyof operations;

/** What an operation without query or path parameters receives in their place. */
type NoParameters = Record<string, never>;
/** The query or path parameters of an operation, as the spec's types declare them. */
export type ParametersIn<
  Op extends OperationName,
  Where extends 'query' | 'path',
> = operations[Op]['parameters'] extends { [W in Where]?: infer P }
  ? [NonNullable<P>] extends [never]
    ? NoParameters
    : NonNullable<P>
  : NoParameters;

/**
 * The query parameters that have a default in the spec; the route layer fills them in, so the
 * handlers see them as always present. A test keeps this list in step with the spec.
 */
export const defaultedQueryParameters = {
  listFailoverJobs: ['state'],
  launchFailover: [
    'pool',
    'controlled',
    'datasync',
    'configsync',
    'resyncprep',
    'disablemirror',
    'quotasync',
    'blockonwarnings',
    'rollbackrenamedshares',
    'smbdataintegrity',
  ],
  launchDrTest: ['configsync', 'datasync'],
  launchRehearsal: ['pool'],
  getFailoverJob: [],
  cancelFailoverJob: [],
  getFailoverJobLog: [],
  listReadinessJobs: ['state'],
  runReadinessJob: [],
  getReadinessJob: [],
  listReplicationJobs: ['state'],
  runReplicationJob: [],
  getReplicationJob: [],
} as const satisfies Record<OperationName, readonly string[]>;

type Filled<Q, K> = Omit<Q, K & keyof Q> & { [P in K & keyof Q]-?: Exclude<Q[P], undefined> };

/** The query of an operation as the handler receives it: validated, coerced, defaults filled in. */
export type QueryInput<Op extends OperationName> = Filled<
  ParametersIn<Op, 'query'>,
  (typeof defaultedQueryParameters)[Op][number]
>;

/** A request as the route layer hands it over. */
export interface OperationInput<Op extends OperationName> {
  params: ParametersIn<Op, 'path'>;
  query: QueryInput<Op>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

type Responses<Op extends OperationName> = operations[Op]['responses'];
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : never;

/** An answer: a status the spec documents for the operation, with the body the spec gives it. */
export type Reply<Op extends OperationName, S extends keyof Responses<Op> & number> = S extends unknown
  ? { status: S; body: ContentOf<Responses<Op>[S]> }
  : never;

/** The 13 operations of Jobs v2, as the simulator implements them. */
export interface JobsHandlers {
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

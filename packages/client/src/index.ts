/**
 * `@eyeglass-jobs/client`: a typed client for the Superna Eyeglass Jobs v2 API. This entry imports
 * nothing from Node: it runs in Node 20+ and in browsers. Node-only helpers are in `./node`.
 */

export type { Job, JobCreated, JobState, JobStatusDetail, JobType } from '@eyeglass-jobs/types';
export {
  createEyeglassClient,
  type EyeglassClient,
  type EyeglassClientOptions,
  type FailoverClient,
  type JobWaiter,
} from './client.js';
export * from './core/errors.js';
export type { FetchFunction, RequestOptions, RetryOptions } from './core/types.js';
export type * from './generated/index.gen.js';
export { basePath } from './generated/index.gen.js';
export type { FollowLogOptions } from './lib/follow-log.js';
export type { PollOptions } from './lib/polling.js';
export type { WaitOptions } from './lib/waiter.js';

/**
 * The kinds of job the API runs, read from the spec's paths rather than listed by hand: each kind
 * is listed under `/v2/jobs/{kind}` and read by id under `/v2/jobs/{kind}/{id}`.
 */
import type { paths } from './generated/schema.gen.js';

/** A kind of job: `failover`, `readiness` or `replication`. */
export type JobKind = {
  [P in keyof paths]: P extends `/v2/jobs/${infer K}/{id}` ? K : never;
}[keyof paths];

/** A job of a kind as the API shows it: a `Job` for failover, a `JobStatusDetail` (its step tree) otherwise. */
export type JobOfKind<K extends JobKind> =
  paths[`/v2/jobs/${K}/{id}`]['get']['responses'][200]['content']['application/json'];

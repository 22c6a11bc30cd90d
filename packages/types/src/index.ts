/** Types of the Jobs v2 API: openapi-typescript's `paths`, `components` and `operations`, and one alias per model. */

export type * from './generated/models.gen.js';
export type { components, operations, paths } from './generated/schema.gen.js';
export type { JobKind, JobOfKind } from './jobs.js';

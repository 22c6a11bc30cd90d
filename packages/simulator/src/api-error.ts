/** The one error factory: every refusal the simulator answers is an `ApiError` turned into the spec's Error body. */
import type { Error as ErrorBody } from '@eyeglass-jobs/types';
import type { Unavailable } from './contract.js';
import { StorageFailure } from './domain/storage-failure.js';

/**
 * The statuses the simulator refuses with; 403 and parameter 400s belong to the route layer. 503
 * answers any operation while the simulator shuts down or its storage fails.
 */
export type RefusalStatus = 400 | 404 | 409 | 503;

export class ApiError extends Error {
  constructor(
    readonly status: RefusalStatus,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toReply(): { status: RefusalStatus; body: ErrorBody } {
    return { status: this.status, body: { code: this.status, message: this.message } };
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);
export const conflict = (message: string): ApiError => new ApiError(409, message);
export const unavailable = (message: string): ApiError => new ApiError(503, message);

type Refusal<S extends RefusalStatus> = S extends unknown ? { status: S; body: ErrorBody } : never;

/**
 * Runs an operation, turning a refusal into its Error reply. Only the statuses the spec
 * documents for the operation are answered, and 503 for a storage failure (the operation changed
 * nothing); any other refusal is a defect and is thrown.
 */
export async function answer<R, S extends RefusalStatus>(
  refusals: readonly S[],
  operation: () => R,
): Promise<R | Refusal<S> | Unavailable> {
  try {
    return operation();
  } catch (error) {
    if (error instanceof StorageFailure) return unavailable(error.answer).toReply() as Unavailable;
    if (error instanceof ApiError && (refusals as readonly RefusalStatus[]).includes(error.status)) {
      return error.toReply() as Refusal<S>;
    }
    throw error;
  }
}

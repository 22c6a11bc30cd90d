/**
 * The contracts between the generated methods and the hand-written runtime: how a method describes
 * its operation and its arguments, and the options every call takes. A leaf module: it imports only types from outside the client, so the generated code and
 * every runtime module can depend on it without making a cycle.
 */
import type { paths } from '@eyeglass-jobs/types';
import type { Client } from 'openapi-fetch';

/** What a successful answer holds, as the generator reads it from the spec. */
export type ResultShape =
  | {
      media: 'json';
      type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
      required?: readonly string[];
    }
  | { media: 'text' }
  | { media: 'none' };

/** One operation of the spec, as a generated method describes it to the transport. */
export interface Operation {
  operationId: string;
  /** The HTTP method, upper case. */
  method: string;
  /** The path template under the base URL, such as `/v2/jobs/failover/{id}`. */
  path: string;
  /** Safe to repeat (a GET): only these are retried. */
  idempotent: boolean;
  result: ResultShape;
  /** For an operation that is not safe to repeat: the call that shows whether it took effect. */
  check?: string;
}

export interface RetryOptions {
  /** How many times a failed request may be tried again (0 turns retries off). */
  retries: number;
  /** The bound of the first backoff; each later one doubles it. */
  baseDelayMs: number;
  /** The cap on any backoff bound. */
  maxDelayMs: number;
  /** The HTTP statuses worth trying again. */
  statuses: readonly number[];
  /** Whether a network failure or an attempt that timed out is worth trying again. */
  networkErrors: boolean;
}

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Aborts the call, including its retries. */
  signal?: AbortSignal;
  /** The time one attempt may take, until its body is read. */
  timeoutMs?: number;
  /** The time the whole call may take, retries and their waits included. */
  deadlineMs?: number;
  /** Retry settings for this call; `false` turns retries off. Never applies to launch, run or cancel. */
  retry?: Partial<RetryOptions> | false;
  /** Extra request headers for this call. */
  headers?: Record<string, string>;
}

/** A `fetch` as the client calls it: with a Request, and with `{ dispatcher }` when one is configured. */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;

/** The arguments of one call, as a generated method hands them to the transport. */
export interface CallInput {
  /** The path parameters, by the names in the path template. */
  path?: Record<string, string>;
  /** The query parameters, serialized as openapi-fetch serializes them. */
  query?: object;
  /** A JSON body. A POST or DELETE without one sends `{}`. */
  body?: unknown;
}

/** What the generated methods send through. */
export interface Transport {
  /** The openapi-fetch client, with the base URL and api key set. */
  readonly raw: Client<paths>;
  send<T>(operation: Operation, input: CallInput, options?: RequestOptions): Promise<T>;
}

/**
 * What the client must do when the fault server answers a call's attempts with a given sequence of
 * faults: how many requests reach the server, and the value or the typed error the call ends with.
 * It restates the client's documented rules (README: Errors, Retries and timeouts) on their own, so
 * that a property test can compare the client against it. It assumes that the deadline is far
 * enough away for every attempt to run out its own timeout, and that a Retry-After asks for no wait
 * or for one past the deadline.
 */
import { type OperationId, operations } from '@eyeglass-jobs/spec';
import {
  EyeglassApiError,
  EyeglassAuthenticationError,
  EyeglassConflictError,
  type EyeglassError,
  EyeglassNetworkError,
  EyeglassNotFoundError,
  EyeglassTimeoutError,
  EyeglassUnexpectedResponseError,
} from '../../src/index.js';
import { type Fault, successAnswer } from './fault-server.js';

export type ErrorType = abstract new (...args: never[]) => EyeglassError;

export type Expected =
  | { attempts: number; value: unknown }
  | { attempts: number; error: ErrorType; outcomeUnknown: boolean };

type AttemptOutcome =
  | { value: unknown }
  | { error: ErrorType; retryable: boolean; outcomeUnknown: boolean; waitMs?: number | undefined };

const RETRIED_STATUSES = [429, 502, 503, 504];
const GATEWAY_STATUSES = [502, 504];

/** The wait a Retry-After asks for: delta-seconds or an HTTP date. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  return Math.max(0, Date.parse(header) - Date.now());
}

/** The class of the error an answer with this status and an Error body ends in. */
function apiErrorType(status: number): ErrorType {
  if (status === 401 || status === 403) return EyeglassAuthenticationError;
  if (status === 404) return EyeglassNotFoundError;
  return status === 409 ? EyeglassConflictError : EyeglassApiError;
}

function attemptOutcome(operationId: OperationId, fault: Fault, unsafe: boolean): AttemptOutcome {
  const success = successAnswer(operationId);
  const text = !success.contentType.includes('json');
  const value = text ? success.body : JSON.parse(success.body);
  const half = success.body.slice(0, success.body.length / 2);
  // A failure after the request was sent, for an operation that is not safe to repeat.
  const unknown = { outcomeUnknown: unsafe };
  switch (fault.kind) {
    case 'answer':
      return { value };
    case 'content-type':
      return text && fault.contentType.includes('html')
        ? { error: EyeglassUnexpectedResponseError, retryable: false, ...unknown }
        : { value };
    case 'status':
      return {
        error: apiErrorType(fault.status),
        retryable: RETRIED_STATUSES.includes(fault.status),
        outcomeUnknown: unsafe && GATEWAY_STATUSES.includes(fault.status),
        waitMs: retryAfterMs(fault.retryAfter),
      };
    case 'html':
      return {
        error: EyeglassUnexpectedResponseError,
        retryable: RETRIED_STATUSES.includes(fault.status),
        outcomeUnknown: unsafe && (fault.status < 300 || GATEWAY_STATUSES.includes(fault.status)),
      };
    case 'truncated':
      if (fault.contentLength === 'promised') return { error: EyeglassNetworkError, retryable: true, ...unknown };
      return text ? { value: half } : { error: EyeglassUnexpectedResponseError, retryable: false, ...unknown };
    case 'reset':
      return { error: EyeglassNetworkError, retryable: true, ...unknown };
    case 'hang-headers':
    case 'hang-body':
      return { error: EyeglassTimeoutError, retryable: true, ...unknown };
    case 'slow-body':
      return fault.totalMs < 50 ? { value } : { error: EyeglassTimeoutError, retryable: true, ...unknown };
    case 'redirect':
      return { error: EyeglassUnexpectedResponseError, retryable: false, outcomeUnknown: false };
  }
}

/**
 * The expected end of a call whose attempts meet `faults` in order (then success answers), with
 * `retries` retries allowed and `deadlineMs` to go.
 */
export function expectedOutcome(
  operationId: OperationId,
  faults: readonly Fault[],
  retries: number,
  deadlineMs: number,
): Expected {
  const unsafe = !operations.find((op) => op.operationId === operationId)!.idempotent;
  for (let attempt = 0; ; attempt++) {
    const outcome = attemptOutcome(operationId, faults[attempt] ?? { kind: 'answer' }, unsafe);
    const attempts = attempt + 1;
    if ('value' in outcome) return { attempts, value: outcome.value };
    const end = { attempts, error: outcome.error, outcomeUnknown: outcome.outcomeUnknown };
    if (unsafe || !outcome.retryable || attempt >= retries) return end;
    // A Retry-After wait past the deadline ends the call at once with the error it has.
    if ((outcome.waitMs ?? 0) >= deadlineMs) return end;
  }
}

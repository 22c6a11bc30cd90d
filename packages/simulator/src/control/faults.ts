/**
 * Faults of the appliance API, as data: for the next N requests of an operation, extra latency,
 * an error status, a reset, a hang, or commit then drop. Faults of one operation strike in the
 * order they were injected, one request each time.
 */
import type { ApplianceOperationId, Fault, FaultKind, FaultRequest } from './generated/models.gen.js';

/** A fault request that cannot be honoured as it is written; the message says why. */
export class FaultError extends Error {
  override name = 'FaultError';
}

const reasons: Record<number, string> = {
  429: 'Too many requests: try again later.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Eyeglass is not available: try again later.',
  504: 'Gateway timeout.',
};

function statusOnly(request: FaultRequest, field: keyof FaultRequest): void {
  if (request[field] !== undefined && request.kind !== 'status') {
    throw new FaultError(`${field} applies only to kind status, not to ${request.kind}.`);
  }
}

/** Checks what the schema cannot say: which fields go with which kind. */
function checkFault(request: FaultRequest): void {
  if (request.kind === 'latency' && request.latencyMs === undefined) {
    throw new FaultError('Kind latency needs latencyMs: how many milliseconds to add.');
  }
  if (request.kind === 'status' && request.status === undefined) {
    throw new FaultError('Kind status needs status: the HTTP status to answer with, such as 503.');
  }
  for (const field of ['status', 'retryAfterSeconds', 'message'] as const) statusOnly(request, field);
  if (request.retryAfterSeconds !== undefined && request.status !== 429 && request.status !== 503) {
    throw new FaultError(`retryAfterSeconds goes with status 429 or 503, not ${request.status}.`);
  }
}

export class FaultBook {
  private faults: Fault[] = [];
  private count = 0;

  /** Adds a fault; throws a FaultError when its fields do not go together. */
  inject(request: FaultRequest): Fault {
    checkFault(request);
    const fault: Fault = {
      id: `fault-${++this.count}`,
      operation: request.operation,
      kind: request.kind,
      remaining: request.times ?? 1,
      latencyMs: request.latencyMs ?? 0,
      ...(request.kind === 'status'
        ? {
            status: request.status!,
            message: request.message ?? reasons[request.status!] ?? `Injected error ${request.status}.`,
            ...(request.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: request.retryAfterSeconds }),
          }
        : {}),
    };
    this.faults.push(fault);
    return { ...fault };
  }

  /** Takes the next strike of the first fault waiting for the operation, if any. */
  take(operation: ApplianceOperationId): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.operation === operation);
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(index, 1);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  get size(): number {
    return this.faults.length;
  }

  clear(): void {
    this.faults = [];
  }
}

export type { FaultKind };

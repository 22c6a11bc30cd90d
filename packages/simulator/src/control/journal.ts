/**
 * The journal of the appliance API: the last requests it received, in the order they arrived,
 * with what became of them. No header is kept, so no `api_key`; credential-like query values are
 * redacted as in the server's logs.
 */
import { redactCredentials } from '@eyeglass-jobs/server';
import type { ApplianceOperationId, FaultKind, RequestRecord } from './generated/models.gen.js';

/** How many requests the journal keeps. */
export const JOURNAL_CAPACITY = 1000;

type Query = RequestRecord['query'];

/** The query string as an object (a repeated parameter as a list), credentials redacted. */
export function queryRecord(search: string): Query {
  const query: Query = {};
  const redacted = new URLSearchParams(redactCredentials(`?${search}`).slice(1));
  for (const [name, value] of redacted) {
    const known = query[name];
    if (known === undefined) query[name] = value;
    else query[name] = Array.isArray(known) ? [...known, value] : [known, value];
  }
  return query;
}

/** One request while it is open: the record, and when it arrived on the wall clock. */
export interface OpenRequest {
  record: RequestRecord;
  startedAt: number;
}

export class RequestJournal {
  private records: RequestRecord[] = [];
  private seq = 0;

  constructor(private readonly capacity = JOURNAL_CAPACITY) {}

  /** Records a request as it arrives. */
  open(entry: { time: number; method: string; url: string; operationId: ApplianceOperationId | null }): OpenRequest {
    const [path = '', search = ''] = entry.url.split(/\?(.*)/s);
    const record: RequestRecord = {
      seq: ++this.seq,
      time: entry.time,
      method: entry.method,
      path,
      query: queryRecord(search),
      operationId: entry.operationId,
      status: null,
      fault: null,
      durationMs: null,
    };
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    return { record, startedAt: performance.now() };
  }

  /** Notes the fault that struck a request. */
  struck(request: OpenRequest, fault: FaultKind): void {
    request.record.fault = fault;
  }

  /** Notes the status decided for a request (it may still never reach the client). */
  decided(request: OpenRequest, status: number): void {
    request.record.status = status;
  }

  /** Closes a request: answered, dropped, reset or given up on. */
  close(request: OpenRequest): void {
    if (request.record.durationMs !== null) return;
    request.record.durationMs = Math.round((performance.now() - request.startedAt) * 100) / 100;
  }

  /** The last `limit` requests, of one operation if asked, oldest first. */
  list(options: { limit?: number; operation?: ApplianceOperationId } = {}): RequestRecord[] {
    const matching = options.operation
      ? this.records.filter((record) => record.operationId === options.operation)
      : this.records;
    const limit = options.limit ?? matching.length;
    return matching.slice(Math.max(0, matching.length - limit)).map((record) => ({ ...record }));
  }

  get size(): number {
    return this.records.length;
  }

  clear(): void {
    this.records = [];
  }
}

/**
 * A local HTTP server that misbehaves on request: it serves the spec's operations on 127.0.0.1 (a
 * fresh port each time it starts), answers each request with the next planned fault, and counts
 * every request it receives by method and path. Faults: resets, hangs before the headers and in the
 * middle of the body, bodies sent one byte per write, gateway and throttling statuses (with or
 * without Retry-After), HTML error pages, truncated JSON (with a Content-Length that matches what is
 * sent, or one that promises more), a wrong Content-Type and redirects. Error bodies quote the
 * `api_key` header they received, as careless proxies do, so that redaction is really exercised.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basePath, document, type OperationId, operations } from '@eyeglass-jobs/spec';
import { resolveRef } from './operation-calls.js';

export type Fault =
  /** The operation's success answer, from the spec's example. */
  | { kind: 'answer' }
  /** An Error body `{ code, message }` with this status, and a Retry-After header when given. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** An HTML error page, as a proxy or a login portal serves it. */
  | { kind: 'html'; status: number }
  /**
   * The first half of the success body. `exact`: the Content-Length says the half, and the
   * connection stays usable. `promised`: it says the whole length, and the connection is closed
   * after the half. `short`: it says the half, and the whole body is sent.
   */
  | { kind: 'truncated'; contentLength: 'exact' | 'promised' | 'short' }
  /** The success body with another Content-Type. */
  | { kind: 'content-type'; contentType: string }
  /** A TCP reset as soon as the request has arrived, before any answer. */
  | { kind: 'reset' }
  /** The request is read and never answered. */
  | { kind: 'hang-headers' }
  /** The headers and the first half of the body are sent, then nothing more. */
  | { kind: 'hang-body' }
  /** The success answer, its body written one byte per write, spread over `totalMs`. */
  | { kind: 'slow-body'; totalMs: number }
  /** A redirect to `location` (a path on this server, or another origin). */
  | { kind: 'redirect'; status: number; location: string };

export interface ReceivedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  query: string;
  /** The operation the method and path match, if any. */
  operationId: OperationId | undefined;
  apiKey: string | undefined;
  fault: Fault;
}

/**
 * The request header that names the plan a request belongs to (see `FaultServer.plan`). A request
 * that arrives late, after its test gave up on it and the next test cleared the server, carries an
 * old plan's number: it is answered normally and left out of the counts, so that it cannot take the
 * next test's faults.
 */
export const PLAN_HEADER = 'x-fault-plan';

export interface FaultServer {
  /** `http://127.0.0.1:<port>` + the spec's base path: the client's `baseUrl`. */
  readonly baseUrl: string;
  readonly origin: string;
  /** Every request received since the last `clear`, in order. */
  readonly requests: readonly ReceivedRequest[];
  /** The headers a client sends so that its requests belong to the current plan. */
  planHeaders(): Record<string, string>;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<ReceivedRequest>;
  /** Queues faults for the next requests, in order; a request past the queue gets the success answer. */
  plan(...faults: Fault[]): void;
  /** How many requests arrived with this method and path (the path as the server saw it). */
  count(method: string, path: string): number;
  /** The counts by `METHOD path`. */
  counts(): Record<string, number>;
  /** Forgets the requests and the faults still queued, and starts a new plan. */
  clear(): void;
  close(): Promise<void>;
}

type Answer = { status: number; contentType: string; body: string };

type MediaObject = { example?: unknown; examples?: Record<string, unknown> };

/** The success answer of an operation: its 2xx status, media type and first example. */
export function successAnswer(operationId: OperationId): Answer {
  const entry = operations.find((op) => op.operationId === operationId)!;
  const status = entry.statuses.find((s) => s.startsWith('2'))!;
  const item = (document.paths as unknown as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
    entry.path
  ]!;
  const operation = item[entry.method.toLowerCase()]!;
  const response = resolveRef<{ content: Record<string, MediaObject> }>(operation.responses[status]);
  const [contentType, media] = Object.entries(response.content)[0]!;
  const example =
    media.example !== undefined
      ? media.example
      : resolveRef<{ value: unknown }>(Object.values(media.examples ?? {})[0]).value;
  const body = typeof example === 'string' && !contentType.includes('json') ? example : JSON.stringify(example);
  return { status: Number(status), contentType, body };
}

const routes = operations.map((op) => ({
  operationId: op.operationId,
  method: op.method,
  pattern: new RegExp(`^${basePath}${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

function matchOperation(method: string, path: string): OperationId | undefined {
  return routes.find((route) => route.method === method && route.pattern.test(path))?.operationId;
}

function send(response: ServerResponse, answer: Answer, headers: Record<string, string> = {}): void {
  response.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
    ...headers,
  });
  response.end(answer.body);
}

function errorPage(status: number, apiKey: string | undefined): string {
  return `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>Error ${status}</h1><p>The upstream did not answer the request with api_key=${apiKey}.</p></body></html>`;
}

/** Writes `body` one byte per write, evenly spread over `totalMs`; stops when the connection closes. */
function drip(request: IncomingMessage, response: ServerResponse, body: Buffer, totalMs: number): void {
  request.socket.setNoDelay(true);
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.min(body.length, Math.ceil(((Date.now() - started) / totalMs) * body.length));
    for (; sent < due; sent++) response.write(body.subarray(sent, sent + 1));
    if (sent < body.length) return;
    clearInterval(timer);
    response.end();
  }, 1);
  response.on('close', () => clearInterval(timer));
}

function serve(request: IncomingMessage, response: ServerResponse, received: ReceivedRequest): void {
  const { fault, operationId, apiKey } = received;
  if (!operationId) {
    send(response, { status: 404, contentType: 'application/json', body: '{"code":404,"message":"no such path"}' });
    return;
  }
  const success = successAnswer(operationId);
  const half = success.body.slice(0, Math.floor(success.body.length / 2));
  switch (fault.kind) {
    case 'answer':
      send(response, success);
      break;
    case 'status': {
      const body = JSON.stringify({ code: fault.status, message: `Refused the request with api_key=${apiKey}.` });
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
      send(response, { status: fault.status, contentType: 'application/json', body }, headers);
      break;
    }
    case 'html':
      send(response, { status: fault.status, contentType: 'text/html', body: errorPage(fault.status, apiKey) });
      break;
    case 'truncated':
      if (fault.contentLength === 'exact') {
        send(response, { ...success, body: half });
        break;
      }
      // The bytes past a short Content-Length would be read as the start of the next answer: close.
      response.writeHead(success.status, {
        'content-type': success.contentType,
        'content-length': Buffer.byteLength(fault.contentLength === 'short' ? half : success.body),
        ...(fault.contentLength === 'short' && { connection: 'close' }),
      });
      if (fault.contentLength === 'short') response.end(success.body);
      else response.write(half, () => request.socket.destroy());
      break;
    case 'content-type':
      send(response, { ...success, contentType: fault.contentType });
      break;
    case 'reset':
      request.socket.resetAndDestroy();
      break;
    case 'hang-headers':
      break;
    case 'hang-body':
      response.writeHead(success.status, {
        'content-type': success.contentType,
        'content-length': Buffer.byteLength(success.body),
      });
      response.write(half);
      break;
    case 'slow-body':
      response.writeHead(success.status, {
        'content-type': success.contentType,
        'content-length': Buffer.byteLength(success.body),
      });
      drip(request, response, Buffer.from(success.body), fault.totalMs);
      break;
    case 'redirect':
      response.writeHead(fault.status, { location: fault.location, 'content-length': 0 });
      response.end();
      break;
  }
}

/** Starts a fault server on 127.0.0.1 on a free port. */
export async function startFaultServer(): Promise<FaultServer> {
  let queue: Fault[] = [];
  let requests: ReceivedRequest[] = [];
  let waiters: Array<(request: ReceivedRequest) => void> = [];
  let planNumber = 0;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const header = request.headers.api_key;
    const plan = request.headers[PLAN_HEADER];
    const stale = plan !== undefined && plan !== String(planNumber);
    const received: ReceivedRequest = {
      method,
      path: url.pathname,
      query: url.search,
      operationId: matchOperation(method, url.pathname),
      apiKey: Array.isArray(header) ? header.join(',') : header,
      fault: (!stale && queue.shift()) || { kind: 'answer' },
    };
    if (!stale) {
      requests.push(received);
      for (const waiter of waiters.splice(0)) waiter(received);
    }
    // The API takes no request bodies; read any to its end so that the answer is not an early one.
    request.resume();
    request.on('end', () => serve(request, response, received));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = (method: string, path: string): string => `${method} ${path}`;
  return {
    baseUrl: origin + basePath,
    origin,
    get requests() {
      return requests;
    },
    planHeaders: () => ({ [PLAN_HEADER]: String(planNumber) }),
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    plan: (...faults) => {
      queue.push(...faults);
    },
    count: (method, path) => requests.filter((r) => key(r.method, r.path) === key(method, path)).length,
    counts: () => {
      const counts: Record<string, number> = {};
      for (const r of requests) counts[key(r.method, r.path)] = (counts[key(r.method, r.path)] ?? 0) + 1;
      return counts;
    },
    clear: () => {
      queue = [];
      requests = [];
      waiters = [];
      planNumber++;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

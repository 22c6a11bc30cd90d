/**
 * How an attempt stops its request on Node, where it goes straight to the dispatcher Node's fetch
 * uses and is stopped with the abort the dispatcher hands over, not an AbortSignal: a timeout or
 * the caller's signal must still close the socket, wherever the request is, and a finished call must
 * leave its connection open for the next one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEyeglassClient, EyeglassAbortError, EyeglassTimeoutError } from '../../src/index.js';
import { finishedJob } from '../support/fixtures.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handle: Handler = () => {};
let sockets: Socket[] = [];

// A server per test: the dispatcher pools connections per origin, so no test reuses another's connection.
beforeEach(async () => {
  sockets = [];
  server = createServer((request, response) => handle(request, response));
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sera`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Resolves once the server's side of `socket` is closed; rejects after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the socket was still open after ${ms} ms`)), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const client = () => createEyeglassClient({ baseUrl, apiKey: 'igls-stop', timeoutMs: 150, retry: false });
const job = JSON.stringify(finishedJob());

describe("stopping a request on Node's own fetch", () => {
  it('closes the socket of an attempt that timed out waiting for the headers', async () => {
    handle = () => {};
    await expect(client().failover.get('job-1')).rejects.toBeInstanceOf(EyeglassTimeoutError);
    expect(sockets).toHaveLength(1);
    await closedWithin(sockets[0]!, 2_000);
  });

  it('closes the socket of an attempt that timed out in the middle of the body', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(job)) });
      response.write(job.slice(0, 10));
    };
    await expect(client().failover.get('job-1')).rejects.toBeInstanceOf(EyeglassTimeoutError);
    await closedWithin(sockets[0]!, 2_000);
  });

  it("closes the socket when the caller's signal aborts the call", async () => {
    handle = () => {};
    const controller = new AbortController();
    const call = client().failover.get('job-1', { signal: controller.signal, timeoutMs: 60_000 });
    while (sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(EyeglassAbortError);
    await closedWithin(sockets[0]!, 2_000);
  });

  it('keeps the connection of a call that ended for the next call', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(job)) });
      response.end(job);
    };
    const eg = client();
    await expect(eg.failover.get('job-1')).resolves.toEqual(finishedJob());
    // Past the attempt's timeout: a stop armed by the first call must not reach its connection.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(eg.failover.get('job-1')).resolves.toEqual(finishedJob());
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.destroyed).toBe(false);
  });
});

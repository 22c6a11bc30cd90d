/**
 * Where the control API meets the appliance API: Fastify hooks on the simulator's server that
 * record every request under the appliance's base path in the journal, and let the faults strike
 * the requests of their operation. Nothing here runs unless the control API is on.
 */
import type { Socket } from 'node:net';
import { routes } from '@eyeglass-jobs/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { FaultBook } from './faults.js';
import type { ApplianceOperationId, Fault } from './generated/models.gen.js';
import type { OpenRequest, RequestJournal } from './journal.js';

export interface Interception {
  /** Closes the connections of requests left hanging, and with `all` of those waiting out a latency too. */
  release(all?: boolean): void;
}

interface InterceptionOptions {
  basePath: string;
  clock: () => Clock;
  faults: FaultBook;
  journal: RequestJournal;
}

/** The operation a matched route serves, by method and Fastify URL (`/sera/v2/jobs/failover/:id`). */
function operationIndex(basePath: string): (request: FastifyRequest) => ApplianceOperationId | null {
  const byRoute = new Map(routes.map((route) => [`${route.method} ${basePath}${route.url}`, route.operationId]));
  return (request) => byRoute.get(`${request.method} ${request.routeOptions.url}`) ?? null;
}

export function interceptAppliance(app: FastifyInstance, options: InterceptionOptions): Interception {
  const { basePath, faults, journal } = options;
  const operationOf = operationIndex(basePath);
  const open = new WeakMap<FastifyRequest, OpenRequest>();
  const dropping = new WeakSet<FastifyRequest>();
  const held = new Map<Socket, NodeJS.Timeout | undefined>();

  const hold = (reply: FastifyReply, timer?: NodeJS.Timeout): void => {
    const socket = reply.raw.socket;
    if (socket) held.set(socket, timer);
  };
  const unhold = (reply: FastifyReply): void => {
    const socket = reply.raw.socket;
    if (socket) held.delete(socket);
  };

  function strike(fault: Fault, request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    const entry = open.get(request)!;
    switch (fault.kind) {
      case 'latency':
        done();
        return;
      case 'status': {
        journal.decided(entry, fault.status!);
        const retryAfter =
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        reply
          .code(fault.status!)
          .headers(retryAfter)
          .type('application/json; charset=utf-8')
          .send({ code: fault.status!, message: fault.message! });
        return;
      }
      case 'reset':
        reply.raw.socket?.resetAndDestroy();
        return;
      case 'hang':
        hold(reply);
        return;
      case 'commit-then-drop':
        dropping.add(request);
        done();
        return;
    }
  }

  app.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?', 1)[0]!;
    if (path !== basePath && !path.startsWith(`${basePath}/`)) {
      done();
      return;
    }
    const operationId = operationOf(request);
    const entry = journal.open({ time: options.clock().now(), method: request.method, url: request.url, operationId });
    open.set(request, entry);
    reply.raw.once('close', () => {
      unhold(reply);
      journal.close(entry);
    });
    const fault = operationId ? faults.take(operationId) : undefined;
    if (!fault) {
      done();
      return;
    }
    journal.struck(entry, fault.kind);
    if (fault.latencyMs === 0) {
      strike(fault, request, reply, done);
      return;
    }
    const timer = setTimeout(() => {
      unhold(reply);
      if (!reply.raw.destroyed) strike(fault, request, reply, done);
    }, fault.latencyMs);
    hold(reply, timer);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (!dropping.has(request)) {
      done(null, payload);
      return;
    }
    // The handler has acted and its transaction is committed: only the answer is lost.
    const entry = open.get(request);
    if (entry) journal.decided(entry, reply.statusCode);
    reply.raw.socket?.destroy();
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const entry = open.get(request);
    if (entry) {
      if (entry.record.status === null) journal.decided(entry, reply.statusCode);
      journal.close(entry);
    }
    done();
  });

  const release = (all = false): void => {
    for (const [socket, timer] of held) {
      if (timer && !all) continue;
      clearTimeout(timer);
      socket.destroy();
      held.delete(socket);
    }
  };
  app.addHook('preClose', (done) => {
    release(true);
    done();
  });
  return { release };
}

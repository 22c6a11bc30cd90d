/**
 * What Node's HTTP server would otherwise answer on its own, with a bare status and no body: a
 * request without the Host header HTTP/1.1 requires (RFC 9112 §3.2), and an `Expect` it cannot
 * meet (RFC 9110 §10.1.1). Here they get the Error shape. `Expect: 100-continue` is honoured only
 * once the request has passed its checks (the api_key above all), just before its body is read,
 * so that a client with a wrong key gets its 403 instead of an invitation to send the body.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { errorBody, sendError } from './errors.js';

/** Set on a request whose client waits for 100 Continue before sending its body. */
const awaitsContinue = Symbol('awaitsContinue');
type WaitingRequest = IncomingMessage & { [awaitsContinue]?: boolean };

/** The http server options under which the checks below, not Node, answer a missing Host. */
export const httpEdgeServerOptions = { requireHostHeader: false } as const;

function refuseExpectation(request: IncomingMessage, response: ServerResponse): void {
  const expectation = String(request.headers.expect ?? '').slice(0, 100);
  const body = JSON.stringify(
    errorBody(417, `The Expect header asks for ${expectation}; only 100-continue is supported.`),
  );
  response.writeHead(417, {
    connection: 'close',
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/** Installs the answers above on a Fastify instance that owns its HTTP/1.1 server. */
export function answerHttpEdges(app: FastifyInstance): void {
  const server = app.server as Server;
  server.on('checkExpectation', refuseExpectation);
  server.on('checkContinue', (request: WaitingRequest, response: ServerResponse) => {
    request[awaitsContinue] = true;
    server.emit('request', request, response);
  });
  app.addHook('onRequest', (request, reply, done) => {
    const { raw } = request;
    if (raw.httpVersion === '1.1' && raw.headers.host === undefined) {
      sendError(reply, 400, 'The request has no Host header, which HTTP/1.1 requires.', { connection: 'close' });
    } else done();
  });
  // preParsing runs after every onRequest check and before the body is read; a request no route
  // matches is answered without its body.
  app.addHook('preParsing', (request, reply, payload, done) => {
    const raw = request.raw as WaitingRequest;
    if (raw[awaitsContinue] && !request.is404) {
      raw[awaitsContinue] = false;
      reply.raw.writeContinue();
    }
    done(null, payload);
  });
}

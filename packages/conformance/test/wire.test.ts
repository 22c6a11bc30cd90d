import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWireChecks, runWireChecks } from '../src/index.js';

// A server that lets Node answer the edges of HTTP/1.1 itself, and reads no key.
let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('runWireChecks', () => {
  it("reports each edge a server leaves to Node's HTTP server", async () => {
    const checks = await runWireChecks({ origin, apiKey: 'igls-key', timeoutMs: 2_000 });
    const problems = Object.fromEntries(checks.map((check) => [check.name, check.problems.join('; ')]));
    expect(problems).toEqual({
      'a request without Host answers 400 with an Error body': expect.stringMatching(/Content-Type \(none\)/),
      'an Expect other than 100-continue answers 417 with an Error body':
        expect.stringMatching(/Content-Type \(none\)/),
      'Expect: 100-continue with a wrong key answers 403 with no 100 Continue before it': expect.stringMatching(
        /sent 100 before its answer; answered 200, expected 403/,
      ),
      'Expect: 100-continue with the right key gets 100 Continue, then its answer': '',
      'a wrong method answers 405 without waiting for the body it announces': 'answered 200, expected 405',
      'an unknown path answers 404 without waiting for the body it announces': 'answered 200, expected 404',
    });
    expect(formatWireChecks(checks)).toMatch(/^wire checks: 6, failures: 5\n/);
  });
});

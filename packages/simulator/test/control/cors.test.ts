/** A browser page of a configured origin may drive the control API too, with its key header. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSimulator, type SimulatorServer } from '../../src/index.js';

const origin = 'http://localhost:5173';
let server: SimulatorServer;
beforeAll(async () => {
  server = await createSimulator({ apiKeys: ['igls-cors-key'], cors: [origin], control: { key: 'ctl-cors-key' } });
  await server.app.ready();
});
afterAll(() => server.app.close());

it('answers a preflight under /control with its methods and the X-Control-Key header', async () => {
  const preflight = await server.app.inject({
    method: 'OPTIONS',
    url: '/control/v1/clock',
    headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-control-key' },
  });
  expect(preflight.statusCode).toBe(204);
  expect(preflight.headers).toMatchObject({
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, PUT, PATCH, POST, DELETE',
    'access-control-allow-headers': 'x-control-key, content-type',
  });
  const call = await server.app.inject({
    method: 'GET',
    url: '/control/v1/clock',
    headers: { origin, 'x-control-key': 'ctl-cors-key' },
  });
  expect(call.statusCode).toBe(200);
  expect(call.headers['access-control-allow-origin']).toBe(origin);
  // The appliance API's preflights are as they were.
  const appliance = await server.app.inject({
    method: 'OPTIONS',
    url: '/sera/v2/jobs/failover',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
  expect(appliance.headers['access-control-allow-headers']).toBe('api_key, content-type');
});

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, createSimulator, defaultInventory } from '../../src/index.js';
import { killLeftoverSimulators, runSimulatorProcess } from '../fixtures/simulator-process.js';

const key = 'igls-rightKEY0123456789abcdefghijklm';
const wrongKey = 'igls-wrongKEY0123456789abcdefghijkl';
const [production, dr] = defaultInventory().nodes.map((node) => node.id);
const zone = defaultInventory().zones[0]!.id;

/** Requests that carry a key where it belongs, where it does not, and a wrong one: method, URL, headers. */
const requests: Array<[string, string, Record<string, string>]> = [
  ['POST', `/sera/v2/jobs/failover?sourceid=${production}&targetid=${dr}&failovertarget=${zone}`, { api_key: key }],
  ['GET', '/sera/v2/jobs/failover?state=running', { api_key: key }],
  ['GET', '/sera/v2/jobs/failover', { api_key: wrongKey }],
  ['GET', `/sera/v2/jobs/failover?api_key=${key}`, {}],
  ['GET', `/sera/v2/jobs/readiness?state=all&api_key=${wrongKey}`, { api_key: key }],
  ['POST', `/sera/v2/jobs/replication?API_KEY=${key}`, { api_key: key }],
  ['GET', `/sera/v2/jobs/failover/%E0%A4%A?api_key=${key}`, { api_key: key }],
  ['GET', `/sera/v2/jobs/failover?state=bogus&api_key=${key}`, { api_key: key }],
  ['GET', `/sera/elsewhere?api_key=${key}`, {}],
  ['PUT', `/sera/v2/jobs/readiness?api_key=${key}`, { api_key: key }],
  ['GET', '/sera/v2/jobs/failover', { authorization: `Bearer ${key}` }],
  ['DELETE', '/sera/v2/jobs/failover/job-0000000000000000', { api_key: key }],
  // Other spellings of the parameter, and the key under a name that says nothing, or in the path.
  ['GET', `/sera/v2/jobs/failover?api_key%5B%5D=${key}`, { api_key: key }],
  ['GET', `/sera/v2/jobs/failover?api%5Fkey=${key}`, {}],
  ['GET', `/sera/v2/jobs/failover?x_api_key=${wrongKey}`, { api_key: key }],
  ['GET', `/sera/v2/jobs/failover?state=running&q=${encodeURIComponent(key)}`, { api_key: key }],
  ['GET', `/sera/v2/jobs/failover/${key}`, { api_key: key }],
  ['GET', `/sera/v2/jobs/failover/${key}/%E0%A4%A`, { api_key: key }],
];

afterEach(killLeftoverSimulators);

describe('captured logs', () => {
  it('never hold a key when the simulator logs to a pino logger of the caller’s, at every level', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk;
        done();
      },
    });
    const clock = createFakeClock();
    const { app } = await createSimulator({ apiKeys: [key], clock, logger: pino({ level: 'trace' }, stream) });
    for (const [method, url, headers] of requests) {
      await app.inject({ method: method as 'GET', url, headers });
      clock.advance(30_000);
    }
    clock.runUntilIdle();
    await app.close();
    // The log is there, and holds the events around the keys.
    for (const event of ['incoming request', 'request completed', 'job launched', 'job finished', 'not a valid url']) {
      expect(log).toContain(event);
    }
    expect(log).toContain('api_key=[redacted]');
    expect(log).not.toContain(key);
    expect(log).not.toContain(wrongKey);
  });

  it('never hold a key when eyeglass-sim logs, with its keys given by flag and by environment', async () => {
    const envKey = 'igls-envKEY0123456789abcdefghijklmno';
    const simulator = await runSimulatorProcess(['--api-key', key], {
      EYEGLASS_SIM_API_KEYS: envKey,
      EYEGLASS_SIM_LOG_LEVEL: 'trace',
    });
    const origin = new URL(simulator.url).origin;
    for (const [method, url, headers] of [
      ...requests,
      ['GET', `/sera/v2/jobs/failover?api_key=${envKey}`, {}],
    ] as const) {
      await fetch(`${origin}${url}`, { method, headers }).then((response) => response.arrayBuffer());
    }
    await simulator.stop();
    const output = simulator.output();
    expect(output).toContain('"msg":"incoming request"');
    expect(output).toContain('api_key=[redacted]');
    for (const secret of [key, envKey, wrongKey]) expect(output).not.toContain(secret);
  }, 20_000);
});

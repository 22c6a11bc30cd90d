import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { operations } from '@eyeglass-jobs/spec';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, createSimulator, defaultInventoryJson } from '../../src/index.js';
import { httpRequest, type RawAnswer, rawRequest } from '../fixtures/raw-http.js';
import { killLeftoverSimulators, runSimulatorProcess } from '../fixtures/simulator-process.js';

afterEach(killLeftoverSimulators);

// An inventory in a directory of a random name, with a policy path the API has no reason to show.
const dir = mkdtempSync(join(tmpdir(), `eyeglass-inventory-${randomBytes(6).toString('hex')}-`));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = `/ifs/data/marker-${randomBytes(8).toString('hex')}`;
const inventoryPath = join(dir, 'inventory.json');
const [firstZone, ...otherZones] = defaultInventoryJson.zones;
const [firstPolicy, ...otherPolicies] = firstZone!.policies;
writeFileSync(
  inventoryPath,
  JSON.stringify(
    {
      ...defaultInventoryJson,
      zones: [{ ...firstZone, policies: [{ ...firstPolicy, path: marker }, ...otherPolicies] }, ...otherZones],
    },
    null,
    2,
  ),
);
const inventoryText = readFileSync(inventoryPath, 'utf8');
const key = 'igls-inventoryKEY0000000000000000000';

/** Ids that try to climb out of the API towards files, raw or percent-encoded. */
const traversalIds = [
  '..',
  '.',
  '../../../../etc/passwd',
  '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  '%2E%2E%2F%2E%2E%2Finventory.json',
  '..%5C..%5Cwindows%5Cwin.ini',
  '....%2F%2F....%2F%2Finventory.json',
  'inventory.json',
  '%2Fetc%2Fpasswd',
  'inventory.json%00.txt',
  '%252E%252E%252F',
  '~%2F.ssh%2Fid_rsa',
];

/** Every operation path with a path parameter, with each traversal id in its place, and the methods on it. */
const probes = operations
  .filter((op) => op.path.includes('{'))
  .flatMap((op) => traversalIds.map((id) => [op.method, `/sera${op.path.replace('{id}', id)}`] as const));

/** Paths outside the operations: files next to the spec, under the base path, at the root, raw `..`. */
const outside = [
  '/inventory.json',
  '/sera/inventory.json',
  '/sera/../inventory.json',
  '/sera/v2/../../inventory.json',
  '/sera/openapi.json/../inventory.json',
  '/sera/openapi.json%2F..%2Finventory.json',
  '/sera/docs/../../inventory.json',
  '/sera/static/inventory.json',
  '/sera/v2/jobs/failover/../../../../../../etc/passwd',
  '/sera/v2/jobs/failover/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd/log',
  `/${basename(dir)}/inventory.json`,
].map((path) => ['GET', path] as const);

function expectErrorAnswer(answer: RawAnswer, request: string): void {
  expect(answer.status, request).toBeGreaterThanOrEqual(400);
  expect(answer.status, request).toBeLessThan(500);
  expect(answer.headers['content-type'], request).toBe('application/json; charset=utf-8');
  expect(JSON.parse(answer.body), request).toEqual({ code: answer.status, message: expect.any(String) });
}

/** The routes of Fastify's `printRoutes({ commonPrefix: false })` tree, as `METHOD /full/path`. */
function routeList(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^(.*?)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) routes.push(`${method} ${stack.join('')}`);
  }
  return routes.sort();
}

describe('the inventory file, through the API', () => {
  it('has no route that could serve it: only the operations of the spec and the spec itself', async () => {
    const { app } = await createSimulator({ apiKeys: [key], clock: createFakeClock() });
    await app.ready();
    const served = routeList(app.printRoutes({ commonPrefix: false }));
    await app.close();
    const expected = [
      ...operations.map((op) => `${op.method} /sera${op.path.replace(/\{(\w+)\}/g, ':$1')}`),
      'GET /sera/openapi.json',
      'HEAD /sera/openapi.json',
    ];
    expect(served).toEqual(expected.sort());
  });

  it('cannot be read: every traversal answers a 4xx Error body, and no answer shows its path or contents', async () => {
    const simulator = await runSimulatorProcess(['--api-key', key, '--inventory', inventoryPath]);
    expect(simulator.output()).toContain(`inventory  ${inventoryPath}`);
    const origin = new URL(simulator.url).origin;
    const answers: Array<{ request: string; text: string }> = [];
    for (const [method, path] of [...probes, ...outside]) {
      const request = `${method} ${path}`;
      const answer = await rawRequest(origin, httpRequest(method, path, { api_key: key }));
      expectErrorAnswer(answer, request);
      answers.push({ request, text: `${JSON.stringify(answer.headers)}\n${answer.body}` });
    }
    // The API still shows what it should from the inventory (ids and names), but never the file.
    const jobs = await rawRequest(
      origin,
      httpRequest(
        'POST',
        `/sera/v2/jobs/failover?sourceid=${firstZone!.source}&targetid=${firstZone!.target}&failovertarget=${firstZone!.id}`,
        { api_key: key },
      ),
    );
    expect(jobs.status).toBe(201);
    const { id } = JSON.parse(jobs.body) as { id: string };
    for (const path of [
      `/sera/v2/jobs/failover/${id}`,
      `/sera/v2/jobs/failover/${id}/log`,
      '/sera/v2/jobs/failover',
      '/sera/openapi.json',
    ]) {
      const answer = await rawRequest(origin, httpRequest('GET', path, { api_key: key }));
      expect(answer.status).toBe(200);
      answers.push({ request: `GET ${path}`, text: answer.body });
    }
    await simulator.stop();
    expect(answers.some(({ text }) => text.includes(firstPolicy!.id))).toBe(true);
    // An answer may echo what its request said (a 404 names the path asked for), nothing more.
    const leaks = answers.filter(
      ({ request, text }) =>
        text.includes(marker) ||
        text.includes(inventoryText.slice(0, 120)) ||
        text.includes(dir) ||
        (!request.includes(basename(dir)) && text.includes(basename(dir))),
    );
    expect(leaks.map(({ request }) => request)).toEqual([]);
  }, 30_000);
});

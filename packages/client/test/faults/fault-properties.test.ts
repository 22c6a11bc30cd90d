/**
 * Random fault sequences against the fault server, one fault per attempt, for random operations and
 * retry budgets: the client must send exactly the requests the documented rules allow (a POST or
 * DELETE once, a GET within its budget), end with the value or the exact typed error they predict,
 * never show the key, and settle before its deadline. Seeded and bounded; FAULT_SEED and FAULT_RUNS
 * replay or widen a run.
 */
import { type OperationId, operations } from '@eyeglass-jobs/spec';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEyeglassClient } from '../../src/index.js';
import { expectedOutcome } from '../support/fault-model.js';
import { type Fault, type FaultServer, startFaultServer } from '../support/fault-server.js';
import { expectNoSecret, expectTypedFailure, settleWithin } from '../support/invariants.js';
import { callOperation, sentPath } from '../support/operation-calls.js';

const SEED = Number(process.env.FAULT_SEED ?? 20_241_128);
const RUNS = Number(process.env.FAULT_RUNS ?? 100);
const apiKey = 'igls-5c0d8e2b7a9f4136';
const TIMEOUT_MS = 300;
/** Far enough for every attempt of the largest budget to run out its own timeout. */
const DEADLINE_MS = 2000;
const GRACE_MS = 300;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
  // The first call of a process loads and compiles the client and fetch: keep it out of the runs.
  await createEyeglassClient({ baseUrl: server.baseUrl, apiKey }).failover.list();
});
afterAll(() => server.close());

const retryAfter = fc.constantFrom(undefined, '0', 'Wed, 21 Oct 2015 07:28:00 GMT', String((DEADLINE_MS / 1000) * 5));

const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Fault>({ kind: 'answer' }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      status: fc.constantFrom(403, 404, 429, 500, 502, 503, 504),
      retryAfter,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('html' as const), status: fc.constantFrom(200, 502, 503) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('truncated' as const),
      contentLength: fc.constantFrom('exact' as const, 'promised' as const, 'short' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('content-type' as const),
      contentType: fc.constantFrom('text/plain', 'application/octet-stream', 'text/html'),
    }),
  },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'reset' }) },
  { weight: 1, arbitrary: fc.constantFrom<Fault>({ kind: 'hang-headers' }, { kind: 'hang-body' }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('slow-body' as const), totalMs: fc.constantFrom(10, 5000) }),
  },
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'redirect', status: 307, location: '' }) },
);

const scenario = fc.record({
  operationId: fc.constantFrom(...operations.map((op) => op.operationId)),
  faults: fc.array(fault, { maxLength: 5 }),
  retries: fc.integer({ min: 0, max: 3 }),
});

/** Redirect faults point back at the operation's own path. */
function aimed(faults: Fault[], operationId: OperationId): Fault[] {
  return faults.map((f) => (f.kind === 'redirect' ? { ...f, location: sentPath(operationId) } : f));
}

it('under random faults per attempt, every call keeps its invariants', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ operationId, faults, retries }) => {
      server.clear();
      const planned = aimed(faults, operationId);
      server.plan(...planned);
      const lines: string[] = [];
      const eg = createEyeglassClient({
        baseUrl: server.baseUrl,
        apiKey,
        timeoutMs: TIMEOUT_MS,
        deadlineMs: DEADLINE_MS,
        retry: { retries, baseDelayMs: 1, maxDelayMs: 5 },
        log: (line) => lines.push(line),
        headers: server.planHeaders(),
      });
      const settled = await settleWithin(callOperation(eg, operationId), DEADLINE_MS + GRACE_MS);
      const expected = expectedOutcome(operationId, planned, retries, DEADLINE_MS);
      const entry = operations.find((op) => op.operationId === operationId)!;

      expect(server.requests).toHaveLength(server.count(entry.method, sentPath(operationId)));
      expect(server.requests.length).toBeLessThanOrEqual(entry.idempotent ? retries + 1 : 1);
      expect(server.requests).toHaveLength(expected.attempts);
      expectNoSecret(apiKey, settled.error, ...lines);
      if ('value' in expected) {
        expect(settled.error).toBeUndefined();
        expect(settled.value).toEqual(expected.value);
      } else {
        const error = expectTypedFailure(settled, expected.error);
        expect(error.outcomeUnknown).toBe(expected.outcomeUnknown);
      }
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
});

import { formatReport, formatWireChecks } from '@eyeglass-jobs/conformance';
import { operations } from '@eyeglass-jobs/spec';
import { describe, expect, it } from 'vitest';
import { fuzzSimulator } from '../../scripts/conformance/fuzz-simulator.js';

describe('the simulator under the conformance properties (bounded run of pnpm fuzz)', () => {
  it('answers every valid, invalid and unauthenticated request as the spec says', async () => {
    const { report, setupRequests } = await fuzzSimulator({ seed: 20_241_128, runs: 20, tickMs: 2_000 });
    expect(report.failures, formatReport(report)).toEqual([]);
    expect(report.requests + setupRequests).toBeGreaterThan(750);
    // The run reached real jobs and real refusals, not only 404s for unknown ids.
    for (const status of ['200', '201', '400', '403', '404', '409']) {
      expect(report.byStatus[status] ?? 0, `status ${status}\n${formatReport(report)}`).toBeGreaterThan(0);
    }
    // Every wire shape of the vendor's clients was sent.
    const kinds = Object.keys(report.byKind).filter((kind) => kind.startsWith('vendor: '));
    for (const part of ['capitalized values', 'upper values', 'body json {}', 'body json empty', 'body bare {}']) {
      expect(
        kinds.some((kind) => kind.includes(part)),
        part,
      ).toBe(true);
    }
    for (const part of ['JSON Content-Type', 'Basic Authorization']) {
      expect(
        kinds.some((kind) => kind.includes(part)),
        part,
      ).toBe(true);
    }
  });

  it('answers as the spec says over a loopback socket too', async () => {
    const { report, wire } = await fuzzSimulator({ seed: 20_241_129, runs: 6, http: true });
    expect(report.failures, formatReport(report)).toEqual([]);
    // Four properties, six runs each; a GET in a vendor wire shape is sent in canonical form too.
    for (const op of operations)
      expect(report.byOperation[op.operationId], op.operationId).toBeGreaterThanOrEqual(4 * 6);
    expect(report.requests).toBeGreaterThanOrEqual(operations.length * 4 * 6);
    // And what only a raw connection can send: no Host, Expect, bodies never sent.
    expect(wire.length).toBe(6);
    expect(
      wire.filter((check) => check.problems.length > 0),
      formatWireChecks(wire),
    ).toEqual([]);
  });
});

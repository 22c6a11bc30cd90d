import { describe, expect, it } from 'vitest';
import { fuzzSimulator } from '../../scripts/fuzz-simulator.js';
import { formatReport, formatWireChecks } from '../../src/index.js';

describe('the simulator under the conformance properties (bounded run of pnpm fuzz)', () => {
  it('answers every valid, invalid and unauthenticated request as the spec says', async () => {
    const { report, setupRequests } = await fuzzSimulator({ seed: 20_241_128, runs: 20, tickMs: 2_000 });
    expect(report.failures, formatReport(report)).toEqual([]);
    expect(report.requests + setupRequests).toBeGreaterThan(750);
    // The run reached real jobs and real refusals, not only 404s for unknown ids.
    for (const status of ['200', '201', '400', '403', '404', '409']) {
      expect(report.byStatus[status] ?? 0, `status ${status}\n${formatReport(report)}`).toBeGreaterThan(0);
    }
  });

  it('answers as the spec says over a loopback socket too', async () => {
    const { report, wire } = await fuzzSimulator({ seed: 20_241_129, runs: 6, http: true });
    expect(report.failures, formatReport(report)).toEqual([]);
    expect(report.requests).toBe(13 * 3 * 6);
    // And what only a raw connection can send: no Host, Expect, bodies never sent.
    expect(wire.length).toBe(6);
    expect(
      wire.filter((check) => check.problems.length > 0),
      formatWireChecks(wire),
    ).toEqual([]);
  });
});

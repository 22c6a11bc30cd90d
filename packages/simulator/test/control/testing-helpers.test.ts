/**
 * `@eyeglass-jobs/simulator/testing`: one simulator per test, isolated, many side by side in one
 * process, each with its own port, database, clock, keys and control state.
 */
import { createEyeglassClient } from '@eyeglass-jobs/client';
import { CONTROL_REFERENCE, controlCodeSamples, docsSiteDir, readDocsPage } from '@eyeglass-jobs/docs';
import { controlClient, startSimulator } from '@eyeglass-jobs/simulator/testing';
import { describe, expect, it } from 'vitest';
import { controlOperations, defaultInventory, defaultInventoryJson } from '../../src/index.js';

const finance = defaultInventory().zones.find((zone) => zone.name === 'finance')!;

describe('startSimulator', () => {
  it('runs many isolated simulators in parallel in one process', async () => {
    const sims = await Promise.all(
      Array.from({ length: 8 }, () => startSimulator({ clock: 'manual', startTime: Date.UTC(2025, 0, 1) })),
    );
    try {
      expect(new Set(sims.map((sim) => new URL(sim.url).port)).size).toBe(8);
      expect(new Set(sims.map((sim) => sim.apiKey)).size).toBe(8);
      expect(new Set(sims.map((sim) => sim.controlKey)).size).toBe(8);
      await Promise.all(
        sims.map(async (sim, index) => {
          const eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
          if (index % 2 === 0) await sim.control.injectFault({ operation: 'listNodes', kind: 'status', status: 503 });
          for (let i = 0; i <= index; i++) {
            await eg.failover
              .launch({ sourceid: finance.source, targetid: finance.target, failovertarget: finance.id })
              .catch(() => undefined);
          }
          await sim.control.advanceClock(`${index + 1}m`);
        }),
      );
      for (const [index, sim] of sims.entries()) {
        const eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey, retry: false });
        const nodes = await eg.nodes.list().then(
          () => 200,
          (error: { status?: number }) => error.status,
        );
        expect(nodes, `simulator ${index}`).toBe(index % 2 === 0 ? 503 : 200);
        // One job each (the later launches conflict with the first), on a clock of its own.
        expect(await eg.failover.list()).toHaveLength(1);
        expect((await sim.control.getClock()).now - (await sims[0]!.control.getClock()).now).toBe(index * 60_000);
        expect(await sim.control.requests({ operation: 'launchFailover' })).toHaveLength(index + 1);
        // Another simulator's keys open nothing here.
        const other = sims[(index + 1) % sims.length]!;
        await expect(controlClient({ url: sim.controlUrl, key: other.controlKey }).getStatus()).rejects.toMatchObject({
          status: 403,
        });
      }
    } finally {
      await Promise.all(sims.map((sim) => sim.close()));
    }
  });

  it('takes an inventory in the file format, or a file path, and refuses a broken one naming the field', async () => {
    const inventory = structuredClone(defaultInventoryJson) as unknown as { zones: Array<{ name: string }> };
    inventory.zones[0]!.name = 'treasury';
    const sim = await startSimulator({ inventory });
    try {
      const eg = createEyeglassClient({ baseUrl: sim.url, apiKey: sim.apiKey });
      const [node] = await eg.nodes.list();
      const zones = await eg.nodes.zones(node!.id);
      expect(zones.map((zone) => zone.name)).toContain('treasury');
    } finally {
      await sim.close();
    }
    await expect(startSimulator({ inventory: { nodes: [], zones: [] } })).rejects.toThrow(
      'the inventory option: inventory.nodes: must hold at least two clusters',
    );
    await expect(startSimulator({ inventory: '/nonexistent/inventory.json' })).rejects.toThrow(
      'Cannot read the inventory /nonexistent/inventory.json',
    );
  });

  it('keeps the keys and the clock it is given, and close() can be called twice', async () => {
    const sim = await startSimulator({
      apiKey: 'igls-given-key',
      controlKey: 'ctl-given-key',
      clock: 'manual',
      startTime: '2025-01-01T00:00:00Z',
      speed: 60,
    });
    expect(sim.apiKey).toBe('igls-given-key');
    expect(sim.controlKey).toBe('ctl-given-key');
    expect(await sim.control.getClock()).toMatchObject({
      now: Date.parse('2025-01-01T00:00:00Z'),
      time: '2025-01-01T00:00:00.000Z',
      frozen: true,
      speed: 60,
    });
    expect(await sim.control.setSpeed(2)).toMatchObject({ speed: 2 });
    expect(await sim.control.resumeClock()).toMatchObject({ frozen: false });
    expect(await sim.control.freezeClock()).toMatchObject({ frozen: true });
    expect(sim.service.clock.now()).toBe((await sim.control.getClock()).now);
    await Promise.all([sim.close(), sim.close()]);
    await expect(sim.control.getStatus({ timeoutMs: 2000 })).rejects.toMatchObject({
      name: 'SimulatorControlError',
      status: undefined,
    });
  });
});

describe('the control docs', () => {
  it('has a curl and a TypeScript sample for every operation', () => {
    expect(Object.keys(controlCodeSamples).sort()).toEqual(controlOperations.map((op) => op.operationId).sort());
    for (const op of controlOperations) {
      const [curl, ts] = controlCodeSamples[op.operationId]!;
      expect(curl!.source, op.operationId).toContain(`--request ${op.method}`);
      expect(curl!.source).toContain('--header "X-Control-Key: $EYEGLASS_SIM_CONTROL_KEY"');
      expect(ts!.source).toContain(`await control.${op.clientMethod}(`);
    }
  });

  it('are served read-only at /control/docs/: the page of the docs site, or 503 saying what to run', async () => {
    const sim = await startSimulator();
    try {
      const redirect = await fetch(`${sim.controlUrl}/docs`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/control/docs/');
      const page = await fetch(`${sim.controlUrl}/docs/`);
      // The page's content is checked in @eyeglass-jobs/e2e, which builds the site first.
      const built = await readDocsPage(docsSiteDir, CONTROL_REFERENCE).then(
        (html) => ({ status: 200, body: html }),
        (error: Error) => ({ status: 503, body: JSON.stringify({ code: 503, message: error.message }) }),
      );
      expect({ status: page.status, body: await page.text() }).toEqual(built);
      if (built.status === 503) expect(built.body).toContain('pnpm run docs');
    } finally {
      await sim.close();
    }
  });
});

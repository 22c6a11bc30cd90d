/**
 * The control API's reference as the simulator serves it at `/control/docs/`: the page the docs
 * package's site build renders, read from its site folder.
 */
import { controlOperations } from '@eyeglass-jobs/simulator';
import { startSimulator } from '@eyeglass-jobs/simulator/testing';
import { beforeAll, expect, it } from 'vitest';
import { buildDocsSite } from '../support/docs-hosts.js';

beforeAll(async () => {
  await buildDocsSite();
}, 120_000);

it('serves the control reference the docs build made, with every operation and no outside script', async () => {
  const sim = await startSimulator();
  try {
    const page = await fetch(`${sim.controlUrl}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<title>Eyeglass simulator control API · API reference</title>');
    for (const op of controlOperations) expect(html, op.operationId).toContain(op.summary);
    expect(html).toContain('X-Control-Key: $EYEGLASS_SIM_CONTROL_KEY');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  } finally {
    await sim.close();
  }
});

/** The main entry bundles for browsers with no Node module, stays within its size budget, and tree-shakes. */
import { describe, expect, it } from 'vitest';
import { bundleApp, SIZE_BUDGET_BYTES } from '../scripts/bundle-app.js';

describe('the browser bundle', () => {
  it('builds for the browser platform, which refuses any Node module, and stays within budget', async () => {
    const report = await bundleApp();
    expect(report.inputs.some((input) => input.startsWith('node:') || input.endsWith('src/node.ts'))).toBe(false);
    expect(report.code).not.toMatch(/["']node:/);
    expect(report.bytesByPart['openapi-fetch']).toBeGreaterThan(0);
    expect(report.gzippedBytes).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });

  it('a bundle that imports the Node entry fails on the browser platform, as the check above relies on', async () => {
    await expect(
      bundleApp("import { createNodeFetch } from '@eyeglass-jobs/client/node'; console.log(createNodeFetch);"),
    ).rejects.toThrow(/node:/);
  });

  it('leaves out what an app does not use', async () => {
    const report = await bundleApp(
      "import { EyeglassApiError } from '@eyeglass-jobs/client'; console.log(EyeglassApiError);",
    );
    expect(report.bytesByPart['openapi-fetch']).toBeUndefined();
    expect(report.bytesByPart['client: generated methods']).toBeUndefined();
    expect(report.gzippedBytes).toBeLessThan(2048);
  });
});

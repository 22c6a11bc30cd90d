import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { codeSamples } from '@eyeglass-jobs/docs';
import { operations } from '@eyeglass-jobs/spec';
import { chromiumMissing, launchChromium } from '@eyeglass-jobs/test-support';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsHosts, type RunningHost } from '../support/docs-hosts.js';

/** How long the page may take, from the request to a working search box and navigation. */
const RENDER_BOUND_MS = 15_000;
/** How long one click may take to show its result. */
const STEP_TIMEOUT_MS = 10_000;
/** Screenshots, in the repository's artifacts folder (not committed). */
const artifacts = fileURLToPath(new URL('../../../../artifacts/docs/', import.meta.url));
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const skipReason = chromiumMissing();
if (skipReason) console.warn(skipReason);

let browser: Browser;
beforeAll(async () => {
  if (!skipReason) browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

function sampleOf(operationId: string, label: string): string {
  const sample = codeSamples[operationId]?.find((s) => s.label === label);
  if (!sample) throw new Error(`${operationId} has no ${label} sample`);
  return sample.source;
}

async function expandGroup(page: Page, tag: string): Promise<void> {
  const group = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group', {
    has: page.getByText(tag, { exact: true }),
  });
  if ((await group.locator('.menu-item-type-operation').count()) === 0) {
    await group.getByText(tag, { exact: true }).first().click();
  }
  await group.locator('.menu-item-type-operation').first().waitFor();
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** Opens an operation from the navigation and returns its section of the page. */
async function openOperation(page: Page, op: (typeof operations)[number]): Promise<Locator> {
  await expandGroup(page, op.tag);
  const link = page.locator('.menu-item-type-operation').filter({ hasText: op.summary });
  await link.first().click();
  // Found by its heading, not by the URL, which follows the scrolling.
  const section = page
    .locator('[data-item-kind="httpItem"]')
    .filter({ has: page.locator('h1, h2', { hasText: exactly(op.summary) }) });
  await section.locator('.panel-request-samples pre').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  return section;
}

/** Picks a tab of a section's sample panel, and waits until it shows the expected code. */
async function expectSample(page: Page, section: Locator, label: string, code: string): Promise<void> {
  const panel = section.locator('.panel-request-samples');
  const picker = panel.locator('[data-component-name="Panel/PanelHeader"] button').last();
  if ((await picker.textContent())?.trim() !== label) {
    await picker.click();
    await page.getByRole('menuitem', { name: label, exact: true }).click();
  }
  await expect
    // biome-ignore lint/performance/useDomNodeTextContent: the code as rendered, one line per line
    .poll(async () => (await panel.locator('pre').innerText()).trim(), { message: label, timeout: STEP_TIMEOUT_MS })
    .toBe(code);
}

describe.skipIf(skipReason !== undefined).each(docsHosts)('the docs page served by $name', (host) => {
  let running: RunningHost;
  let context: BrowserContext;
  let page: Page;
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  let renderMs = Number.NaN;
  let indexTitle: string | undefined;

  beforeAll(async () => {
    running = await host.start();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || LOCAL_HOSTS.has(url.hostname)) {
        return route.continue();
      }
      outside.push(url.href);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    if (running.index) {
      // As a reader of the hosted site: the index page first, then its link to the reference.
      await page.goto(running.index, { timeout: RENDER_BOUND_MS });
      indexTitle = await page.title();
      await page.screenshot({ path: `${artifacts}static-index.png` });
    }
    const start = performance.now();
    if (running.index) await page.getByRole('link', { name: 'Superna Eyeglass REST API - Jobs v2' }).click();
    else await page.goto(running.url, { timeout: RENDER_BOUND_MS });
    await page.waitForFunction(
      () => {
        const search = document.querySelector('[data-testid="search-trigger"]');
        return search !== null && !search.textContent?.includes('Loading');
      },
      undefined,
      { timeout: RENDER_BOUND_MS },
    );
    renderMs = performance.now() - start;
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await running?.stop();
  });

  it(`renders a working page within ${RENDER_BOUND_MS / 1000} s, with its title and description`, async () => {
    expect(renderMs).toBeLessThan(RENDER_BOUND_MS);
    if (running.index) {
      expect(indexTitle).toBe('eyeglass-jobs · API reference');
      expect(page.url()).toBe(running.url);
    }
    expect(await page.title()).toContain('Superna Eyeglass REST API - Jobs v2');
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toMatch(/failover/);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    await page.screenshot({ path: `${artifacts}${host === docsHosts[0] ? 'static' : 'served'}-overview.png` });
  });

  it('lists every operation in the navigation', async () => {
    const labels: string[] = [];
    for (const tag of new Set(operations.map((op) => op.tag))) {
      await expandGroup(page, tag);
      labels.push(...(await page.locator('.menu-item-type-operation').allInnerTexts()));
    }
    const shown = [...new Set(labels)].map((label) => label.replace(/\s*(GET|POST|DELETE|PUT|PATCH)$/i, '').trim());
    expect(operations.length).toBeGreaterThanOrEqual(22);
    expect(shown.sort()).toEqual(operations.map((op) => op.summary).sort());
  });

  it('finds the rehearsal operation when searching for "rehearsal"', async () => {
    await page.locator('[data-testid="search-trigger"]').click();
    await page.locator('[data-testid="search-dialog"] input').fill('rehearsal');
    const results = page.locator('[data-testid="search-dialog"] [data-component-name="Search/SearchItem"]');
    await expect
      .poll(() => results.allInnerTexts(), { timeout: STEP_TIMEOUT_MS })
      .toContainEqual(expect.stringContaining('Enter or exit rehearsal mode'));
    await results.filter({ hasText: 'Enter or exit rehearsal mode' }).first().click();
    await expect.poll(() => new URL(page.url()).hash, { timeout: STEP_TIMEOUT_MS }).toBe('#/failover/launchrehearsal');
  });

  it('shows the curl and the TypeScript sample of each operation', async () => {
    // The chosen tab holds for every operation, so each language is one pass over the operations.
    for (const label of ['curl', 'TypeScript']) {
      for (const op of operations) {
        const section = await openOperation(page, op);
        await expectSample(page, section, label, sampleOf(op.operationId, label));
      }
    }
    await page.screenshot({ path: `${artifacts}${host === docsHosts[0] ? 'static' : 'served'}-operation.png` });
  }, 90_000);

  // These two look back over everything the tests above did on the page.
  it('logs no console error', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('sends no request beyond localhost', () => {
    expect(outside).toEqual([]);
  });
});

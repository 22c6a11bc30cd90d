import { DocsPageNotBuiltError } from '@eyeglass-jobs/docs';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/index.js';

const apiKey = 'igls-docsrouteEEEEEEEEEEEEEEEEEEEEE';
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function simulatorServing(docsPage: () => Promise<string>): Promise<FastifyInstance> {
  ({ app } = await createSimulator({ dbPath: ':memory:', apiKeys: [apiKey], docsPage }));
  return app;
}

describe('the docs route', () => {
  it('serves the page as HTML at /sera/docs/, without a key, and redirects /sera/docs there', async () => {
    const server = await simulatorServing(async () => '<!DOCTYPE html><title>reference</title>');
    const page = await server.inject({ method: 'GET', url: '/sera/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe('<!DOCTYPE html><title>reference</title>');
    const bare = await server.inject({ method: 'GET', url: '/sera/docs' });
    expect([bare.statusCode, bare.headers.location]).toEqual([301, '/sera/docs/']);
  });

  it('answers 503 with an Error body saying what to run when the page was never built', async () => {
    const missing = new DocsPageNotBuiltError('/somewhere/site/appliance/index.html');
    const server = await simulatorServing(() => Promise.reject(missing));
    const response = await server.inject({ method: 'GET', url: '/sera/docs/' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ code: 503, message: missing.message });
    expect(missing.message).toContain('/somewhere/site/appliance/index.html is missing');
    expect(missing.message).toContain('pnpm run docs');
    // The API itself is unaffected.
    const spec = await server.inject({ method: 'GET', url: '/sera/openapi.json' });
    expect(spec.statusCode).toBe(200);
  });
});

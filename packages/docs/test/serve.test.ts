import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsRequestListener, docsRoute } from '../src/serve.js';

const PAGE = '<!DOCTYPE html><title>docs</title>';
let failing = false;
let server: Server;
let origin: string;

beforeAll(async () => {
  const readPage = async (): Promise<string> => {
    if (failing) throw new Error('redocly build-docs exited with 1');
    return PAGE;
  };
  server = createServer(docsRequestListener(readPage));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the docs route', () => {
  it('is where the appliance serves its docs', () => {
    expect(docsRoute).toBe('/sera/docs/');
  });

  const cases: Array<[string, { method: string; path: string; status: number; location?: string; body?: string }]> = [
    ['serves the page at /sera/docs/', { method: 'GET', path: '/sera/docs/', status: 200, body: PAGE }],
    ['ignores the query string', { method: 'GET', path: '/sera/docs/?x=1', status: 200, body: PAGE }],
    [
      'redirects /sera/docs to /sera/docs/',
      { method: 'GET', path: '/sera/docs', status: 301, location: '/sera/docs/' },
    ],
    ['answers 404 elsewhere', { method: 'GET', path: '/sera/docs/index.css', status: 404 }],
    ['answers 405 to a POST', { method: 'POST', path: '/sera/docs/', status: 405 }],
  ];
  it.each(cases)('%s', async (_name, { method, path, status, location, body }) => {
    const response = await fetch(`${origin}${path}`, { method, redirect: 'manual' });
    expect(response.status).toBe(status);
    if (location) expect(response.headers.get('location')).toBe(location);
    if (body) {
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toBe(body);
    }
  });

  it('answers 500 with the reason when the page cannot be built, and keeps serving', async () => {
    failing = true;
    try {
      const response = await fetch(`${origin}/sera/docs/`);
      expect(response.status).toBe(500);
      expect(await response.text()).toContain('redocly build-docs exited with 1');
    } finally {
      failing = false;
    }
    expect((await fetch(`${origin}/sera/docs/`)).status).toBe(200);
  });
});

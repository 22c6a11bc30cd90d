/**
 * The servers the browser test loads the docs from. Each host starts on a free loopback port and
 * gives the URL of the page; the test runs the same checks against every host in `docsHosts`.
 */

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { docsSiteDir } from '@eyeglass-jobs/docs';
import { startSimulator } from '@eyeglass-jobs/test-support';

let siteBuilt: Promise<unknown> | undefined;

/** Builds the docs site once per run, with the docs package's own build script (its one writer). */
export function buildDocsSite(): Promise<unknown> {
  siteBuilt ??= promisify(execFile)('pnpm', ['--filter', '@eyeglass-jobs/docs', 'run', 'site'], {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  return siteBuilt;
}

export interface RunningHost {
  /** The URL of the docs page. */
  url: string;
  /** The URL of a page that links to it, when the host has one: the test reaches the page from there. */
  index?: string;
  stop(): Promise<void>;
}

export interface DocsHost {
  name: string;
  start(): Promise<RunningHost>;
}

async function listen(handler: RequestListener): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves a folder as a static web host would: `/` is `index.html`, and nothing outside the folder. */
export function staticFolderHandler(root: string): RequestListener {
  return (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (request.method !== 'GET' || !file.startsWith(path.join(root, path.sep))) {
      response.writeHead(request.method === 'GET' ? 404 : 405).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  };
}

/** The static site `pnpm run docs` builds, served by a plain file server and entered by its index page. */
export const staticSiteHost: DocsHost = {
  name: 'the static site folder',
  async start() {
    await buildDocsSite(); // the site's one writer; keeps pages whose inputs did not change
    const { server, origin } = await listen(staticFolderHandler(docsSiteDir));
    return { url: `${origin}/appliance/index.html`, index: `${origin}/`, stop: () => close(server) };
  },
};

const simulatorCli = fileURLToPath(import.meta.resolve('@eyeglass-jobs/simulator/cli'));

/** The running simulator, started as its `eyeglass-sim` command, serving the page at `/sera/docs/` like the appliance. */
export const simulatorHost: DocsHost = {
  name: 'the running simulator',
  async start() {
    await buildDocsSite(); // the simulator serves the page the docs build left in its site folder
    const simulator = await startSimulator({
      entry: simulatorCli,
      args: ['--db', ':memory:', '--port', '0'],
      env: { EYEGLASS_SIM_API_KEYS: 'igls-docs-browser-test', EYEGLASS_SIM_LOG_LEVEL: 'warn' },
      startTimeoutMs: 30_000,
    });
    return {
      url: `${simulator.url}/docs`,
      stop: async () => {
        await simulator.stop();
      },
    };
  },
};

/** Every host the browser test checks: the static folder as published, and the running simulator. */
export const docsHosts: DocsHost[] = [staticSiteHost, simulatorHost];

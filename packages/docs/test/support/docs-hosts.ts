/**
 * The servers the browser test loads the docs from. Each host starts on a free loopback port and
 * gives the URL of the page; the test runs the same checks against every host in `docsHosts`.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDocsSite } from '../../scripts/site.js';
import { docsSiteDir } from '../../src/index.js';

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

const simulatorCli = fileURLToPath(new URL('../../../simulator/src/cli/eyeglass-sim.ts', import.meta.url));

/** The running simulator, started as its `eyeglass-sim` command, serving the page at `/sera/docs/` like the appliance. */
export const simulatorHost: DocsHost = {
  name: 'the running simulator',
  async start() {
    await buildDocsSite(); // the simulator serves the page the build left in the site folder
    const child = spawn(
      process.execPath,
      ['--conditions=@eyeglass-jobs/source', '--import', 'tsx', simulatorCli, '--db', ':memory:', '--port', '0'],
      { env: { ...process.env, EYEGLASS_SIM_API_KEYS: 'igls-docs-browser-test', EYEGLASS_SIM_LOG_LEVEL: 'warn' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const stop = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const url = /listening on (http:\/\/\S+\/sera)/.exec(output)?.[1];
      if (url) return { url: `${url}/docs`, stop };
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`the simulator did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
};

/** Every host the browser test checks: the static folder as published, and the running simulator. */
export const docsHosts: DocsHost[] = [staticSiteHost, simulatorHost];

/**
 * On Node, with Node's own fetch in place, the client sends its methods' requests to the dispatcher
 * Node's fetch sends through. These tests hold it to what fetch would have done: the same request on
 * the wire, answers read the same (compressed, with a byte-order mark, in many chunks), the same
 * errors, and fetch used whenever it has been replaced.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createEyeglassClient,
  EyeglassApiError,
  EyeglassNetworkError,
  EyeglassNotFoundError,
  EyeglassUnexpectedResponseError,
} from '../../src/index.js';
import { finishedJob } from '../support/fixtures.js';

const apiKey = 'igls-direct-0123456789';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Reply = (response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
let reply: Reply = () => {};

/** Node's global dispatcher: undici's Agent, whose constructor makes more of them. */
type Agent = { dispatch(options: unknown, handler: unknown): boolean; close(): Promise<void> };
const globalDispatcher = (): Agent => (globalThis as Record<symbol, Agent>)[Symbol.for('undici.globalDispatcher.1')]!;

/** How a call ended, its error's message included, to compare the direct route with fetch. */
async function outcome(call: Promise<unknown>): Promise<{ value?: unknown; error?: string; message?: string }> {
  try {
    return { value: await call };
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
}

const json =
  (body: unknown, status = 200, headers: Record<string, string | string[]> = {}): Reply =>
  (response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    reply(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sera`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(() => {
  seen.length = 0;
  vi.unstubAllGlobals();
});

describe('the request on the wire', () => {
  it('a GET carries its encoded path, its query and the api key, and asks for no compression', async () => {
    reply = json([finishedJob()]);
    const eg = createEyeglassClient({ baseUrl, apiKey });
    await expect(eg.failover.list({ state: 'finished' })).resolves.toEqual([finishedJob()]);
    reply = json(finishedJob());
    await eg.failover.get('job 1/ü');
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /sera/v2/jobs/failover?state=finished',
      'GET /sera/v2/jobs/failover/job%201%2F%C3%BC',
    ]);
    for (const { headers, body } of seen) {
      expect(headers.api_key).toBe(apiKey);
      expect(headers['accept-encoding']).toBeUndefined();
      expect(headers['content-type']).toBeUndefined();
      expect(body).toBe('');
    }
  });

  it("a launch sends the JSON {} with a JSON Content-Type, and the call's own headers over the client's", async () => {
    reply = json({ id: 'job-9' }, 201);
    const eg = createEyeglassClient({ baseUrl, apiKey, headers: { 'x-team': 'dr', 'x-trace': 'client' } });
    await eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' }, { headers: { 'X-Trace': 'call' } });
    const [launch] = seen;
    expect(launch!.method).toBe('POST');
    expect(launch!.url).toBe('/sera/v2/jobs/failover?sourceid=a&targetid=b&failovertarget=z');
    expect(launch!.body).toBe('{}');
    expect(launch!.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': '2',
      'x-team': 'dr',
      'x-trace': 'call',
      api_key: apiKey,
    });
  });

  it('goes through a configured dispatcher', async () => {
    reply = json(finishedJob());
    const global = (globalThis as Record<symbol, { dispatch(options: unknown, handler: unknown): boolean }>)[
      Symbol.for('undici.globalDispatcher.1')
    ]!;
    const paths: string[] = [];
    const dispatcher = {
      dispatch(options: { path: string }, handler: unknown) {
        paths.push(options.path);
        return global.dispatch(options, handler);
      },
    };
    const eg = createEyeglassClient({ baseUrl, apiKey, dispatcher });
    await expect(eg.failover.get('job-1')).resolves.toEqual(finishedJob());
    expect(paths).toEqual(['/sera/v2/jobs/failover/job-1']);
  });

  it('goes through a dispatcher set as the global one after the client was made, as a mock agent is', async () => {
    const key = Symbol.for('undici.globalDispatcher.1');
    const slot = globalThis as Record<symbol, unknown>;
    const global = slot[key] as { dispatch(options: unknown, handler: unknown): boolean };
    const eg = createEyeglassClient({ baseUrl, apiKey });
    const mock = {
      dispatch(options: { path: string }, handler: Record<string, (...args: unknown[]) => unknown>) {
        handler.onConnect!(() => {});
        handler.onHeaders!(200, [Buffer.from('content-type'), Buffer.from('application/json')], () => {}, 'OK');
        handler.onData!(Buffer.from(JSON.stringify({ ...finishedJob(), id: options.path })));
        handler.onComplete!([]);
        return true;
      },
    };
    slot[key] = mock;
    try {
      await expect(eg.failover.get('job-1')).resolves.toMatchObject({ id: '/sera/v2/jobs/failover/job-1' });
    } finally {
      slot[key] = global;
    }
    expect(seen).toHaveLength(0);
  });

  it('goes through fetch once the global fetch is replaced, even after the client was made', async () => {
    const eg = createEyeglassClient({ baseUrl, apiKey });
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify(finishedJob()), { headers: { 'content-type': 'application/json' } });
    });
    await expect(eg.failover.get('job-1')).resolves.toEqual(finishedJob());
    expect(urls).toEqual([`${baseUrl}/v2/jobs/failover/job-1`]);
    expect(seen).toHaveLength(0);
  });
});

describe('reading the answer as fetch reads it', () => {
  const body = JSON.stringify(finishedJob());

  it.each([
    ['gzip', gzipSync(body)],
    ['x-gzip', gzipSync(body)],
    ['deflate', deflateSync(body)],
    ['deflate', deflateRawSync(body)],
    ['br', brotliCompressSync(body)],
    ['identity', Buffer.from(body)],
  ])('decodes a body sent with Content-Encoding %s', async (coding, bytes) => {
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
      response.end(bytes);
    };
    const eg = createEyeglassClient({ baseUrl, apiKey });
    await expect(eg.failover.get('job-1')).resolves.toEqual(finishedJob());
  });

  it('leaves a body whose coding it does not know as it came, so it does not read as JSON', async () => {
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'compress' });
      response.end('\x1f\x9d\x90');
    };
    const eg = createEyeglassClient({ baseUrl, apiKey, retry: false });
    await expect(eg.failover.get('job-1')).rejects.toBeInstanceOf(EyeglassUnexpectedResponseError);
  });

  it('fails as a network error when a compressed body is corrupt', async () => {
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(Buffer.from('not gzip at all'));
    };
    const eg = createEyeglassClient({ baseUrl, apiKey, retry: false });
    await expect(eg.failover.get('job-1')).rejects.toBeInstanceOf(EyeglassNetworkError);
  });

  it('drops a byte-order mark and joins UTF-8 split across chunks', async () => {
    const text = `\ufeff${JSON.stringify({ ...finishedJob(), name: 'Zone failover Zürich ✓' })}`;
    const bytes = Buffer.from(text);
    const split = bytes.indexOf(Buffer.from('ü')) + 1;
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(bytes.subarray(0, split));
      setTimeout(() => response.end(bytes.subarray(split)), 5);
    };
    const eg = createEyeglassClient({ baseUrl, apiKey });
    await expect(eg.failover.get('job-1')).resolves.toMatchObject({ name: 'Zone failover Zürich ✓' });
  });

  it('reads a list of a few megabytes that comes in many chunks', async () => {
    const jobs = Array.from({ length: 3000 }, (_, index) => ({ ...finishedJob(), id: `job-${index}` }));
    reply = json(jobs);
    const eg = createEyeglassClient({ baseUrl, apiKey });
    const list = await eg.failover.list();
    expect(list).toHaveLength(3000);
    expect(list[2999]!.id).toBe('job-2999');
  });

  it("reads a log's text, and an empty log", async () => {
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('line one\nline two\n');
    };
    const eg = createEyeglassClient({ baseUrl, apiKey });
    await expect(eg.failover.log('job-1')).resolves.toBe('line one\nline two\n');
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end();
    };
    await expect(eg.failover.log('job-1')).resolves.toBe('');
  });
});

describe('errors as fetch would give them', () => {
  it('an Error answer keeps its status, its message and its headers, repeated ones included, the key redacted', async () => {
    reply = json({ code: 404, message: 'no such job' }, 404, {
      'x-request-id': 'r-1',
      'x-echo': apiKey,
      'x-multi': ['a', 'b'],
    });
    const eg = createEyeglassClient({ baseUrl, apiKey });
    const error = (await eg.failover.get('job-x').catch((caught: unknown) => caught)) as EyeglassNotFoundError;
    expect(error).toBeInstanceOf(EyeglassNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 404, apiMessage: 'no such job' });
    expect(error.headers.get('x-request-id')).toBe('r-1');
    expect(error.headers.get('x-multi')).toBe('a, b');
    expect(error.headers.get('x-echo')).not.toContain(apiKey);
  });

  it('a redirect is an answer, never followed', async () => {
    reply = (response) => {
      response.writeHead(302, { location: `${baseUrl}/elsewhere` });
      response.end();
    };
    const eg = createEyeglassClient({ baseUrl, apiKey });
    const error = await eg.failover.get('job-1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EyeglassUnexpectedResponseError);
    expect(String((error as Error).message)).toMatch(/redirect to .*\/elsewhere/);
    expect(seen).toHaveLength(1);
  });

  it('a 503 is retried with its Retry-After, then answered', async () => {
    let calls = 0;
    reply = (response) => {
      calls++;
      if (calls === 1) json({ code: 503, message: 'busy' }, 503, { 'retry-after': '0' })(response);
      else json(finishedJob())(response);
    };
    const eg = createEyeglassClient({ baseUrl, apiKey });
    await expect(eg.failover.get('job-1')).resolves.toEqual(finishedJob());
    expect(calls).toBe(2);
  });

  it('a refused connection is a network error that names the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const eg = createEyeglassClient({ baseUrl: `http://127.0.0.1:${port}/sera`, apiKey, retry: false });
    const error = (await eg.failover.get('job-1').catch((caught: unknown) => caught)) as EyeglassNetworkError;
    expect(error).toBeInstanceOf(EyeglassNetworkError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error).not.toBeInstanceOf(EyeglassApiError);
  });

  it('a header value fetch would refuse fails the request before anything is sent', async () => {
    reply = json(finishedJob());
    const eg = createEyeglassClient({ baseUrl, apiKey, retry: false });
    await expect(eg.failover.get('job-1', { headers: { 'x-bad': 'a\nb' } })).rejects.toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(0);
  });
});

describe('what fetch would have done, where it is easy to get wrong', () => {
  /** The same call sent straight to the dispatcher, then through fetch. */
  async function bothRoutes(call: (eg: ReturnType<typeof createEyeglassClient>) => Promise<unknown>) {
    const direct = createEyeglassClient({ baseUrl, apiKey, retry: false });
    const viaFetch = createEyeglassClient({ baseUrl, apiKey, retry: false, fetch: (request) => fetch(request) });
    return [await outcome(call(direct)), await outcome(call(viaFetch))];
  }

  it.each<[string, Reply]>([
    [
      'a connection reset before the answer',
      (response) => {
        response.socket?.destroy();
      },
    ],
    [
      'a body cut short',
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        response.write('{"id":"job-1"');
        setTimeout(() => response.socket?.destroy(), 5);
      },
    ],
    [
      'a gzip stream without its end',
      (response) => {
        const bytes = gzipSync(JSON.stringify(finishedJob()));
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(bytes.subarray(0, bytes.length - 8));
      },
    ],
    [
      'a coding after gzip that is not known',
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip, identity' });
        response.end(gzipSync(JSON.stringify(finishedJob())));
      },
    ],
    [
      'more codings than fetch undoes',
      (response) => {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip, gzip, gzip, gzip, gzip, gzip',
        });
        response.end(JSON.stringify(finishedJob()));
      },
    ],
    [
      'gzip applied twice',
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip, gzip' });
        response.end(gzipSync(gzipSync(JSON.stringify(finishedJob()))));
      },
    ],
  ])('%s ends the call as through fetch', async (_name, answer) => {
    reply = answer;
    const [direct, viaFetch] = await bothRoutes((eg) => eg.failover.get('job-1'));
    expect(direct).toEqual(viaFetch);
  });

  it('sends no redirect on, even through a dispatcher that would follow one: a launch reaches one server once', async () => {
    reply = (response) => {
      response.writeHead(307, { location: `${baseUrl}/elsewhere` });
      response.end();
    };
    const Agent = globalDispatcher().constructor as new (options: object) => Agent;
    const dispatcher = new Agent({ maxRedirections: 3 });
    try {
      const eg = createEyeglassClient({ baseUrl, apiKey, dispatcher });
      const launch = eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' });
      await expect(launch).rejects.toBeInstanceOf(EyeglassUnexpectedResponseError);
      expect(seen.map(({ method, url }) => `${method} ${url.split('?')[0]}`)).toEqual(['POST /sera/v2/jobs/failover']);
    } finally {
      await dispatcher.close();
    }
  });

  it("hands each request its own headers, so a dispatcher's edit stays with that request", async () => {
    reply = json(finishedJob());
    const dispatcher = {
      dispatch(options: { path: string; headers: Record<string, string> }, handler: unknown) {
        if (options.path.endsWith('/job-marked')) options.headers['x-marked'] = 'yes';
        return globalDispatcher().dispatch(options, handler);
      },
    };
    const eg = createEyeglassClient({ baseUrl, apiKey, dispatcher });
    await eg.failover.get('job-marked');
    await eg.failover.get('job-plain');
    expect(seen.map(({ headers }) => headers['x-marked'])).toEqual(['yes', undefined]);
  });

  it('a log that throws loses its line, not the answer, and nothing is sent again', async () => {
    reply = json({ id: 'job-5' }, 201);
    const eg = createEyeglassClient({
      baseUrl,
      apiKey,
      log: () => {
        throw new Error('log sink full');
      },
    });
    await expect(eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' })).resolves.toEqual({
      id: 'job-5',
    });
    expect(seen).toHaveLength(1);
  });

  it('a build for browsers run on Node sends through fetch', async () => {
    reply = json(finishedJob());
    const dir = await mkdtemp(path.join(tmpdir(), 'eyeglass-browser-build-'));
    try {
      const outfile = path.join(dir, 'client.mjs');
      await build({
        entryPoints: [path.join(import.meta.dirname, '../../src/index.ts')],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'browser',
        conditions: ['@eyeglass-jobs/source'],
        logLevel: 'silent',
      });
      const built = (await import(pathToFileURL(outfile).href)) as {
        createEyeglassClient: typeof createEyeglassClient;
      };
      const eg = built.createEyeglassClient({ baseUrl, apiKey, retry: false });
      await expect(eg.failover.get('job-1')).resolves.toEqual(finishedJob());
      // Through fetch, which asks for compressed answers.
      expect(seen[0]!.headers['accept-encoding']).toMatch(/gzip/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { document } from '@eyeglass-jobs/spec';
import { tsxArguments } from '@eyeglass-jobs/test-support';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultInventory, defaultInventoryJson } from '../../src/index.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('../../src/cli/eyeglass-sim.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts eyeglass-sim; resolves once it printed its banner, or once it exited. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, tsxArguments(entry, '--port', '0', ...args), {
    cwd: packageDir,
    env: { ...process.env, EYEGLASS_SIM_API_KEYS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes("state=running'")) resolve();
    });
    void exit.then(() => resolve());
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

function bannerValue(stdout: string, label: string): string {
  const match = new RegExp(`^ {2}${label} +(\\S+)`, 'm').exec(stdout);
  if (!match) throw new Error(`No ${label} in:\n${stdout}`);
  return match[1]!;
}

function get(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('eyeglass-sim', () => {
  it('with no key, generates a development key, prints it with the URL and inventory ids, and keeps it', async () => {
    const db = join(dir, 'first', 'sim.db');
    const first = await start(['--db', db, '--tls']);
    const out = first.stdout();
    const url = /listening on (https:\/\/127\.0\.0\.1:\d+\/sera)/.exec(out)?.[1];
    expect(url).toBeDefined();
    const key = bannerValue(out, 'api_key');
    expect(key).toMatch(/^igls-[A-Za-z0-9]{32}$/);
    expect(readFileSync(join(dir, 'first', 'sim.api-key'), 'utf8').trim()).toBe(key);
    const inventory = defaultInventory();
    for (const id of [
      inventory.nodes[0]!.id,
      inventory.nodes[1]!.id,
      inventory.zones[0]!.id,
      inventory.zones[0]!.policies[0]!.id,
    ]) {
      expect(out).toContain(id);
    }
    expect(out).toContain(`-H "api_key: ${key}" '${url}/v2/jobs/failover?sourceid=`);

    // HTTPS with the certificate kept beside the database.
    const certPath = join(dir, 'first', 'sim.tls-cert.pem');
    const cert = readFileSync(certPath, 'utf8');
    const spec = await get(`${url}/openapi.json`, cert);
    expect(spec.status).toBe(200);
    expect(JSON.parse(spec.body).info.version).toBe(document.info.version);
    const missing = await get(`${url}/v3/nothing`, cert);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ code: 404, message: 'No operation matches GET /sera/v3/nothing.' });

    first.child.kill('SIGTERM');
    expect(await first.exit).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toContain('"msg":"stopped"');

    const again = await start(['--db', db, '--tls']);
    expect(bannerValue(again.stdout(), 'api_key')).toBe(key);
    expect(readFileSync(certPath, 'utf8')).toBe(cert);
    again.child.kill('SIGINT');
    expect((await again.exit).code).toBe(0);
  }, 30_000);

  it('serves the keys it is given, from flags and the environment, and never prints or logs them', async () => {
    const keys = [
      'igls-flagkeyoneAAAAAAAAAAAAAAAAAAAAA',
      'igls-flagkeytwoBBBBBBBBBBBBBBBBBBBBB',
      'igls-envkeyCCCCCCCCCCCCCCCCCCCCCCCC',
    ];
    const started = await start(['--db', ':memory:', '--api-key', keys[0]!, '--api-key', keys[1]!], {
      EYEGLASS_SIM_API_KEYS: keys[2]!,
    });
    expect(started.stdout()).toContain('api_key    3 configured (not shown)');
    expect(started.stdout()).toContain('-H "api_key: $EYEGLASS_API_KEY"');
    const url = /listening on (http:\/\/\S+)/.exec(started.stdout())![1]!;
    const response = await fetch(`${url}/openapi.json?probe=1`, { headers: { api_key: keys[0]! } });
    expect(response.status).toBe(200);
    // The request's log line is written after the answer; give it a moment under load.
    for (let wait = 0; wait < 50 && !started.stdout().includes('?probe=1'); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(started.stdout()).toContain('/sera/openapi.json?probe=1');
    started.child.kill('SIGTERM');
    await started.exit;
    for (const key of keys) expect(started.stdout() + started.stderr()).not.toContain(key);
  }, 20_000);

  it('prints curl lines that work when pasted into a shell with EYEGLASS_API_KEY exported', async () => {
    const key = 'igls-pastedkeyDDDDDDDDDDDDDDDDDDDDDDD';
    const started = await start(['--db', ':memory:', '--api-key', key]);
    const lines = started
      .stdout()
      .split('\n')
      .filter((line) => line.trimStart().startsWith('curl '));
    expect(lines).toHaveLength(2);
    const env = { ...process.env, EYEGLASS_API_KEY: key };
    const [launch, list] = lines.map((line) => execFileSync('bash', ['-c', line], { env, encoding: 'utf8' }));
    const { id } = JSON.parse(launch!) as { id: string };
    expect(id).toEqual(expect.any(String));
    expect((JSON.parse(list!) as { id: string }[]).map((job) => job.id)).toContain(id);
    started.child.kill('SIGTERM');
    await started.exit;
  }, 20_000);

  it('refuses a bad inventory, naming the field, and a bad speed', async () => {
    const path = join(dir, 'bad-inventory.json');
    writeFileSync(
      path,
      JSON.stringify({ ...defaultInventoryJson, zones: [{ ...defaultInventoryJson.zones[0], source: 'nowhere' }] }),
    );
    const bad = await start(['--db', ':memory:', '--inventory', path]);
    expect((await bad.exit).code).toBe(1);
    expect(bad.stderr()).toBe(
      `eyeglass-sim: ${path}: inventory.zones[0].source: must be the id of a node in nodes, not nowhere\n`,
    );

    const slow = await start(['--db', ':memory:', '--speed', '0']);
    expect((await slow.exit).code).not.toBe(0);
    expect(slow.stderr()).toContain(
      "option '--speed <factor>' argument '0' is invalid. must be a number from 0.001 to 1000000.",
    );
  }, 20_000);

  it('refuses a database another simulator has open', async () => {
    const db = join(dir, 'shared.db');
    const holder = await start(['--db', db]);
    const second = await start(['--db', db]);
    expect((await second.exit).code).toBe(1);
    expect(second.stderr()).toBe(`eyeglass-sim: The database ${db} is in use by another simulator process.\n`);
    holder.child.kill('SIGTERM');
    expect((await holder.exit).code).toBe(0);
  }, 20_000);
});

/** A port no one listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Opens a connection and writes `text` into it, keeping it open; collects what comes back. */
async function openConnection(url: string, text: string) {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(text);
  let answer = '';
  socket.on('data', (chunk) => {
    answer += chunk.toString();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, answer: () => answer, closed };
}

const configuredKey = 'igls-shutdownKEY00000000000000000000';

describe('eyeglass-sim shutting down', () => {
  it('keeps serving when its output pipe is closed (eyeglass-sim | head -1)', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, tsxArguments(entry, '--port', String(port), '--db', ':memory:'), {
      cwd: packageDir,
      env: { ...process.env, EYEGLASS_SIM_API_KEYS: configuredKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    // The reader goes away before the simulator has written anything.
    child.stdout!.destroy();
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}/sera`;
    let answered = 0;
    for (let attempt = 0; attempt < 100 && answered < 5 && child.exitCode === null; attempt++) {
      const response = await fetch(`${url}/v2/jobs/failover`, { headers: { api_key: configuredKey } }).catch(
        () => undefined,
      );
      if (response?.status === 200) answered++;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answered, 'the simulator stopped serving').toBe(5);
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);

  it('ends running jobs as interrupted at once, answers late requests 503, and closes a half-sent request within its grace', async () => {
    const db = join(dir, 'shutdown', 'sim.db');
    const started = await start(['--db', db, '--api-key', configuredKey]);
    const url = /listening on (http:\/\/\S+)/.exec(started.stdout())![1]!;
    const inventory = defaultInventory();
    const zone = inventory.zones[0]!;
    const launch = new URLSearchParams({ sourceid: zone.source, targetid: zone.target, failovertarget: zone.id });
    const launched = await fetch(`${url}/v2/jobs/failover?${launch}`, {
      method: 'POST',
      headers: { api_key: configuredKey },
    });
    expect(launched.status).toBe(201);
    const { id } = (await launched.json()) as { id: string };
    const path = new URL(url).pathname;
    // A cancel whose body is under way, and a request whose headers never end.
    const late = await openConnection(
      url,
      `DELETE ${path}/v2/jobs/failover/${id} HTTP/1.1\r\nHost: x\r\napi_key: ${configuredKey}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{',
    );
    const halfSent = await openConnection(url, `GET ${path}/v2/jobs/failover HTTP/1.1\r\nHost: x\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const signalled = Date.now();
    started.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    late.socket.write('}');
    await late.closed;
    expect(late.answer()).toMatch(/^HTTP\/1\.1 503 /);
    expect(late.answer()).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(late.answer().split('\r\n\r\n')[1] ?? '')).toEqual({
      code: 503,
      message: 'The simulator is shutting down; nothing was changed.',
    });
    expect(await started.exit).toEqual({ code: 0, signal: null });
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThan(4_000);
    expect(took).toBeLessThan(9_000);
    await halfSent.closed;
    expect(halfSent.answer()).toBe('');
    expect(started.stdout()).toContain('"msg":"stopped"');

    // The job ended as interrupted when the shutdown began, not as cancelled, nor run to its end.
    const stored = new Database(db, { readonly: true });
    const root = stored
      .prepare<[string], { state: string; status: string; info: string; finished: number }>(
        'SELECT step.state, step.status, step.info, step.finished FROM step JOIN job ON job.seq = step.job_seq WHERE job.id = ? AND step.ord = 0',
      )
      .get(id);
    stored.close();
    expect(root).toMatchObject({ state: 'finished', status: 'ERROR', info: expect.stringMatching(/^Interrupted: /) });
    expect(root!.finished).toBeLessThan(signalled + 1_000);
  }, 30_000);
});

describe('eyeglass-sim refusing to start', () => {
  it.each([
    [
      'a file of another application',
      (path: string) => {
        const other = new Database(path);
        other.exec('CREATE TABLE invoice (id INTEGER PRIMARY KEY)');
        other.close();
      },
      (path: string) =>
        `The database ${path} is not a simulator database (it holds the tables invoice): give --db a new file.`,
    ],
    [
      'a file that is not a database',
      (path: string) => writeFileSync(path, 'not sqlite at all, but long enough to look like a header'),
      (path: string) => `The database ${path} is not a SQLite database (file is not a database).`,
    ],
    [
      'a directory',
      (path: string) => mkdirSync(path),
      (path: string) => `The database ${path} is a directory, not a file.`,
    ],
  ])(
    'names %s given as --db, in one line',
    async (_name, make, message) => {
      const path = join(dir, `refused-${Math.random().toString(36).slice(2)}.db`);
      make(path);
      const refused = await start(['--db', path]);
      expect((await refused.exit).code).toBe(1);
      expect(refused.stderr()).toBe(`eyeglass-sim: ${message(path)}\n`);
      expect(refused.stdout()).not.toContain('listening on');
    },
    20_000,
  );

  it('names an empty TLS key, in one line', async () => {
    const db = join(dir, 'tls-empty', 'sim.db');
    const first = await start(['--db', db, '--tls']);
    first.child.kill('SIGTERM');
    await first.exit;
    const key = join(dir, 'tls-empty', 'sim.tls-key.pem');
    writeFileSync(key, '');
    const refused = await start(['--db', db, '--tls']);
    expect((await refused.exit).code).toBe(1);
    expect(refused.stderr()).toBe(
      `eyeglass-sim: The TLS key ${key} is empty: delete it and ${join(dir, 'tls-empty', 'sim.tls-cert.pem')} to have a new pair generated.\n`,
    );
  }, 30_000);

  it.each([
    [
      ['--port', '0x50'],
      "option '--port <port>' argument '0x50' is invalid. must be a port number in decimal, 0 to 65535.",
    ],
    [['--api-key', ''], "option '--api-key <key>' argument '' is invalid. must not be empty."],
    [
      ['--speed', '1e-320'],
      "option '--speed <factor>' argument '1e-320' is invalid. must be a number from 0.001 to 1000000.",
    ],
  ])(
    'refuses %j, naming the rule',
    async (args, message) => {
      const refused = await start(['--db', ':memory:', ...args]);
      expect((await refused.exit).code).not.toBe(0);
      expect(refused.stderr()).toContain(message);
    },
    20_000,
  );
});

describe('eyeglass-sim with a long inventory', () => {
  it('starts with 100 000 zones, summarizes them in the banner, and stops with 0', async () => {
    const path = join(dir, 'huge-inventory.json');
    const [production, dr] = defaultInventoryJson.nodes;
    writeFileSync(
      path,
      JSON.stringify({
        nodes: defaultInventoryJson.nodes,
        zones: Array.from({ length: 100_000 }, (_, index) => ({
          id: `zone-${index}`,
          name: `z${index}`,
          source: production!.id,
          target: dr!.id,
          policies: [{ id: `policy-${index}`, name: `p${index}` }],
        })),
      }),
    );
    const started = await start(['--db', ':memory:', '--inventory', path]);
    expect(started.stderr()).toBe('');
    expect(started.stdout()).toContain('… and 99 990 more access zones (100 000 in all, listed in');
    const url = /listening on (http:\/\/\S+)/.exec(started.stdout())![1]!;
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    started.child.kill('SIGTERM');
    expect(await started.exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});

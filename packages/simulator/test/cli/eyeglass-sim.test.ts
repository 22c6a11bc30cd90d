import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { document } from '@eyeglass-jobs/spec';
import { tsxArguments } from '@eyeglass-jobs/test-support';
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
    expect(slow.stderr()).toContain("option '--speed <factor>' argument '0' is invalid. must be a positive number.");
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

/**
 * Which appliance and key a command uses: URL forms, the order of flags, environment and profile,
 * key files, config-file errors, and TLS against the simulator's self-signed certificate (`--ca`,
 * `--insecure`, neither).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, normalizeUrl } from '../../src/config/connection.js';
import type { CliIo } from '../../src/io.js';
import { Output } from '../../src/output.js';
import { eyeglass } from '../support/eyeglass.js';
import { killLeftoverSimulators, type RunningSimulator, startSimulator } from '../support/simulator.js';

describe('the URL', () => {
  test.each([
    ['https://eyeglass.example.com', 'https://eyeglass.example.com/sera'],
    ['https://eyeglass.example.com/', 'https://eyeglass.example.com/sera'],
    ['eyeglass.example.com', 'https://eyeglass.example.com/sera'],
    ['localhost:8443', 'https://localhost:8443/sera'],
    ['http://127.0.0.1:8080/sera/', 'http://127.0.0.1:8080/sera'],
    ['https://proxy.example.com/eyeglass/sera', 'https://proxy.example.com/eyeglass/sera'],
  ])('%s is the API root %s', (given, root) => {
    expect(normalizeUrl(given).href.replace(/\/$/, '')).toBe(root);
  });

  test.each([
    ['ftp://eyeglass.example.com', 'the URL ftp://eyeglass.example.com must start with https:// or http://.'],
    ['https://admin:secret@eyeglass.example.com', 'the URL must not hold credentials: give the api key as a file.'],
    [
      'https://eyeglass.example.com/sera?x=1',
      'the URL https://eyeglass.example.com/sera?x=1 must not have a query or fragment.',
    ],
  ])('%s is refused', (given, message) => {
    expect(() => normalizeUrl(given)).toThrow(message);
  });
});

test('a default config place that cannot exist (HOME is a file) is no config file, not an error', () => {
  const folder = mkdtempSync(join(tmpdir(), 'eyeglass-home-'));
  try {
    const home = join(folder, 'not-a-folder');
    writeFileSync(home, '');
    let errors = '';
    const io: CliIo = {
      stdin: process.stdin,
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => (errors += chunk) },
      env: { HOME: home, EYEGLASS_URL: 'http://127.0.0.1:8080/sera', EYEGLASS_API_KEY: 'igls-test' },
      cwd: folder,
      onInterrupt: () => () => undefined,
    };
    connect({ output: 'table', color: false }, io, new Output(io, 'table', false)).close();
    expect(errors).toBe('');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('plain HTTP to another host warns that the key crosses the network unencrypted; loopback does not', () => {
  const warnings = (url: string) => {
    let text = '';
    const io: CliIo = {
      stdin: process.stdin,
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => (text += chunk) },
      env: { EYEGLASS_URL: url, EYEGLASS_API_KEY: 'igls-test' },
      cwd: tmpdir(),
      onInterrupt: () => () => undefined,
    };
    connect({ output: 'table', color: false }, io, new Output(io, 'table', false)).close();
    return text;
  };
  expect(warnings('http://eyeglass.example.com/sera')).toBe(
    'warning: eyeglass.example.com is reached over plain HTTP: the api key crosses the network unencrypted.\n',
  );
  expect(warnings('http://127.0.0.1:8080/sera')).toBe('');
  expect(warnings('http://localhost:8080')).toBe('');
});

describe('the api key and profiles', () => {
  let simulator: RunningSimulator;
  let folder: string;
  beforeAll(async () => {
    simulator = await startSimulator({ speed: 1, tls: true });
    folder = mkdtempSync(join(tmpdir(), 'eyeglass-cli-config-'));
  });
  afterAll(async () => {
    await simulator?.stop();
    killLeftoverSimulators();
    rmSync(folder, { recursive: true, force: true });
  });
  const file = (name: string, text: string, mode = 0o600) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };
  const nodes = (env: Record<string, string>, ...args: string[]) => eyeglass([...args, 'nodes'], { env, cwd: folder });

  test('without --ca or --insecure, the self-signed certificate is not trusted: exit 3 and what to do', async () => {
    const result = await nodes({ EYEGLASS_URL: simulator.url, EYEGLASS_API_KEY: simulator.apiKey });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^eyeglass: the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(\w+\)\.\n/,
    );
    expect(result.stderr).toContain("Give the appliance's CA certificate with --ca <pem> (or EYEGLASS_CA).");
  });

  test('--ca trusts the certificate; --insecure works too, and warns', async () => {
    const env = { EYEGLASS_URL: simulator.url, EYEGLASS_API_KEY: simulator.apiKey };
    const trusted = await nodes(env, '--ca', simulator.certPath!);
    expect(trusted).toMatchObject({ code: 0, stderr: '' });
    expect(trusted.stdout).toMatch(/^production\s/m);
    const insecure = await nodes(env, '--insecure');
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toMatch(/^warning: --insecure: the TLS certificate of 127\.0\.0\.1:\d+ is not checked/);
    const both = await nodes(env, '--insecure', '--ca', simulator.certPath!);
    expect(both).toMatchObject({ code: 2, stderr: 'eyeglass: --ca and --insecure contradict each other: give one.\n' });
  });

  test('a key file is read and trimmed; one others can read gets a warning', async () => {
    const env = { EYEGLASS_URL: simulator.url, EYEGLASS_CA: simulator.certPath! };
    const safe = file('key', `${simulator.apiKey}\n`);
    expect(await nodes(env, '--api-key-file', safe)).toMatchObject({ code: 0, stderr: '' });
    const open = file('open.key', simulator.apiKey, 0o644);
    const warned = await nodes({ ...env, EYEGLASS_API_KEY_FILE: open });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toBe(
      `warning: the api key file ${open} can be read by other users (mode 644): chmod 600 it.\n`,
    );
    const missing = await nodes(env, '--api-key-file', 'nowhere.key');
    expect(missing).toMatchObject({
      code: 2,
      stderr: `eyeglass: cannot read the api key file ${join(folder, 'nowhere.key')}: ENOENT.\n`,
    });
    expect(await nodes(env, '--api-key-file', file('empty.key', '\n'))).toMatchObject({ code: 2 });
  });

  test('flags win over the environment, which wins over the profile', async () => {
    const config = file(
      'config.json',
      JSON.stringify({
        default: 'site',
        profiles: {
          site: { url: simulator.url, apiKeyFile: 'key', ca: simulator.certPath! },
          broken: { url: simulator.url, apiKey: 'igls-NotTheKeyNotTheKey00', ca: simulator.certPath! },
        },
      }),
    );
    file('key', simulator.apiKey);
    const env = { EYEGLASS_CONFIG: config };
    expect((await nodes(env)).code).toBe(0);
    expect((await nodes(env, '--profile', 'broken')).code).toBe(3);
    expect(
      (
        await nodes({
          ...env,
          EYEGLASS_PROFILE: 'broken',
          EYEGLASS_URL: simulator.url,
          EYEGLASS_API_KEY: simulator.apiKey,
          EYEGLASS_CA: simulator.certPath!,
        })
      ).code,
    ).toBe(0);
    const wrongKey = await nodes({ ...env, EYEGLASS_API_KEY: 'igls-WrongWrongWrong0000' });
    expect(wrongKey.code).toBe(3);
    expect(await nodes(env, '--api-key', simulator.apiKey, '--api-key-file', 'key')).toMatchObject({
      code: 2,
      stderr: 'eyeglass: give the api key once: --api-key-file or --api-key, not both.\n',
    });
    const listed = await eyeglass(['profiles'], { env, cwd: folder });
    expect(listed.stdout).toMatch(
      new RegExp(`^site \\(default\\)\\s+${simulator.url.replace(/[./]/g, '\\$&')}\\s+${join(folder, 'key')}`, 'm'),
    );
    const unknown = await nodes(env, '--profile', 'lab');
    expect(unknown).toMatchObject({
      code: 2,
      stderr: `eyeglass: no profile "lab" in ${config}: it has site, broken.\n`,
    });
  });

  test('a config file that is not valid is a usage error naming the problem', async () => {
    const bad = file('bad.json', JSON.stringify({ profiles: { site: { url: 'https://x', key: 'oops' } } }));
    const result = await nodes({ EYEGLASS_CONFIG: bad });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `eyeglass: the config file ${bad} is not valid: profile "site" has an unknown field "key" (allowed: url, apiKeyFile, apiKey, ca, insecure).\n`,
    );
  });

  test('with no URL or no key it says where to give them', async () => {
    expect((await nodes({})).stderr).toBe(
      'eyeglass: no Eyeglass URL: give --url, set EYEGLASS_URL, or add a profile (eyeglass profiles --help).\n',
    );
    expect((await nodes({ EYEGLASS_URL: simulator.url })).stderr).toBe(
      'eyeglass: no api key: give --api-key-file <file>, set EYEGLASS_API_KEY or EYEGLASS_API_KEY_FILE, or add a profile.\n',
    );
  });
});

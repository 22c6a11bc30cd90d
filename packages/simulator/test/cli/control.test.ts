/** `eyeglass-sim --control`: the control API in a real process, its key, its banner lines and its refusals. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlClient } from '@eyeglass-jobs/simulator/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killLeftoverSimulators, runSimulatorProcess } from '../fixtures/simulator-process.js';

const entry = fileURLToPath(new URL('../../src/cli/eyeglass-sim.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-control-'));
afterEach(killLeftoverSimulators);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bannerLine(output: string, label: string): string {
  const match = new RegExp(`^ {2,4}${label} +(.+)$`, 'm').exec(output);
  if (!match) throw new Error(`No ${label} in:\n${output}`);
  return match[1]!;
}

describe('eyeglass-sim --control', () => {
  it('serves the control API with a development key, kept beside the database, and prints where', async () => {
    const db = join(dir, 'dev.db');
    const sim = await runSimulatorProcess(['--control', '--clock', 'manual', '--db', db]);
    try {
      const out = sim.output();
      const controlUrl = bannerLine(out, 'control');
      expect(controlUrl).toBe(sim.url.replace(/\/sera$/, '/control'));
      expect(bannerLine(out, 'docs')).toBe(`${sim.url}/docs/`);
      expect(out).toContain(`    docs     ${controlUrl}/docs/`);
      const key = /^ {4}key +(ctl-[0-9a-f]{32}) \(X-Control-Key; development key, kept in (.+)\)$/m.exec(out);
      expect(key, out).not.toBeNull();
      expect(readFileSync(key![2]!, 'utf8').trim()).toBe(key![1]);
      expect(out).toContain('    clock    manual: time stands still');

      const control = controlClient({ url: controlUrl, key: key![1]! });
      expect(await control.getClock()).toMatchObject({ frozen: true });
      const before = (await control.getClock()).now;
      expect((await control.advanceClock('1h')).now).toBe(before + 3_600_000);
      const apiKey = bannerLine(out, 'api_key').split(' ')[0]!;
      await expect(controlClient({ url: controlUrl, key: apiKey }).getStatus()).rejects.toMatchObject({ status: 403 });
    } finally {
      await sim.stop();
    }
    expect(sim.output()).not.toContain('"x-control-key"');
  });

  it('takes its key from --control-key or EYEGLASS_SIM_CONTROL_KEY, and never prints a configured one', async () => {
    const flag = await runSimulatorProcess(['--control-key', 'ctl-from-the-flag']);
    try {
      expect(flag.output()).toContain('    key      configured (not shown)');
      expect(flag.output()).not.toContain('ctl-from-the-flag');
      const controlUrl = bannerLine(flag.output(), 'control');
      expect(await controlClient({ url: controlUrl, key: 'ctl-from-the-flag' }).getStatus()).toMatchObject({
        clock: { frozen: false },
      });
    } finally {
      await flag.stop();
    }
    const env = await runSimulatorProcess([], { EYEGLASS_SIM_CONTROL_KEY: 'ctl-from-the-environment' });
    try {
      const controlUrl = bannerLine(env.output(), 'control');
      expect(await controlClient({ url: controlUrl, key: 'ctl-from-the-environment' }).listFaults()).toEqual([]);
    } finally {
      await env.stop();
    }
  });

  it('without it, prints no control line and answers 404 under /control', async () => {
    const sim = await runSimulatorProcess([]);
    try {
      expect(sim.output()).not.toMatch(/^ {2}control/m);
      const response = await fetch(sim.url.replace(/\/sera$/, '/control/v1/status'));
      expect(response.status).toBe(404);
    } finally {
      await sim.stop();
    }
  });

  it('refuses --clock manual without the control API, and a control key that is also an api_key', () => {
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['--conditions=@eyeglass-jobs/source', '--import', 'tsx', entry, '--db', ':memory:', '--port', '0', ...args],
        {
          encoding: 'utf8',
          env: { ...process.env, EYEGLASS_SIM_API_KEYS: '', EYEGLASS_SIM_CONTROL_KEY: '' },
          timeout: 30_000,
        },
      );
    const manual = run(['--clock', 'manual']);
    expect(manual.status).toBe(1);
    expect(manual.stderr).toBe(
      'eyeglass-sim: --clock manual needs the control API (--control): nothing else can move the time.\n',
    );
    const same = run(['--api-key', 'igls-same', '--control-key', 'igls-same']);
    expect(same.status).toBe(1);
    expect(same.stderr).toContain('The control key must differ from every api_key');
    const bad = run(['--clock', 'sometimes']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("option '--clock <mode>' argument 'sometimes' is invalid. must be real or manual.");
  });
});

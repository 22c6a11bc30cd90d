import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/eyeglass-sim.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eyeglass-sim-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A package folder holding the real bin script, with or without a dist/ entry beside it. */
function packageWith(entry: string | undefined): string {
  const root = mkdtempSync(join(dir, 'package-'));
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  copyFileSync(bin, join(root, 'bin', 'eyeglass-sim.js'));
  if (entry !== undefined) {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'eyeglass-sim.js'), entry);
  }
  return join(root, 'bin', 'eyeglass-sim.js');
}

function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script, '--version'], (error, stdout, stderr) =>
      resolve({ code: error ? (child.exitCode ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the eyeglass-sim bin', () => {
  it('without a build, says what to run instead of failing to find a module', async () => {
    const script = packageWith(undefined);
    const { code, stdout, stderr } = await run(script);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `eyeglass-sim: the simulator is not built: ${join(script, '..', '..', 'dist', 'cli', 'eyeglass-sim.js')} is missing.`,
    );
    expect(stderr).toContain('run `pnpm build` first');
    expect(stderr).toContain('`pnpm start`');
    expect(stderr).not.toContain('ERR_MODULE_NOT_FOUND');
  });

  it('with a build, runs the compiled command with its arguments', async () => {
    const script = packageWith("process.stdout.write('ran with ' + process.argv.slice(2).join(' ') + '\\n');\n");
    expect(await run(script)).toEqual({ code: 0, stdout: 'ran with --version\n', stderr: '' });
  });

  it('with a build, lets an error inside the command surface as it is', async () => {
    const script = packageWith("import './missing-module.js';\n");
    const { code, stderr } = await run(script);
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_MODULE_NOT_FOUND');
    expect(stderr).not.toContain('the simulator is not built');
  });
});

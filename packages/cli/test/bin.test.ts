import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/eyeglass.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eyeglass-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A package folder holding the real bin script, with or without a dist/ entry beside it. */
function packageWith(entry: string | undefined): string {
  const root = mkdtempSync(join(dir, 'package-'));
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  copyFileSync(bin, join(root, 'bin', 'eyeglass.js'));
  if (entry !== undefined) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'main.js'), entry);
  }
  return join(root, 'bin', 'eyeglass.js');
}

function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? (child.exitCode ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the eyeglass bin', () => {
  it('without a build, says what to run instead of failing to find a module, with the usage exit code', async () => {
    const script = packageWith(undefined);
    const { code, stdout, stderr } = await run(script, ['nodes']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `eyeglass: the CLI is not built: ${join(script, '..', '..', 'dist', 'main.js')} is missing.`,
    );
    expect(stderr).toContain('run `pnpm build` first');
    expect(stderr).toContain('`pnpm start <args>`');
    expect(stderr).not.toContain('ERR_MODULE_NOT_FOUND');
  });

  it('with a build, runs the compiled command with its arguments', async () => {
    const script = packageWith("process.stdout.write('ran with ' + process.argv.slice(2).join(' ') + '\\n');\n");
    expect(await run(script, ['nodes', '--output', 'json'])).toEqual({
      code: 0,
      stdout: 'ran with nodes --output json\n',
      stderr: '',
    });
  });

  it('with a build, keeps the exit code the command sets', async () => {
    const script = packageWith('process.exitCode = 4;\n');
    expect((await run(script, ['wait', 'job-1'])).code).toBe(4);
  });

  it('with a build, lets an error inside the command surface as it is', async () => {
    const script = packageWith("import './missing-module.js';\n");
    const { code, stderr } = await run(script, ['--help']);
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_MODULE_NOT_FOUND');
    expect(stderr).not.toContain('the CLI is not built');
  });
});

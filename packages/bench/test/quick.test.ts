/**
 * `pnpm bench --quick`: every section of the harness runs and produces a number. The figures of a
 * quick run mean nothing, so nothing here compares them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tsxArguments } from '@eyeglass-jobs/test-support';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

it('measures every section and writes a table with a number in every row', { timeout: 240_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'eyeglass-bench-quick-'));
  try {
    const out = path.join(dir, 'results.md');
    await run(process.execPath, tsxArguments(main, '--quick', '--out', out), {
      cwd: path.dirname(main),
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = await readFile(out, 'utf8');
    for (const title of ['1. Generation', '2. Client overhead', '3. Server throughput', '4. Lists', '5. Client size']) {
      expect(report).toContain(`## ${title}`);
    }
    const rows = report.split('\n').filter((line) => /^\| (?!subject|---)/.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(16);
    for (const row of rows) {
      const [, , value, ratio] = row.split('|').map((cell) => cell.trim());
      expect(value, row).toMatch(/^\d+(\.\d+)? (ms|µs|kB|req\/s)/);
      expect(ratio, row).toMatch(/^(baseline|\d+\.\d+×)$/);
    }
    expect(report).not.toMatch(/NaN|Infinity/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * Lints each packed tarball: publint (strict, every suggestion counts), arethetypeswrong with the
 * esm-only profile (these packages are ES modules; CommonJS callers on Node 20.19+ load them with
 * require(esm)), and the rules of ./tarball-rules.ts.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type { Packed } from './pack.js';
import { run, runOrThrow } from './processes.js';
import {
  licenseProblems,
  manifestProblems,
  missingFiles,
  readmeProblems,
  staleOutputs,
  type Unpacked,
} from './tarball-rules.js';
import type { Manifest } from './workspace.js';

const require = createRequire(import.meta.url);
const attwBin = path.join(path.dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js');

export async function unpack(packed: Packed, into: string): Promise<Unpacked> {
  const dir = path.join(into, path.basename(packed.tarball, '.tgz'));
  mkdirSync(dir, { recursive: true });
  await runOrThrow('tar', ['-xzf', packed.tarball, '-C', dir, '--strip-components=1'], { cwd: into });
  const files = readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  return { dir, manifest, files };
}

export async function publintProblems(packed: Packed): Promise<string[]> {
  const bytes = readFileSync(packed.tarball);
  const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball }, level: 'suggestion', strict: true });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
}

export async function attwProblems(packed: Packed): Promise<string[]> {
  const result = await run(
    process.execPath,
    [attwBin, packed.tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'],
    { cwd: path.dirname(packed.tarball), timeoutMs: 120_000 },
  );
  return result.code === 0 ? [] : [`${result.stdout}${result.stderr}`.trim()];
}

/** Our own rules, for one unpacked tarball. */
export function ruleProblems(unpacked: Unpacked, rootLicense: string): string[] {
  return [
    ...manifestProblems(unpacked),
    ...licenseProblems(unpacked, rootLicense),
    ...readmeProblems(unpacked),
    ...missingFiles(unpacked),
    ...staleOutputs(unpacked),
  ];
}

/**
 * `pnpm generate` runs the types generators in a worker thread beside the spec loading; a failure
 * on either side must still end the run with the error, and never leave the process waiting.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepo, type RepoCopy } from '../../testing/repo-copy.js';

const run = promisify(execFile);

let repo: RepoCopy;
beforeAll(async () => {
  repo = await copyRepo();
});
afterAll(async () => {
  await repo.remove();
});

async function generateCli(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/generate.mjs', ...args], {
      cwd: repo.root,
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

async function withEdit<T>(file: string, from: string, to: string, work: () => Promise<T>): Promise<T> {
  const absolute = path.join(repo.root, file);
  const original = await readFile(absolute, 'utf8');
  const edited = original.replace(from, to);
  expect(edited).not.toBe(original);
  await writeFile(absolute, edited);
  try {
    return await work();
  } finally {
    await writeFile(absolute, original);
  }
}

describe('the pipeline with its worker thread', () => {
  it('ends with exit code 1 and the lint problem when the spec is broken, while the worker waits for it', async () => {
    const result = await withEdit('openapi/paths/jobs-readiness-id.yaml', '  operationId: getReadinessJob\n', '', () =>
      generateCli('--force'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('[operation-operationId]');
  });

  it('ends with exit code 1 and the error of a generator that fails in the worker', async () => {
    const result = await withEdit(
      'scripts/generators/types.ts',
      'function openapiTypes(spec: OpenApiDocument): string {',
      "function openapiTypes(spec: OpenApiDocument): string {\n  if (spec.openapi) throw new Error('no types for this spec');",
      () => generateCli('--force'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain("in the pipeline's worker");
    expect(result.output).toContain('no types for this spec');
  });

  it('ends with exit code 1 and the error when the worker cannot load what its generators need', async () => {
    const result = await withEdit(
      'scripts/generators/types.ts',
      'worker: { warmUp: loadTransform },',
      "worker: { warmUp: () => { throw new Error('openapi-typescript is not installed'); } },",
      () => generateCli('--force'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('openapi-typescript is not installed');
  });

  it('writes what --check then finds matching, once the sources are back', async () => {
    expect((await generateCli('--force')).code).toBe(0);
    const result = await generateCli('--check');
    expect(result.output).toMatch(/files match the spec/);
    expect(result.code).toBe(0);
  });
});

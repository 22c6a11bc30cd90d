/**
 * Generation: the full `pnpm generate` (lint, bundle, types, client, server stubs, docs) against
 * Hey API and Orval generating a client only from the same bundled spec, and a no-op run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { specPath } from '@eyeglass-jobs/spec';
import { measure, type RunCounts, runCommand } from '../measure.js';
import { ms, ratio, type Section } from '../report.js';

const require = createRequire(import.meta.url);
const bin = (pkg: string, file: string): string =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

export async function generationSection(root: string, counts: RunCounts): Promise<Section> {
  const out = await mkdtemp(path.join(tmpdir(), 'eyeglass-bench-gen-'));
  const tsx = [path.join(root, 'node_modules/tsx/dist/cli.mjs'), '--conditions=@eyeglass-jobs/source'];
  try {
    const full = await measure('pnpm generate (full)', counts, () =>
      runCommand(process.execPath, [...tsx, 'scripts/generate.ts', '--force'], { cwd: root }),
    );
    const noop = await measure('pnpm generate (spec unchanged)', counts, () =>
      runCommand(process.execPath, [...tsx, 'scripts/generate.ts'], { cwd: root }),
    );
    const heyApi = await measure('Hey API 0.95 (client only)', counts, () =>
      runCommand(
        process.execPath,
        [bin('@hey-api/openapi-ts', 'bin/run.js'), '-i', specPath, '-o', path.join(out, 'hey')],
        {
          cwd: out,
        },
      ),
    );
    const orval = await measure('Orval 7.13 (client only)', counts, () =>
      runCommand(
        process.execPath,
        [bin('orval', 'dist/bin/orval.js'), '--input', specPath, '--output', path.join(out, 'orval', 'api.ts')],
        { cwd: out },
      ),
    );
    return {
      title: '1. Generation',
      baseline: 'Hey API generating a client only from the same bundled spec',
      rows: [
        { subject: full.name, value: ms(full.median), ratio: ratio(full.median, heyApi.median) },
        { subject: noop.name, value: ms(noop.median), ratio: ratio(noop.median, heyApi.median) },
        { subject: heyApi.name, value: ms(heyApi.median), ratio: '' },
        { subject: orval.name, value: ms(orval.median), ratio: ratio(orval.median, heyApi.median) },
      ],
      goals: [
        {
          goal: 'full generate ≤ Hey API client-only',
          met: full.median <= heyApi.median,
          detail: ratio(full.median, heyApi.median),
        },
      ],
      notes: [`a no-op run takes ${ratio(noop.median, full.median)} of a full run`],
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * Generation: the full `pnpm generate` (lint, bundle, types, client, server stubs, docs) against
 * Hey API and Orval generating a client only from the same bundled spec, and a no-op run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { specPath } from '@eyeglass-jobs/spec';
import { bin, measure, type RunCounts, runCommand } from '../measure.js';
import { ms, ratio, type Section } from '../report.js';

export async function generationSection(root: string, counts: RunCounts): Promise<Section> {
  const out = await mkdtemp(path.join(tmpdir(), 'eyeglass-bench-gen-'));
  try {
    const full = await measure('pnpm generate (full)', counts, () =>
      runCommand(process.execPath, ['scripts/generate.mjs', '--force'], { cwd: root }),
    );
    const noop = await measure('pnpm generate (spec unchanged)', counts, () =>
      runCommand(process.execPath, ['scripts/generate.mjs'], { cwd: root }),
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
    const openapiTypescript = await measure('openapi-typescript 7.13 CLI (types only)', counts, () =>
      runCommand(
        process.execPath,
        [
          bin('openapi-typescript', 'bin/cli.js'),
          specPath,
          '-o',
          path.join(out, 'types.ts'),
          '--default-non-nullable',
          'false',
        ],
        { cwd: out },
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
        {
          subject: openapiTypescript.name,
          value: ms(openapiTypescript.median),
          ratio: ratio(openapiTypescript.median, heyApi.median),
        },
      ],
      goals: [
        {
          goal: 'full generate ≤ Hey API client-only',
          met: full.median <= heyApi.median,
          detail: ratio(full.median, heyApi.median),
        },
      ],
      notes: [
        `a no-op run takes ${ratio(noop.median, full.median)} of a full run`,
        `full generate ÷ openapi-typescript CLI alone: ${ratio(full.median, openapiTypescript.median)}`,
      ],
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * `pnpm bench`: every measure side by side with its baseline, in one run, as ratios.
 *   --quick  tiny counts, to prove the harness works (CI); the figures mean nothing
 *   --only   a comma-separated list of sections: generation, client, server, scaling, size
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReport, type Section } from './report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});

const root = fileURLToPath(new URL('../../..', import.meta.url));
const here = fileURLToPath(new URL('..', import.meta.url));
const quick = values.quick ?? false;
const wanted = new Set((values.only ?? 'generation,client,server,scaling,size').split(','));

const counts = quick
  ? {
      gen: { warmup: 0, runs: 1 },
      calls: 50,
      load: { connections: 4, seconds: 1, rounds: 1 },
      scaling: { small: 20, large: 200, requests: 5, rounds: 2 },
    }
  : {
      gen: { warmup: 1, runs: 5 },
      calls: 6000,
      load: { connections: 10, seconds: 4, rounds: 3 },
      scaling: { small: 100, large: 100_000, requests: 30, rounds: 6 },
    };

const sections: Section[] = [];
const started = Date.now();
const run = async (name: string, load: () => Promise<Section>): Promise<void> => {
  if (!wanted.has(name)) return;
  process.stdout.write(`measuring ${name}…\n`);
  sections.push(await load());
};

await run('generation', async () => (await import('./sections/generation.js')).generationSection(root, counts.gen));
await run('client', async () => (await import('./sections/client-overhead.js')).clientOverheadSection(counts.calls));
await run('server', async () => (await import('./sections/server-throughput.js')).serverThroughputSection(counts.load));
await run('scaling', async () => (await import('./sections/list-scaling.js')).listScalingSection(counts.scaling));
await run('size', async () => (await import('./sections/client-size.js')).clientSizeSection(here));

const report = renderReport(sections, quick ? 'quick (tiny counts, not for quoting)' : 'full', new Date());
console.log(`\n${report}`);
console.log(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
const out = values.out ?? (quick ? undefined : path.join(here, 'results.md'));
if (out) await writeFile(out, `${report}\n`);

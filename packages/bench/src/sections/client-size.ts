/**
 * Client size: the minified and gzipped bundle of an app that uses `createEyeglassClient` with
 * `waitFor`, against one that uses openapi-fetch alone, both bundled by esbuild for the browser.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ratio, type Section } from '../report.js';

const APPS = {
  eyeglass: `
    import { createEyeglassClient } from '@eyeglass-jobs/client';
    const eg = createEyeglassClient({ baseUrl: 'https://eyeglass.local/sera', apiKey: 'igls-x' });
    const { id } = await eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' });
    console.log(await eg.failover.waitFor(id));
  `,
  openapiFetch: `
    import createClient from 'openapi-fetch';
    const client = createClient({ baseUrl: 'https://eyeglass.local/sera', headers: { api_key: 'igls-x' } });
    const { data } = await client.POST('/v2/jobs/failover', { params: { query: { sourceid: 'a', targetid: 'b', failovertarget: 'z' } } });
    console.log(await client.GET('/v2/jobs/failover/{id}', { params: { path: { id: data.id } } }));
  `,
};

async function minGzBytes(source: string, resolveDir: string): Promise<number> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: ['@eyeglass-jobs/source'],
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
}

export async function clientSizeSection(resolveDir: string): Promise<Section> {
  const eyeglass = await minGzBytes(APPS.eyeglass, resolveDir);
  const bare = await minGzBytes(APPS.openapiFetch, resolveDir);
  const kb = (bytes: number): string => `${(bytes / 1000).toFixed(2)} kB`;
  return {
    title: '5. Client size (min+gz, browser, esbuild)',
    baseline: 'an app using openapi-fetch alone',
    rows: [
      { subject: 'createEyeglassClient + waitFor', value: kb(eyeglass), ratio: ratio(eyeglass, bare) },
      { subject: 'openapi-fetch alone', value: kb(bare), ratio: '' },
    ],
    goals: [{ goal: 'client ≤ 10 kB', met: eyeglass <= 10_000, detail: kb(eyeglass) }],
    notes: [],
  };
}

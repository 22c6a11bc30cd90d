/**
 * The clients Hey API and Orval generate from our own bundled spec, generated at bench time into a
 * temporary directory (never committed) and bundled with esbuild into one ES module each, so the
 * bench calls them as an application would. Orval's fetch client takes its base URL at generation
 * time, so it is generated for the server it will be measured against.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { specPath } from '@eyeglass-jobs/spec';
import { build } from 'esbuild';
import { bin, runCommand } from './measure.js';

/** The piece of a Hey API client the bench calls: the default client and the operation's function. */
export interface HeyApiClient {
  client: { setConfig(config: { baseUrl: string; headers: Record<string, string> }): unknown };
  getFailoverJob(options: { path: { id: string } }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

/** The piece of an Orval fetch client the bench calls. */
export interface OrvalClient {
  getFailoverJob(id: string, options?: RequestInit): Promise<{ data: unknown; status: number }>;
}

async function bundle(entry: string, outfile: string): Promise<string> {
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', logLevel: 'error' });
  return pathToFileURL(outfile).href;
}

/** Generates and loads Hey API's client (its fetch client and SDK, the defaults of 0.95). */
export async function heyApiClient(dir: string): Promise<HeyApiClient> {
  const out = path.join(dir, 'hey');
  await runCommand(process.execPath, [bin('@hey-api/openapi-ts', 'bin/run.js'), '-i', specPath, '-o', out], {
    cwd: dir,
  });
  // Its index exports the SDK functions; the default client they share is in client.gen.ts.
  const entry = path.join(dir, 'hey-entry.ts');
  await writeFile(entry, "export * from './hey/index';\nexport { client } from './hey/client.gen';\n");
  return (await import(await bundle(entry, path.join(dir, 'hey.mjs')))) as HeyApiClient;
}

/** Generates and loads Orval's fetch client, with `baseUrl` built into its URLs. */
export async function orvalClient(dir: string, baseUrl: string): Promise<OrvalClient> {
  const target = path.join(dir, 'orval', 'api.ts');
  const config = path.join(dir, 'orval.config.cjs');
  const project = { input: specPath, output: { target, client: 'fetch', baseUrl, mode: 'single' } };
  await writeFile(config, `module.exports = ${JSON.stringify({ peer: project })};\n`);
  await runCommand(process.execPath, [bin('orval', 'dist/bin/orval.js'), '--config', config], { cwd: dir });
  return (await import(await bundle(target, path.join(dir, 'orval.mjs')))) as OrvalClient;
}

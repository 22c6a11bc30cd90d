/**
 * Bundles a small browser app that uses the client, as a user's bundler would (esbuild, minified,
 * tree-shaken, browser platform), and measures it. The size script prints the figures; a test
 * keeps them within budget and checks that no Node module gets in.
 */
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/** The size budget of the typical app below, minified and gzipped, openapi-fetch included. */
export const SIZE_BUDGET_BYTES = 10 * 1024;

/** A typical app: create the client, launch a failover, wait for it with progress. */
export const TYPICAL_APP = `
import { createEyeglassClient, EyeglassApiError } from '@eyeglass-jobs/client';
const eg = createEyeglassClient({ baseUrl: location.origin + '/sera', apiKey: localStorage.getItem('key') ?? '' });
try {
  const { id } = await eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' });
  const job = await eg.failover.waitFor(id, { onProgress: (j) => console.log(j.jobStatusDetails.state) });
  console.log(job.success);
} catch (error) {
  if (error instanceof EyeglassApiError) console.error(error.status, error.apiMessage);
}
`;

export interface BundleReport {
  code: string;
  minifiedBytes: number;
  gzippedBytes: number;
  /** The source files in the bundle, relative to the repository root. */
  inputs: string[];
  /** Bytes of the minified output from each part: a dependency, the client's methods or runtime, the app. */
  bytesByPart: Record<string, number>;
}

/** Who a bundled file belongs to: a dependency, the client's generated methods or runtime, or the app. */
function partOf(input: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (dependency) return dependency[1]!;
  if (input.includes('src/generated/')) return 'client: generated methods';
  if (input.includes('src/')) return 'client: runtime';
  return 'the app';
}

export async function bundleApp(source: string = TYPICAL_APP): Promise<BundleReport> {
  const result = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, sourcefile: 'app.ts', loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@eyeglass-jobs/source'],
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const output = Object.values((result.metafile as Metafile).outputs)[0]!;
  const bytesByPart: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = partOf(input);
    bytesByPart[name] = (bytesByPart[name] ?? 0) + bytesInOutput;
  }
  return {
    code,
    minifiedBytes: Buffer.byteLength(code),
    gzippedBytes: gzipSync(code, { level: 9 }).length,
    inputs: Object.keys(result.metafile!.inputs),
    bytesByPart,
  };
}

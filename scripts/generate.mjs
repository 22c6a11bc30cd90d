#!/usr/bin/env node
/**
 * Starts `pnpm generate` without a TypeScript loader: scripts/generate.ts and the workspace code
 * it imports are bundled with esbuild into node_modules/.cache once, rebuilt whenever one of
 * those sources changes, and run with plain Node. Loading TypeScript through a loader on every
 * run cost more than the generation itself.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = path.join(root, 'node_modules', '.cache', 'eyeglass-jobs');
const bundle = path.join(cacheDir, 'generate.mjs');
const stamp = path.join(cacheDir, 'generate.sources.json');

const sha = (data) => createHash('sha256').update(data).digest('hex');

/** True when every source the bundle was built from still has the content it had then. */
async function bundleIsFresh() {
  try {
    const sources = JSON.parse(await readFile(stamp, 'utf8'));
    await readFile(bundle);
    for (const [file, hash] of Object.entries(sources)) {
      if (sha(await readFile(path.join(root, file))) !== hash) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function rebuild() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(root, 'scripts', 'generate.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    outfile: bundle,
    conditions: ['@eyeglass-jobs/source'],
    logLevel: 'warning',
    plugins: [
      {
        // Each module keeps its own `import.meta.url`, so paths it resolves from its own location
        // (the site folder, the spec file) stay right inside the bundle.
        name: 'keep-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, async (args) => ({
            contents: (await readFile(args.path, 'utf8')).replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
      {
        // Workspace packages are bundled from source; everything installed stays an import.
        name: 'external-dependencies',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@eyeglass-jobs/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  const sources = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const relative = path.relative(root, path.resolve(process.cwd(), input));
    sources[relative] = sha(await readFile(path.join(root, relative)));
  }
  await mkdir(cacheDir, { recursive: true });
  // Written under a temporary name and renamed, so a concurrent run never reads half a file.
  const suffix = `${process.pid}.tmp`;
  await writeFile(`${bundle}.${suffix}`, result.outputFiles[0].contents);
  await rename(`${bundle}.${suffix}`, bundle);
  await writeFile(`${stamp}.${suffix}`, JSON.stringify(sources));
  await rename(`${stamp}.${suffix}`, stamp);
}

if (!(await bundleIsFresh())) await rebuild();
await import(pathToFileURL(bundle).href);

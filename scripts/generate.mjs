#!/usr/bin/env node
/**
 * Starts `pnpm generate` without a TypeScript loader: scripts/generate.ts and the workspace code
 * it imports are bundled with esbuild into node_modules/.cache once, rebuilt whenever one of
 * those sources changes, and run with plain Node. Loading TypeScript through a loader on every
 * run cost more than the generation itself. The bundle is split at dynamic imports, so a run
 * whose inputs did not change never loads the generators. Redocly is bundled too: as hundreds of
 * ES modules it loaded slower than it linted. The pipeline's worker thread is a second entry of
 * the same bundle. The bundle's sources (esbuild's metafile) are handed to the pipeline:
 * they are the code part of its inputs.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const sha = (data) => createHash('sha256').update(data).digest('hex');
// A missing file (a copy of the repository may have no lockfile) hashes as empty, so that its
// coming back is a change too.
const hashFile = async (file) => sha(await readFile(file).catch(() => Buffer.alloc(0)));

const root = fileURLToPath(new URL('..', import.meta.url));
// One cache per checkout: a copy of the repository may share node_modules through a link, and
// its bundle resolves paths from its own sources.
const cacheDir = path.join(root, 'node_modules', '.cache', 'eyeglass-jobs', sha(root).slice(0, 12));
const stamp = path.join(cacheDir, 'generate.sources.json');

const entryPoints = {
  generate: path.join(root, 'scripts', 'generate.ts'),
  'generate-worker': path.join(root, 'scripts', 'generators', 'worker.ts'),
};

/** The current bundle, when every source it was built from is unchanged. */
async function freshBundle() {
  try {
    const { folder, sources } = JSON.parse(await readFile(stamp, 'utf8'));
    for (const entry of Object.keys(entryPoints)) await readFile(path.join(cacheDir, folder, `${entry}.js`));
    for (const [file, hash] of Object.entries(sources)) {
      if ((await hashFile(path.join(root, file))) !== hash) return undefined;
    }
    return { folder, sources };
  } catch {
    return undefined;
  }
}

async function rebuild() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    outdir: path.join(cacheDir, 'pending'),
    conditions: ['@eyeglass-jobs/source'],
    logLevel: 'warning',
    // Bundled CommonJS dependencies require Node's modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        // Each module keeps its own `import.meta.url`, so paths it resolves from its own location
        // (the spec file) stay right inside the bundle.
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
        // Workspace packages are bundled from source, and so is Redocly with what it imports;
        // everything else installed stays an import.
        name: 'external-dependencies',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@eyeglass-jobs/') ||
            args.path === '@redocly/openapi-core' ||
            args.importer.includes(`${path.sep}node_modules${path.sep}`)
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  // This script is a source too: it decides what the bundle holds. So is the lockfile, which pins
  // the installed packages bundled (Redocly), in place of their files.
  const sources = {
    'scripts/generate.mjs': await hashFile(fileURLToPath(import.meta.url)),
    'pnpm-lock.yaml': await hashFile(path.join(root, 'pnpm-lock.yaml')),
  };
  for (const input of Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'))) {
    const relative = path.relative(root, path.resolve(process.cwd(), input)).split(path.sep).join('/');
    sources[relative] = await hashFile(path.join(root, relative));
  }
  const folder = `generate-${sha(JSON.stringify(sources)).slice(0, 16)}`;
  // Written into a private folder and renamed, so a concurrent run never reads half a bundle.
  const pending = path.join(cacheDir, `${folder}.${process.pid}.tmp`);
  await mkdir(pending, { recursive: true });
  for (const file of result.outputFiles) {
    await writeFile(path.join(pending, path.relative(path.join(cacheDir, 'pending'), file.path)), file.contents);
  }
  await rename(pending, path.join(cacheDir, folder)).catch(() => rm(pending, { recursive: true, force: true }));
  const stampPending = `${stamp}.${process.pid}.tmp`;
  await writeFile(stampPending, JSON.stringify({ folder, sources }));
  await rename(stampPending, stamp);
  for (const entry of await readdir(cacheDir)) {
    if (entry.startsWith('generate-') && entry !== folder && !entry.endsWith('.tmp')) {
      await rm(path.join(cacheDir, entry), { recursive: true, force: true });
    }
  }
  return { folder, sources };
}

const { folder, sources } = (await freshBundle()) ?? (await rebuild());
const { generate } = await import(pathToFileURL(path.join(cacheDir, folder, 'generate.js')).href);
process.exitCode = await generate({
  argv: process.argv.slice(2),
  pipelineSources: Object.keys(sources),
  cacheDir,
  workerScript: pathToFileURL(path.join(cacheDir, folder, 'generate-worker.js')),
});

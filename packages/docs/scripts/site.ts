/**
 * Builds the static docs site into the package's `site/` folder, its only writer: a folder per API
 * reference (the page and its bundled spec) and the index page. A page whose inputs did not change
 * is kept as it is; files the build no longer makes are removed.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { document } from '@eyeglass-jobs/spec';
import { type OpenApiJson, withCodeSamples } from '../src/code-samples.js';
import { controlCodeSamples, controlSpec } from '../src/generated/control-reference.gen.js';
import { APPLIANCE_REFERENCE, CONTROL_REFERENCE, docsDocument, docsPageNotice, docsSiteDir } from '../src/index.js';
import { type IndexEntry, indexPage } from './index-page.js';
import { buildDocsPage } from './page.js';

export interface Reference extends IndexEntry {
  /** The bundled spec as published, offered for download beside the page. */
  spec: unknown;
}

/** The references the site holds, in the order the index lists them. */
export function siteReferences(): Reference[] {
  return [
    {
      folder: APPLIANCE_REFERENCE,
      document: docsDocument(),
      spec: document,
      servedAt: 'The appliance serves this reference at /sera/docs/, and so does the simulator (eyeglass-sim).',
    },
    {
      folder: CONTROL_REFERENCE,
      document: withCodeSamples(controlSpec, controlCodeSamples),
      spec: controlSpec,
      servedAt:
        'The simulator serves this reference at /control/docs/ when its control API is on (eyeglass-sim --control).',
    },
  ];
}

export interface SiteFile {
  /** Relative to the site folder, with forward slashes. */
  path: string;
  bytes: number;
  /** Left as it was: its content did not change. */
  unchanged: boolean;
}

export interface BuildSiteOptions {
  siteDir?: string;
  references?: Reference[];
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries.filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Writes each changed file aside and renames it, so a server reading the site never sees half a page. */
async function writeSite(siteDir: string, files: ReadonlyMap<string, string>): Promise<SiteFile[]> {
  const written: SiteFile[] = [];
  for (const [relative, content] of files) {
    const target = path.join(siteDir, relative);
    const unchanged = (await readIfPresent(target)) === content;
    if (!unchanged) {
      await mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.${process.pid}.partial`;
      await writeFile(partial, content);
      await rename(partial, target);
    }
    written.push({ path: relative, bytes: Buffer.byteLength(content), unchanged });
  }
  const keep = new Set([...files.keys()].map((relative) => path.join(siteDir, relative)));
  for (const file of await filesUnder(siteDir)) {
    if (!keep.has(file)) await rm(file, { force: true });
  }
  // Folders emptied above go too; rmdir refuses a folder that still holds something.
  const folders = (await readdir(siteDir, { withFileTypes: true, recursive: true }))
    .filter((e) => e.isDirectory())
    .map((e) => path.join(e.parentPath, e.name))
    .sort((a, b) => b.length - a.length);
  for (const folder of folders) await rmdir(folder).catch(() => undefined);
  return written;
}

/** Builds the site; resolves with every file of it once it is all on disk. */
export async function buildDocsSite({
  siteDir = docsSiteDir,
  references = siteReferences(),
}: BuildSiteOptions = {}): Promise<SiteFile[]> {
  const files = new Map<string, string>();
  const pages = await Promise.all(
    references.map(async (reference) => {
      const previous = await readIfPresent(path.join(siteDir, reference.folder, 'index.html'));
      return buildDocsPage(reference.document as OpenApiJson, { notice: docsPageNotice, previous });
    }),
  );
  references.forEach((reference, i) => {
    files.set(`${reference.folder}/index.html`, pages[i]!);
    files.set(`${reference.folder}/openapi.json`, `${JSON.stringify(reference.spec, null, 2)}\n`);
  });
  files.set('index.html', indexPage(references, docsPageNotice));
  return writeSite(siteDir, files);
}

/**
 * An API reference as one self-contained HTML page: Redocly renders the docs-only spec, and the
 * page works on an air-gapped network (Redoc's script inlined, no CDN, no web font). Build-time
 * code: it runs when the package is built, never in an installed package.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type OpenApiJson, SAMPLE_LANGUAGES } from '../src/code-samples.js';
import { buildDocsWithRedocly, redoclyVersion } from './redocly-build.js';

/** Redoc's options: the sample tabs, in the order of the samples. */
export const redocOptions = {
  codeSamples: { languages: SAMPLE_LANGUAGES.map(({ lang, label }) => ({ lang, label })) },
} as const;

function svgDataUri(svg: string): string {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Eyeglasses on a blue tile, inline so the page fetches no icon. */
export const FAVICON = svgDataUri(
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='6' fill='#0b5cad'/>" +
    "<g fill='none' stroke='#fff' stroke-width='2.5'><circle cx='9.5' cy='17' r='5'/><circle cx='22.5' cy='17' r='5'/>" +
    "<path d='M14.5 16.5h3M4.5 15 3 11M27.5 15 29 11'/></g></svg>",
);

const redoclyWordmark = (width: number): string =>
  svgDataUri(
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ${width} 16' width='${width}' height='16'>` +
      `<text x='0' y='12.5' font-family='system-ui,sans-serif' font-size='12' font-weight='600' fill='#0044d4'>` +
      `${width > 20 ? 'Redocly' : 'R'}</text></svg>`,
  );

/**
 * The only outside resources Redoc's script loads: the "API docs by Redocly" logo in the sidebar.
 * They are replaced by inline images, and a build fails if Redoc stops using them, so a new Redoc
 * version is looked at before it ships.
 */
export const OFFLINE_ASSETS: Readonly<Record<string, string>> = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': redoclyWordmark(54),
  'https://cdn.redoc.ly/redoc/logo-mini.svg': redoclyWordmark(10),
};

/** The `<meta>` that records what the page was built from. */
const STAMP_META = 'eyeglass-docs-build';

export function escapeHtml(text: string): string {
  // Braces too, so that Handlebars leaves the text alone.
  return text.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageInfo {
  title: string;
  description: string;
  /** A comment at the top of the page, saying it is generated. */
  notice: string;
}

/** The title and description of the page, from the spec's `info`. */
export function pageInfo(document: OpenApiJson, notice: string): PageInfo {
  const info = (document.info ?? {}) as { title?: unknown; summary?: unknown; version?: unknown };
  if (typeof info.title !== 'string') throw new Error('the spec has no info.title to give the page');
  const summary = typeof info.summary === 'string' ? info.summary : info.title;
  return {
    title: `${info.title} · API reference`,
    description: `API reference of the ${info.title}${typeof info.version === 'string' ? ` ${info.version}` : ''}. ${summary}`,
    notice,
  };
}

function pageTemplate(page: PageInfo, stamp: string): string {
  return `<!DOCTYPE html>
<!-- ${escapeHtml(page.notice.replace(/--/g, '- -'))} -->
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(page.title)}</title>
  <meta name="description" content="${escapeHtml(page.description)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="${STAMP_META}" content="${stamp}">
  <link rel="icon" type="image/svg+xml" href="${FAVICON}">
  <style>body { margin: 0; padding: 0; }</style>
  {{{redocHead}}}
</head>
<body>
  {{{redocHTML}}}
</body>
</html>
`;
}

/** Replaces every outside asset by its inline copy; throws if one is no longer there. */
export function inlineOutsideAssets(html: string): string {
  let result = html;
  for (const [url, inline] of Object.entries(OFFLINE_ASSETS)) {
    if (!result.includes(url)) throw new Error(`Redoc no longer loads ${url}: check what the new version fetches`);
    result = result.replaceAll(url, inline);
  }
  return result;
}

/** The code that builds the page (this module and the Redocly runner), so a change to it rebuilds the page. */
const builderSource = ['page.ts', 'redocly-build.ts']
  .map((file) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8'))
  .join('\n');

/** A hash of everything the page is built from. Equal stamps mean equal pages. */
export function pageStamp(document: unknown, page: PageInfo): string {
  const inputs = JSON.stringify([redoclyVersion, builderSource, pageTemplate(page, ''), document]);
  return `sha256-${createHash('sha256').update(inputs).digest('base64url')}`;
}

/** The stamp recorded in a built page, if any. */
export function stampOf(html: string): string | undefined {
  return new RegExp(`<meta name="${STAMP_META}" content="([^"]+)">`).exec(html.slice(0, 4096))?.[1];
}

export interface BuildPageOptions {
  notice: string;
  /** The page built last time: returned as it is when it is whole and was built from the same inputs. */
  previous?: string;
}

let lastBuilt: { stamp: string; html: string } | undefined;

/** Builds the page of a docs-only spec, or reuses the previous page when nothing it depends on changed. */
export async function buildDocsPage(document: OpenApiJson, options: BuildPageOptions): Promise<string> {
  const page = pageInfo(document, options.notice);
  const stamp = pageStamp(document, page);
  const { previous } = options;
  if (previous !== undefined && stampOf(previous) === stamp && previous.trimEnd().endsWith('</html>')) return previous;
  if (lastBuilt?.stamp === stamp) return lastBuilt.html;

  // Up to the start of the Redocly process, everything happens synchronously: the process then
  // builds the page on the other core while the caller goes on with other work.
  const dir = mkdtempSync(path.join(tmpdir(), 'eyeglass-docs-'));
  try {
    const spec = path.join(dir, 'openapi.json');
    const template = path.join(dir, 'page.hbs');
    const output = path.join(dir, 'index.html');
    writeFileSync(spec, JSON.stringify(document));
    writeFileSync(template, pageTemplate(page, stamp));
    await buildDocsWithRedocly({ spec, output, template, redocOptions, cwd: dir });
    const html = inlineOutsideAssets(await readFile(output, 'utf8'));
    lastBuilt = { stamp, html };
    return html;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

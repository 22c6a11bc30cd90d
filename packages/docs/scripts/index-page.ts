/** The site's front page: one entry per API reference, with its version and its spec to download. */
import type { OpenApiJson } from '../src/code-samples.js';
import { escapeHtml, FAVICON } from './page.js';

export interface IndexEntry {
  /** The folder of the reference inside the site. */
  folder: string;
  document: OpenApiJson;
  /** Where else the same page is served, in a sentence, if anywhere. */
  servedAt?: string;
}

function entry({ folder, document, servedAt }: IndexEntry): string {
  const info = (document.info ?? {}) as { title?: unknown; summary?: unknown; version?: unknown };
  const title = escapeHtml(String(info.title));
  const lines = [
    '    <li>',
    `      <h2><a href="${folder}/index.html">${title}</a></h2>`,
    `      <p class="meta">version ${escapeHtml(String(info.version))} · OpenAPI ${escapeHtml(String(document.openapi))} · <a href="${folder}/openapi.json" download>openapi.json</a></p>`,
  ];
  if (typeof info.summary === 'string') lines.push(`      <p>${escapeHtml(info.summary)}</p>`);
  if (servedAt) lines.push(`      <p class="served">${escapeHtml(servedAt)}</p>`);
  lines.push('    </li>');
  return lines.join('\n');
}

/** The HTML of the index page. Links are relative, so the site works under any path and from disk. */
export function indexPage(entries: readonly IndexEntry[], notice: string): string {
  return `<!DOCTYPE html>
<!-- ${escapeHtml(notice.replace(/--/g, '- -'))} -->
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>eyeglass-jobs · API reference</title>
  <meta name="description" content="Offline API references of the Superna Eyeglass REST API, generated from its OpenAPI spec.">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" type="image/svg+xml" href="${FAVICON}">
  <style>
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733; background: #f6f8fa; }
    main { max-width: 46rem; margin: 0 auto; padding: 3rem 1.5rem; }
    h1 { font-size: 1.75rem; margin: 0 0 .5rem; }
    ul { list-style: none; padding: 0; }
    li { background: #fff; border: 1px solid #d5dde5; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
    h2 { font-size: 1.25rem; margin: 0 0 .25rem; }
    a { color: #0b5cad; }
    .meta, .served { color: #5a6877; font-size: .9rem; margin: .25rem 0; }
  </style>
</head>
<body>
  <main>
  <h1>API reference</h1>
  <p>Every page below is self-contained: it works offline and loads nothing from the network.</p>
  <ul>
${entries.map(entry).join('\n')}
  </ul>
  </main>
</body>
</html>
`;
}

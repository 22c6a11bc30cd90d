/**
 * The whole difference, classified by api-smart-diff (https://github.com/udamir/api-smart-diff):
 * every change to the document, each breaking, non-breaking, deprecated or an annotation.
 */
import { apiCompare } from 'api-smart-diff';
import type { Json } from './fields.js';

export type LibraryVerdict = 'breaking' | 'non-breaking' | 'deprecated' | 'annotation' | 'unclassified';

export interface LibraryChange {
  verdict: LibraryVerdict;
  action: string;
  /** Where in the document, as a JSON pointer. */
  pointer: string;
  description: string;
}

function pointerOf(path: ReadonlyArray<string | number>): string {
  return `/${path.map((part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

export function libraryChanges(before: Json, after: Json): LibraryChange[] {
  const { diffs } = apiCompare(before, after);
  return diffs.map((diff) => ({
    verdict: diff.type as LibraryVerdict,
    action: diff.action,
    pointer: pointerOf(diff.path),
    description: (diff.description ?? '').trim() || `${diff.action} ${pointerOf(diff.path)}`,
  }));
}

/**
 * `pnpm spec:diff`'s verdict: our rules' findings and api-smart-diff's classified changes, side by
 * side. The change set is breaking when either says so; annotations, deprecations and the changes
 * the library could not classify are listed and do not break.
 */
import type { Json } from './fields.js';
import { type LibraryChange, libraryChanges } from './library.js';
import { type Finding, ruleFindings } from './rules.js';

export interface SpecDiff {
  findings: Finding[];
  library: LibraryChange[];
  breaking: boolean;
}

/** A bundled spec as it is compared: without the generated-file header of the committed JSON. */
export function comparable(document: Json): Json {
  const { 'x-generated': _header, ...rest } = document;
  return rest;
}

export function diffSpecs(before: Json, after: Json): SpecDiff {
  const [old, current] = [comparable(before), comparable(after)];
  const findings = ruleFindings(old, current);
  const library = libraryChanges(old, current);
  return {
    findings,
    library,
    breaking: findings.length > 0 || library.some((change) => change.verdict === 'breaking'),
  };
}

/** The report, one change a line: our findings first, then the library's. */
export function formatDiff(diff: SpecDiff): string[] {
  const lines: string[] = [];
  lines.push(`  our rules: ${diff.findings.length === 0 ? 'nothing breaks' : `${diff.findings.length} breaking`}`);
  for (const finding of diff.findings)
    lines.push(`    BREAKING      ${finding.operation}: ${finding.message} [${finding.rule}]`);
  lines.push(`  api-smart-diff: ${diff.library.length} changes`);
  for (const change of diff.library) {
    const verdict = change.verdict === 'breaking' ? 'BREAKING' : change.verdict;
    lines.push(`    ${verdict.padEnd(13)} ${change.description} (${change.pointer})`);
  }
  return lines;
}

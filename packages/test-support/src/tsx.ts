/**
 * The one way the workspace runs TypeScript in a child process: Node with tsx as its loader and
 * the `@eyeglass-jobs/source` condition, so that workspace packages resolve to their sources and
 * nothing needs a build first. The loader is resolved here, so the child's working directory does
 * not matter.
 */
/** The export condition under which every workspace package resolves to its TypeScript sources. */
export const SOURCE_CONDITION = '@eyeglass-jobs/source';

const tsxLoader = import.meta.resolve('tsx');

/**
 * The arguments of `node` that run a TypeScript program with the workspace's sources: pass the
 * entry and its arguments (`tsxArguments(entry, '--port', '0')`), or Node's own options for an
 * inline program (`tsxArguments('--input-type=module', '-e', source)`).
 */
export function tsxArguments(...program: string[]): string[] {
  return [`--conditions=${SOURCE_CONDITION}`, '--import', tsxLoader, ...program];
}

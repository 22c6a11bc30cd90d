/**
 * The one way generators print TypeScript with ts-morph: an in-memory project with the
 * repository's style (two spaces, single quotes), the generated-file header, no trailing
 * whitespace, and a final newline. Code is printed as the writer builds it; running ts-morph's
 * formatter over it would cost more than the rest of the pipeline.
 */
import { IndentationText, Project, QuoteKind, type SourceFile } from 'ts-morph';
import { tsHeader } from './header.js';

export function createTsProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
}

/** Builds a source file with `build` and prints it with the generated-file header. */
export function renderSourceFile(project: Project, name: string, build: (file: SourceFile) => void): string {
  const file = project.createSourceFile(name, '', { overwrite: true });
  build(file);
  const text = file.getFullText().replace(/[ \t]+$/gm, '');
  return tsHeader + (text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * Type-checks TypeScript sources, files on disk and sources held in memory, with the workspace's
 * compiler options, the way `pnpm typecheck` would, and reports the errors of each file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(repoRoot, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot);
  return { ...parsed.options, noEmit: true, types: ['node'], sourceMap: false, declaration: false };
}

/** Where a module imported from a file resolves to, or undefined when it does not resolve. */
export function resolveImport(specifier: string, fromFile: string): string | undefined {
  return ts.resolveModuleName(specifier, fromFile, compilerOptions(), ts.sys).resolvedModule?.resolvedFileName;
}

/**
 * Checks the files, plus the in-memory sources (absolute path → text), which resolve imports as if
 * they were files at that path. Returns the errors of each file, as `line:column message`.
 */
export function typecheck(files: string[], sources: ReadonlyMap<string, string> = new Map()): Map<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => sources.has(file) || fileExists.call(host, file);
  host.readFile = (file) => sources.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = sources.get(file);
    return text === undefined
      ? getSourceFile.call(host, file, language, onError, create)
      : ts.createSourceFile(file, text, language);
  };
  const roots = [...files, ...sources.keys()];
  const program = ts.createProgram({ rootNames: roots, options, host });
  const errors = new Map<string, string[]>(roots.map((file) => [file, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(options)';
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : { line: 0, character: 0 };
    const message = `${where.line + 1}:${where.character + 1} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    errors.set(file, [...(errors.get(file) ?? []), message]);
  }
  return errors;
}

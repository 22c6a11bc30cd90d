/**
 * The one way generators print TypeScript: declarations as plain text in the repository's style
 * (two spaces, single quotes, `/** … *\/` doc comments), the generated-file header, no trailing
 * whitespace and a final newline. Generated modules are flat lists of imports, types, constants
 * and functions, so printing them as text is enough; building them as syntax trees cost more than
 * the rest of the pipeline.
 */
import { tsHeader } from './header.js';

const INDENT = '  ';

/** A doc comment on its own lines, each indented by `indent`; one line when the text is one line. */
export function docComment(text: string, indent = ''): string {
  const lines = text.split(/\r?\n/);
  if (lines.length <= 1) return `${indent}/** ${text}${text.endsWith(' ') ? '' : ' '}*/`;
  const body = (lines[0] === '' ? lines.slice(1) : lines).map((line) => `${indent} *${line ? ` ${line}` : ''}`);
  return [`${indent}/**`, ...body, `${indent} */`].join('\n');
}

const withDocs = (docs: string | undefined, text: string, indent = ''): string =>
  docs === undefined ? text : `${docComment(docs, indent)}\n${text}`;

/** One name of an import: a plain string, or `{ name, typeOnly }` for `type X` inside a value import. */
export type ImportName = string | { name: string; typeOnly: true };

/** `import type { a, b } from 'x';`, or a value import whose type-only names say `type`. */
export function importDeclaration(from: string, names: ImportName[], typeOnly = false): string {
  const list = names.map((n) => (typeof n === 'string' ? n : `type ${n.name}`)).join(', ');
  return `import ${typeOnly ? 'type ' : ''}{ ${list} } from '${from}';`;
}

/** `export type * from 'x';` */
export const exportAllTypes = (from: string): string => `export type * from '${from}';`;

/** A union written one member per line, for the right side of a type alias. */
export const unionType = (members: string[]): string => members.map((member) => `\n${INDENT}| ${member}`).join('');

/** An exported type alias; a type from `unionType` starts on the next line. */
export function typeAlias(alias: { name: string; type: string; docs?: string }): string {
  const separator = alias.type.startsWith('\n') ? '' : ' ';
  return withDocs(alias.docs, `export type ${alias.name} =${separator}${alias.type};`);
}

export interface Parameter {
  name: string;
  type: string;
  optional?: boolean;
}

const parameterList = (parameters: Parameter[]): string =>
  parameters.map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type}`).join(', ');

/** A property of an interface, indented one level. */
export function propertySignature(property: Parameter & { docs?: string }): string {
  return withDocs(property.docs, `${INDENT}${property.name}${property.optional ? '?' : ''}: ${property.type};`, INDENT);
}

/** A method of an interface, indented one level. */
export function methodSignature(method: {
  name: string;
  parameters: Parameter[];
  returnType: string;
  docs?: string;
}): string {
  const text = `${INDENT}${method.name}(${parameterList(method.parameters)}): ${method.returnType};`;
  return withDocs(method.docs, text, INDENT);
}

/** An exported interface of members printed by `propertySignature` or `methodSignature`. */
export function interfaceDeclaration(declaration: { name: string; members: string[]; docs?: string }): string {
  const body = declaration.members.length > 0 ? `${declaration.members.join('\n')}\n` : '';
  return withDocs(declaration.docs, `export interface ${declaration.name} {\n${body}}`);
}

export function constDeclaration(declaration: {
  name: string;
  initializer: string;
  type?: string;
  docs?: string;
  exported?: boolean;
}): string {
  const type = declaration.type ? `: ${declaration.type}` : '';
  const text = `${declaration.exported ? 'export ' : ''}const ${declaration.name}${type} = ${declaration.initializer};`;
  return withDocs(declaration.docs, text);
}

/** An exported function whose body is the given lines, each indented one level. */
export function functionDeclaration(declaration: {
  name: string;
  parameters: Parameter[];
  returnType: string;
  body: string[];
  docs?: string;
}): string {
  const body = declaration.body.map((line) => `${INDENT}${line}`).join('\n');
  const signature = `export function ${declaration.name}(${parameterList(declaration.parameters)}): ${declaration.returnType}`;
  return withDocs(declaration.docs, `${signature} {\n${body}\n}`);
}

/** `return { a, b };` with one entry per line, as lines of a function body. */
export const returnObject = (entries: string[]): string[] => [
  'return {',
  ...entries.map((entry) => `${INDENT}${entry}`),
  '};',
];

/**
 * A module with the generated-file header: statements within a section follow one another line by
 * line, sections are separated by a blank line, and empty sections are left out.
 */
export function renderModule(sections: string[][]): string {
  const text = sections
    .filter((section) => section.length > 0)
    .map((section) => section.join('\n'))
    .join('\n\n');
  return `${tsHeader}${text.replace(/[ \t]+$/gm, '')}\n`;
}

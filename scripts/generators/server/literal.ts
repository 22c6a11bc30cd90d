/**
 * Prints plain JSON data as a TypeScript literal: single quotes, bare keys where they are
 * identifiers, and short arrays and objects kept on one line, so generated tables stay readable.
 */

const LINE_WIDTH = 100;

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quoted(name);
}

function quoted(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function oneLine(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([name, item]) => `${key(name)}: ${oneLine(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * `value` as a literal on a line indented by `indent` spaces, starting at column `column`
 * (after a property name, say).
 */
export function tsLiteral(value: unknown, indent = 0, column = indent): string {
  const flat = oneLine(value);
  if (column + flat.length <= LINE_WIDTH || !value || typeof value !== 'object') return flat;
  const pad = ' '.repeat(indent + 2);
  const items = Array.isArray(value)
    ? value.map((item) => `${pad}${tsLiteral(item, indent + 2)},`)
    : Object.entries(value).map(([name, item]) => {
        const prefix = `${key(name)}: `;
        return `${pad}${prefix}${tsLiteral(item, indent + 2, indent + 2 + prefix.length)},`;
      });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join('\n')}\n${' '.repeat(indent)}${close}`;
}

/**
 * Writes the TypeScript type of a JSON Schema (https://json-schema.org/draft/2020-12) as text, naming
 * component schemas by the aliases `@eyeglass-jobs/types` exports, so handler types read like
 * hand-written ones (`Job[]`, `'all' | 'running' | 'finished'`).
 */
import type { JsonSchema } from '../../pipeline/operations.js';

const COMPONENT_PREFIX = '#/components/schemas/';

/** The component name a `$ref` points at, or undefined for any other reference. */
export function componentName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(COMPONENT_PREFIX) ? ref.slice(COMPONENT_PREFIX.length) : undefined;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);
}

/** A property name as TypeScript needs it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name);
}

function union(members: string[]): string {
  const unique = [...new Set(members)];
  return unique.length === 0 ? 'never' : unique.join(' | ');
}

/** Wraps a union or intersection in parentheses, for use as an array element. */
function grouped(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}

function objectType(schema: JsonSchema, used: Set<string>): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const members = Object.entries(properties).map(
    ([name, property]) => `${propertyKey(name)}${required.has(name) ? '' : '?'}: ${schemaType(property, used)};`,
  );
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') members.push(`[key: string]: ${schemaType(extra as JsonSchema, used)};`);
  else if (extra === true || (extra === undefined && members.length === 0)) members.push('[key: string]: unknown;');
  return `{ ${members.join(' ')} }`;
}

function singleType(type: string, schema: JsonSchema, used: Set<string>): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${grouped(schemaType((schema.items ?? {}) as JsonSchema, used))}[]`;
    case 'object':
      return objectType(schema, used);
    default:
      return 'unknown';
  }
}

/**
 * The type of `schema`. Every component it names is added to `used`, so the caller can import
 * exactly those aliases.
 */
export function schemaType(schema: JsonSchema, used: Set<string>): string {
  const component = componentName(schema.$ref);
  if (component) {
    used.add(component);
    return component;
  }
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const options = schema[keyword];
    if (Array.isArray(options)) return union(options.map((option) => schemaType(option as JsonSchema, used)));
  }
  if (Array.isArray(schema.allOf)) {
    return schema.allOf.map((part) => grouped(schemaType(part as JsonSchema, used))).join(' & ');
  }
  if (Array.isArray(schema.type)) return union(schema.type.map((type) => singleType(String(type), schema, used)));
  if (typeof schema.type === 'string') return singleType(schema.type, schema, used);
  if (schema.properties) return objectType(schema, used);
  return 'unknown';
}

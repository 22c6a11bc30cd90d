/**
 * Flattens a schema into its fields, as a client sees them: every property path (`[].jobType`,
 * `jobStatusDetails.state`), whether it is always present, and the values it may take when the
 * schema lists them. References are followed within the document; a cycle stops at the second visit.
 * See https://spec.openapis.org/oas/v3.1.0#schema-object.
 */

export type Json = Record<string, unknown>;

export interface Field {
  /** Present whenever its parent is: `required` all the way from the root of the body. */
  required: boolean;
  /** The values listed by `enum` or `const`, when there are such. */
  values?: unknown[];
}

/** The object a local `$ref` (`#/components/schemas/Job`) points at. */
export function resolveRef(document: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only references within the document are followed, not ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (!node || typeof node !== 'object') throw new Error(`${ref} points at nothing`);
  return node as Json;
}

export function deref(document: Json, node: unknown, seen: ReadonlySet<string> = new Set()): Json | undefined {
  let current = node as Json | undefined;
  const visited = new Set(seen);
  while (current && typeof current.$ref === 'string') {
    if (visited.has(current.$ref)) return undefined;
    visited.add(current.$ref);
    current = resolveRef(document, current.$ref);
  }
  return current;
}

function valuesOf(schema: Json): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if ('const' in schema) return [schema.const];
  return undefined;
}

/** Every field of a schema, by path; `''` is the value itself. */
export function fieldsOf(document: Json, schema: unknown): Map<string, Field> {
  const fields = new Map<string, Field>();
  const visit = (node: unknown, at: string, required: boolean, seen: Set<string>): void => {
    const ref = (node as Json | undefined)?.$ref;
    const nextSeen = typeof ref === 'string' ? new Set([...seen, ref]) : seen;
    if (typeof ref === 'string' && seen.has(ref)) return;
    const schemaNode = deref(document, node, seen);
    if (!schemaNode) return;
    const values = valuesOf(schemaNode);
    const previous = fields.get(at);
    fields.set(at, {
      required: previous ? previous.required && required : required,
      ...(values || previous?.values ? { values: [...(previous?.values ?? []), ...(values ?? [])] } : {}),
    });
    // allOf: every part holds; oneOf / anyOf: a field is always there only if every branch has it.
    for (const part of (schemaNode.allOf as unknown[] | undefined) ?? []) visit(part, at, required, nextSeen);
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = (schemaNode[key] as unknown[] | undefined) ?? [];
      for (const branch of branches) visit(branch, at, required && branches.length === 1, nextSeen);
    }
    const properties = (schemaNode.properties ?? {}) as Record<string, unknown>;
    const requiredNames = new Set((schemaNode.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(properties)) {
      visit(property, at ? `${at}.${name}` : name, required && requiredNames.has(name), nextSeen);
    }
    if (schemaNode.items && typeof schemaNode.items === 'object')
      visit(schemaNode.items, `${at}[]`, required, nextSeen);
  };
  visit(schema, '', true, new Set());
  return fields;
}

/** How a field is named in a finding. */
export function fieldName(path: string): string {
  return path === '' ? 'the body' : `\`${path}\``;
}

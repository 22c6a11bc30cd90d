/**
 * Bodies that cannot change are serialized once. A frozen object body, or a frozen item of an array
 * body, keeps the bytes its response schema gave it, and the next answer with the same object sends
 * them again: the same output as serializing anew, for no serialization work. `Object.freeze` is
 * shallow and the cache trusts it, so freeze a body only when nothing in it will change.
 */
import type { FastifyReply } from 'fastify';
import type { JsonSchema, RouteDefinition } from './types.js';

type Serialize = (value: Record<string, unknown>) => string;

/** Bytes by object, per schema: a schema serializes an object the same way in every app. */
const serialized = new WeakMap<JsonSchema, WeakMap<object, Buffer>>();

const isFrozenObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.isFrozen(value);

function bytesOf(schema: JsonSchema, value: Record<string, unknown>, serialize: Serialize): Buffer {
  let bySchema = serialized.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    serialized.set(schema, bySchema);
  }
  let bytes = bySchema.get(value);
  if (!bytes) {
    bytes = Buffer.from(serialize(value));
    bySchema.set(value, bytes);
  }
  return bytes;
}

/**
 * The last few array bodies of frozen items answered per schema, most recent first, for lists
 * polled while nothing changes; a few, so that clients polling differently filtered lists of the
 * same operation do not keep rebuilding each other's bytes.
 */
const lastLists = new WeakMap<JsonSchema, Array<{ items: readonly unknown[]; bytes: Buffer }>>();
const KEPT_LISTS = 4;

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** The bytes kept for a list with the same items, moved to the front; undefined when none is kept. */
function keptBytes(schema: JsonSchema, body: readonly unknown[]): Buffer | undefined {
  const kept = lastLists.get(schema);
  if (!kept) return undefined;
  const index = kept.findIndex((list) => sameItems(list.items, body));
  if (index === -1) return undefined;
  const [list] = kept.splice(index, 1);
  kept.unshift(list!);
  return list!.bytes;
}

function keep(schema: JsonSchema, items: readonly unknown[], bytes: Buffer): void {
  let kept = lastLists.get(schema);
  if (!kept) {
    kept = [];
    lastLists.set(schema, kept);
  }
  kept.unshift({ items, bytes });
  if (kept.length > KEPT_LISTS) kept.length = KEPT_LISTS;
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * The serialized JSON of a result whose body is frozen (or an array with frozen items), reusing
 * earlier bytes; undefined when nothing in the body is frozen, for Fastify to serialize as usual.
 */
export function frozenBodyBytes(
  route: RouteDefinition<string>,
  reply: FastifyReply,
  status: number,
  body: unknown,
): Buffer | undefined {
  const schema = route.schema.response[String(status)];
  if (!schema) return undefined;
  if (!Array.isArray(body)) {
    // Serialized by the route's own serializer for the status, as Fastify would.
    const serialize: Serialize = (value) => reply.serializeInput(value, String(status)) as string;
    return isFrozenObject(body) ? bytesOf(schema, body, serialize) : undefined;
  }
  const items = schema.items as JsonSchema | undefined;
  if (schema.type !== 'array' || !items || !body.some(isFrozenObject)) return undefined;
  const kept = keptBytes(schema, body);
  if (kept) return kept;
  const serializeItem: Serialize = (value) => reply.serializeInput(value, items);
  const parts: Buffer[] = [OPEN];
  body.forEach((item, index) => {
    if (index > 0) parts.push(COMMA);
    const value = item as Record<string, unknown>;
    parts.push(isFrozenObject(value) ? bytesOf(items, value, serializeItem) : Buffer.from(serializeItem(value)));
  });
  parts.push(CLOSE);
  const bytes = Buffer.concat(parts);
  if (body.every(isFrozenObject)) keep(schema, [...body], bytes);
  return bytes;
}

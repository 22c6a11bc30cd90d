/**
 * Requests built from the spec's parameters with fast-check: valid ones, and invalid ones in
 * every shape a careless or hostile client sends, each with the statuses it may be answered with.
 * See https://spec.openapis.org/oas/v3.1.0#parameter-object.
 */

import fc from 'fast-check';
import { validator } from './check-response.js';
import { type Contract, type ContractOperation, jobsContract } from './contract.js';
import type { ConformanceRequest } from './target.js';

type Operation = ContractOperation;
type Parameter = Operation['parameters'][number];
type Schema = {
  type?: string;
  enum?: readonly string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

/** The enum value a server reads `value` as: servers built on the stubs take enum values in any letter case. */
function enumMatch(allowed: readonly string[], value: string): boolean {
  const lower = value.toLowerCase();
  return allowed.filter((one) => one.toLowerCase() === lower).length === 1 || allowed.includes(value);
}

/** Whether a value is one the parameter's schema allows, so a known value never makes a valid request invalid. */
function fitsSchema(schema: Schema, value: string): boolean {
  if (schema.enum) return schema.enum.includes(value);
  if (schema.type === 'boolean') return value === 'true' || value === 'false';
  if (schema.type === 'integer') return /^-?(0|[1-9][0-9]*)$/.test(value);
  if (/\p{Cs}/u.test(value)) return false; // a lone surrogate cannot be percent-encoded
  const length = [...value].length;
  if (length < (schema.minLength ?? 0) || length > (schema.maxLength ?? Number.POSITIVE_INFINITY)) return false;
  return schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(value);
}

/** Values the server knows (cluster, zone and job ids), asked for when a request is built. */
export type KnownValues = (operationId: string, parameter: string) => readonly string[];

/** A value of one parameter: a literal, or the n-th value the server knows for it. */
export type ValuePlan = { literal: string } | { known: number; fallback: string };

export interface RequestPlan {
  operationId: string;
  /** What the plan tests, for reports: `valid`, or the kind of invalid input. */
  kind: string;
  /** Query and path values; a query value given as an array is sent repeated. */
  values: Record<string, ValuePlan | ValuePlan[]>;
  /** Query parameters the operation does not declare, sent as they are (name, value). */
  extraQuery?: Array<[string, string]>;
  body?: { contentType: string; text: string };
  /** Headers sent besides `api_key` and the body's Content-Type. */
  headers?: Record<string, string>;
  /** A method to send instead of the operation's (one no operation of the path allows). */
  method?: string;
  /** Path segments appended to the operation's path, so that no operation matches. */
  pathSuffix?: string;
  /** The statuses an answer may have; empty means any documented non-5xx status. */
  expect: readonly number[];
}

const schemaOf = (p: Parameter): Schema => p.schema as Schema;

/** Strings no id should ever be: traversal, injection, markup, control and odd unicode characters. */
export const HOSTILE_STRINGS: readonly string[] = [
  '../../../../etc/passwd',
  '..',
  '..%2f..%2fetc%2fpasswd',
  "' OR '1'='1' --",
  '"; DROP TABLE jobs; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as it is
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  'a\u0000b',
  '\u0007\u001b[31mred',
  'line\r\nInjected-Header: 1',
  '\u202Eevil\u202C',
  '💥🔥',
  'ｆｕｌｌｗｉｄｔｈ',
  '\uFEFFbom',
  ' ',
];

/** Query parameter names no operation declares, among them the names of inherited object properties. */
export const UNDECLARED_PARAMETERS: readonly string[] = [
  '__proto__',
  '__proto__[state]',
  'constructor',
  'constructor.prototype.polluted',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'state[]',
  'api_key',
  '',
];

/**
 * Bodies a server must not read before it has found the operation: JSON cut short, and a body
 * larger than any body limit a server would set (1.5 MiB). A request no operation matches
 * answers 404 or 405 whatever its body.
 */
export const UNREAD_BODIES: ReadonlyArray<{ contentType: string; text: string }> = [
  { contentType: 'application/json', text: '{"unterminated": ' },
  { contentType: 'application/json', text: JSON.stringify({ pad: 'x'.repeat(1.5 * 1024 * 1024) }) },
];

/** Methods a request no operation matches is sent with, where no operation of its path uses them. */
const OTHER_METHODS = ['PUT', 'PATCH'] as const;

function methodsNotOn(op: Operation, contract: Contract): string[] {
  const used = new Set(contract.operations.filter((other) => other.path === op.path).map((other) => other.method));
  return OTHER_METHODS.filter((method) => !used.has(method));
}

function literal(value: string): ValuePlan {
  return { literal: value };
}

/** A valid value for a parameter, preferring values the server knows. */
function validValue(p: Parameter): fc.Arbitrary<ValuePlan> {
  const schema = schemaOf(p);
  if (schema.type === 'boolean') return fc.constantFrom('true', 'false').map(literal);
  if (schema.type === 'integer') {
    const min = schema.minimum ?? 0;
    return fc
      .integer({ min, max: Math.max(min, Math.min(schema.maximum ?? 1000, 1000)) })
      .map((n) => literal(String(n)));
  }
  if (schema.enum) return fc.constantFrom(...schema.enum).map(literal);
  const random =
    schema.pattern === undefined
      ? fc.stringMatching(/^[a-z0-9_-]{1,24}$/)
      : fc.stringMatching(new RegExp(schema.pattern)).filter((value) => fitsSchema(schema, value));
  // Mostly a value the server knows; a random one when it knows none, or for one time in five.
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.nat({ max: 1000 }), random).map(([known, fallback]): ValuePlan => ({ known, fallback })),
    },
    { weight: 1, arbitrary: random.map(literal) },
  );
}

/** Follows a local `$ref` of the bundled document. */
function resolved(document: object, node: unknown): Record<string, unknown> | undefined {
  let current = node as Record<string, unknown> | undefined;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 16; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/')) return undefined;
    let target: unknown = document;
    for (const part of ref.slice(2).split('/')) {
      target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    current = target as Record<string, unknown> | undefined;
  }
  return current;
}

/**
 * The JSON bodies valid requests send: the examples the spec gives the request body, and `{}`
 * when the operation accepts it (the cancel body). Every one is checked against the body's schema.
 */
function validBodies(op: Operation, contract: Contract): NonNullable<RequestPlan['body']>[] {
  if (!op.requestBody?.contentTypes.includes('application/json')) return [];
  const method = op.method.toLowerCase();
  const paths = (contract.document as { paths?: Record<string, unknown> }).paths ?? {};
  const item = resolved(contract.document, paths[op.path]);
  const declared = (item?.[method] as Record<string, unknown> | undefined)?.requestBody as
    | { $ref?: unknown }
    | undefined;
  const body = resolved(contract.document, declared);
  // A request body given by reference is validated where it is defined.
  const at =
    typeof declared?.$ref === 'string' && declared.$ref.startsWith('#/')
      ? declared.$ref.slice(1)
      : `/paths/${op.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/requestBody`;
  const pointer = `${at}/content/application~1json/schema`;
  const media = resolved(
    contract.document,
    (body?.content as Record<string, unknown> | undefined)?.['application/json'],
  );
  const examples = [
    ...(media?.example === undefined ? [] : [media.example]),
    ...Object.values((media?.examples ?? {}) as Record<string, unknown>).map(
      (example) => resolved(contract.document, example)?.value,
    ),
    {},
  ];
  const valid = examples.filter((value) => validator(contract).validate(pointer, value).length === 0);
  return [...new Set(valid.map((value) => JSON.stringify(value)))].map((text) => ({
    contentType: 'application/json',
    text,
  }));
}

/** Valid requests: every required parameter, a random subset of the optional ones, and a valid body (optional when the body is). */
export function validRequest(op: Operation, contract: Contract = jobsContract): fc.Arbitrary<RequestPlan> {
  const entries = op.parameters
    .filter((p) => !p.deprecated)
    .map((p) => {
      const value = validValue(p);
      return [p.name, p.required ? value : fc.option(value, { nil: undefined })] as const;
    });
  const bodies = validBodies(op, contract);
  const required = op.requestBody?.required === true;
  const choice = bodies.length > 1 ? fc.nat({ max: bodies.length - 1 }) : fc.constant(0);
  return fc.tuple(fc.record(Object.fromEntries(entries)), fc.boolean(), choice).map(([values, withBody, index]) => {
    const body = bodies[index];
    return {
      operationId: op.operationId,
      kind: 'valid',
      values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<
        string,
        ValuePlan
      >,
      ...(body && (required || withBody) ? { body } : {}),
      expect: [],
    };
  });
}

/** The documented 4xx statuses of an operation, but 403: invalid requests carry a key the server accepts. */
function documented4xx(op: Operation): number[] {
  return op.statuses
    .filter((s) => /^4\d\d$/.test(s))
    .map(Number)
    .filter((status) => status !== 403);
}

/** Invalid requests of every kind that applies to the operation. */
export function invalidRequest(op: Operation, contract: Contract = jobsContract): fc.Arbitrary<RequestPlan> {
  const valid = validRequest(op, contract);
  const fourXX = documented4xx(op);
  const kinds: fc.Arbitrary<RequestPlan>[] = [];
  const mutate = (
    kind: string,
    expect: readonly number[],
    change: (values: RequestPlan['values']) => void,
  ): fc.Arbitrary<RequestPlan> =>
    valid.map((plan) => {
      const values = { ...plan.values };
      change(values);
      return { ...plan, kind, values, expect };
    });

  for (const p of op.parameters) {
    const schema = schemaOf(p);
    if (p.required && p.in === 'query') kinds.push(mutate(`missing ${p.name}`, [400], (v) => delete v[p.name]));
    if (schema.type === 'boolean') {
      kinds.push(
        fc
          .constantFrom('yes', '1', '0', 't', 'on', ' true', 'true ', '', 'null', '[]', 'true,false')
          .chain((bad) => mutate(`wrong type ${p.name}`, [400], (v) => (v[p.name] = literal(bad)))),
      );
    }
    if (schema.enum) {
      const allowed = schema.enum;
      kinds.push(
        fc
          .oneof(fc.string({ maxLength: 12 }), fc.constantFrom('done', ' all', 'all ', 'runnin', 'al l'))
          .filter((s) => !enumMatch(allowed, s))
          .chain((bad) => mutate(`outside enum ${p.name}`, [400], (v) => (v[p.name] = literal(bad)))),
      );
    }
    if (schema.type === 'string' && !schema.enum) {
      if ((schema.minLength ?? 0) > 0) kinds.push(mutate(`empty ${p.name}`, [400], (v) => (v[p.name] = literal(''))));
      kinds.push(
        fc
          .integer({ min: Math.max(schema.maxLength ?? 0, 300) + 1, max: 12_000 })
          .chain((n) => mutate(`very long ${p.name}`, [...fourXX, 414], (v) => (v[p.name] = literal('x'.repeat(n))))),
      );
      kinds.push(
        fc
          .oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }))
          .chain((bad) => mutate(`hostile ${p.name}`, fourXX, (v) => (v[p.name] = literal(bad)))),
      );
    }
  }
  const scalarQuery = op.parameters.filter((p) => p.in === 'query');
  if (scalarQuery.length > 0) {
    kinds.push(
      fc
        .constantFrom(...scalarQuery)
        .chain((p) =>
          fc
            .tuple(validValue(p), validValue(p))
            .chain(([a, b]) => mutate(`duplicated ${p.name}`, [400], (v) => (v[p.name] = [a, b]))),
        ),
    );
  }
  // Parameters the spec does not declare, named like the properties every object inherits: a
  // server may ignore or refuse them, but must not break.
  kinds.push(
    fc
      .tuple(valid, fc.constantFrom(...UNDECLARED_PARAMETERS), fc.string({ maxLength: 12 }))
      .map(([plan, name, value]) => ({
        ...plan,
        kind: 'undeclared parameter',
        extraQuery: [[name, value] as [string, string]],
        expect: [],
      })),
  );
  if (op.requestBody?.required) {
    kinds.push(valid.map(({ body: _body, ...plan }) => ({ ...plan, kind: 'missing body', expect: [400] })));
  }
  // Bodies no operation accepts: GETs and POSTs take none, and the cancel body is an empty object.
  const bodies = fc.constantFrom(
    { contentType: 'application/json', text: '{"sourceid":"x"}' },
    { contentType: 'application/json', text: '[1,2,3]' },
    { contentType: 'application/json', text: '{"unterminated": ' },
    { contentType: 'text/plain', text: 'launch everything' },
    { contentType: 'application/x-www-form-urlencoded', text: 'a=1&b=2' },
  );
  kinds.push(
    fc
      .tuple(valid, bodies)
      .map(([plan, body]) => ({ ...plan, kind: 'unexpected body', body, expect: [400, 413, 415] })),
  );
  // No operation matches: 405 (the path is an operation's) or 404, before the body is read.
  const unread = fc.constantFrom(...UNREAD_BODIES);
  const otherMethods = methodsNotOn(op, contract);
  if (otherMethods.length > 0) {
    kinds.push(
      fc
        .tuple(valid, fc.constantFrom(...otherMethods), unread)
        .map(([plan, method, body]) => ({ ...plan, kind: 'wrong method with a body', method, body, expect: [405] })),
    );
  }
  kinds.push(
    fc.tuple(valid, unread).map(([plan, body]) => ({
      ...plan,
      kind: 'unknown path with a body',
      pathSuffix: '/no-such/operation',
      body,
      expect: [404],
    })),
  );
  return fc.oneof(...kinds);
}

/** How the vendor's own clients write a request: see the spec's DECISIONS.md (12). */
export interface WireShape {
  /** Booleans and enum values as Python writes them (`True`), or in capitals. */
  spelling: 'canonical' | 'capitalized' | 'upper';
  /** What a POST or DELETE carries where the spec takes no body. */
  body: 'none' | 'json {}' | 'json empty' | 'bare {}';
  /** `Content-Type: application/json` on a GET, as python-requests clients send it. */
  jsonOnGet: boolean;
  /** An HTTP Basic `Authorization` header beside `api_key`. */
  basicAuth: boolean;
}

const respell = (value: string, spelling: WireShape['spelling']): string =>
  spelling === 'upper'
    ? value.toUpperCase()
    : spelling === 'capitalized'
      ? value[0]!.toUpperCase() + value.slice(1)
      : value;

/** A plan sent the way a vendor client sends it; the server must read it as the plan itself. */
export function inWireShape(op: Operation, plan: RequestPlan, shape: WireShape): RequestPlan {
  const values: RequestPlan['values'] = {};
  for (const [name, planned] of Object.entries(plan.values)) {
    const schema = schemaOf(op.parameters.find((p) => p.name === name)!);
    const respellable = schema.type === 'boolean' || schema.enum !== undefined;
    const change = (v: ValuePlan): ValuePlan =>
      'literal' in v && respellable ? literal(respell(v.literal, shape.spelling)) : v;
    values[name] = Array.isArray(planned) ? planned.map(change) : change(planned);
  }
  const headers: Record<string, string> = { ...plan.headers };
  if (shape.basicAuth) headers.authorization = `Basic ${Buffer.from('admin:wrong-password').toString('base64')}`;
  let body = plan.body;
  // Where the spec takes no body (or an optional `{}`), vendor clients send one of their own.
  const ownBody = op.method !== 'GET' && !op.requestBody?.required;
  if (op.method === 'GET') {
    if (shape.jsonOnGet) headers['content-type'] = 'application/json';
  } else if (ownBody && (!body || body.text === '{}')) {
    if (shape.body === 'json {}') body = { contentType: 'application/json', text: '{}' };
    if (shape.body === 'json empty') body = { contentType: 'application/json', text: '' };
    if (shape.body === 'bare {}') body = { contentType: '', text: '{}' };
  }
  const parts = [
    shape.spelling !== 'canonical' && `${shape.spelling} values`,
    ownBody && shape.body !== 'none' && `body ${shape.body}`,
    op.method === 'GET' && shape.jsonOnGet && 'JSON Content-Type',
    shape.basicAuth && 'Basic Authorization',
  ].filter(Boolean);
  return {
    ...plan,
    kind: parts.length > 0 ? parts.join(', ') : 'canonical',
    values,
    headers,
    ...(body ? { body } : {}),
  };
}

export const wireShapes: fc.Arbitrary<WireShape> = fc.record({
  spelling: fc.constantFrom('canonical', 'capitalized', 'upper'),
  body: fc.constantFrom('none', 'json {}', 'json empty', 'bare {}'),
  jsonOnGet: fc.boolean(),
  basicAuth: fc.boolean(),
});

function resolveValue(plan: ValuePlan, known: readonly string[]): string {
  if ('literal' in plan) return plan.literal;
  return known.length > 0 ? known[plan.known % known.length]! : plan.fallback;
}

/** Percent-encodes a path segment so that `.` and `..` reach the server as an id, not as a path step. */
function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, '%2E');
}

/** Turns a plan into the request it describes, resolving known values now. */
export function buildRequest(
  plan: RequestPlan,
  options: { apiKey?: string; knownValues?: KnownValues; basePath?: string; contract?: Contract },
): ConformanceRequest {
  const contract = options.contract ?? jobsContract;
  const op = contract.operations.find((o) => o.operationId === plan.operationId)!;
  const knownFor = (name: string) => {
    const param = op.parameters.find((p) => p.name === name);
    const known = options.knownValues?.(op.operationId, name) ?? [];
    return param ? known.filter((value) => fitsSchema(schemaOf(param), value)) : known;
  };
  let path = op.path as string;
  const query: string[] = [];
  for (const [name, planned] of Object.entries(plan.values)) {
    const param = op.parameters.find((p) => p.name === name);
    const values = (Array.isArray(planned) ? planned : [planned]).map((v) => resolveValue(v, knownFor(name)));
    if (param?.in === 'path') path = path.replace(`{${name}}`, encodePathSegment(values[0] ?? ''));
    else for (const value of values) query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  path += plan.pathSuffix ?? '';
  for (const [name, value] of plan.extraQuery ?? [])
    query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  const headers: Record<string, string> = { ...plan.headers };
  if (options.apiKey !== undefined) headers[contract.keyHeader] = options.apiKey;
  if (plan.body?.contentType) headers['content-type'] = plan.body.contentType;
  return {
    method: plan.method ?? op.method,
    path: `${options.basePath ?? contract.basePath}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`,
    headers,
    ...(plan.body ? { body: plan.body.text } : {}),
  };
}

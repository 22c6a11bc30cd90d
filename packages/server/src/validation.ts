/**
 * Request and response validation with Ajv in its JSON Schema 2020-12 mode. Query, path and header
 * values are coerced strictly before validation (`true`/`false` in any letter case for booleans, as
 * Python clients write `True`; plain decimal digits for integers; an enum value in any letter case
 * becomes the spec's spelling), and every failure becomes a message that names the bad parameter.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { EyeglassJobsError } from './errors.js';
import { componentSchemas } from './generated/routes.gen.js';
import type { JsonSchema, RouteDefinition } from './types.js';

function createAjv(useDefaults: boolean): Ajv2020 {
  // Unknown keywords are refused (a schema must mean the same here as in any 2020-12 validator);
  // the stylistic strict checks are off, since the spec may legally leave types implicit.
  const ajv = new Ajv2020({
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allErrors: false,
    useDefaults,
    coerceTypes: false,
  });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addSchema(componentSchemas);
  return ajv;
}

// Requests get the spec's defaults filled in; responses are checked as they are.
const requestAjv = createAjv(true);
const responseAjv = createAjv(false);

/**
 * Makes the component schemas of another generated API (one schema with its own `$id`) known to
 * the validators, so its routes' `$ref`s resolve. Registering the same `$id` again does nothing.
 */
export function registerComponentSchemas(schema: { $id: string } & JsonSchema): void {
  for (const ajv of [requestAjv, responseAjv]) if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
}

export type RequestPart = 'params' | 'querystring' | 'headers' | 'body';

const LABELS: Record<RequestPart, string> = {
  params: 'Path parameter',
  querystring: 'Query parameter',
  headers: 'Header',
  body: 'Request body',
};

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

type Coerced = { value: unknown } | { problem: string };

/** The spec's spelling of a string enum value given in another letter case; the value itself otherwise. */
function canonicalEnumValue(raw: string, allowed: unknown): string {
  if (!Array.isArray(allowed) || allowed.includes(raw)) return raw;
  const lower = raw.toLowerCase();
  const matches = allowed.filter((value) => typeof value === 'string' && value.toLowerCase() === lower);
  return matches.length === 1 ? (matches[0] as string) : raw;
}

function coerceScalar(raw: unknown, schema: JsonSchema): Coerced {
  if (typeof raw !== 'string') return { value: raw };
  switch (schema.type) {
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower === 'true' || lower === 'false') return { value: lower === 'true' };
      return { problem: 'must be true or false (any letter case)' };
    }
    case 'string':
      return { value: canonicalEnumValue(raw, schema.enum) };
    case 'integer':
      if (INTEGER.test(raw) && Number.isSafeInteger(Number(raw))) return { value: Number(raw) };
      return { problem: 'must be an integer' };
    case 'number':
      if (NUMBER.test(raw) && Number.isFinite(Number(raw))) return { value: Number(raw) };
      return { problem: 'must be a number' };
    default:
      return { value: raw };
  }
}

/** Turns the text of one parameter into the type its schema declares, refusing anything loose. */
export function coerceParameter(raw: unknown, schema: JsonSchema): Coerced {
  if (schema.type === 'array') {
    const itemSchema = (schema.items ?? {}) as JsonSchema;
    const values: unknown[] = [];
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      const coerced = coerceScalar(item, itemSchema);
      if ('problem' in coerced) return { problem: `has an item that ${coerced.problem}` };
      values.push(coerced.value);
    }
    return { value: values };
  }
  if (Array.isArray(raw)) return { problem: 'must be given once' };
  return coerceScalar(raw, schema);
}

function quotedList(values: unknown): string {
  return (Array.isArray(values) ? values : []).map((v) => String(v)).join(', ');
}

/** A sentence that names what failed, such as "Query parameter 'state' must be one of: all, running, finished." */
export function describeFailure(part: RequestPart, error: ErrorObject): string {
  const label = LABELS[part];
  if (error.keyword === 'required' && error.instancePath === '' && part !== 'body') {
    return `${label} '${String(error.params.missingProperty)}' is required.`;
  }
  let subject = label;
  if (part === 'body') {
    if (error.instancePath) subject = `${label} field '${error.instancePath.slice(1)}'`;
  } else {
    const [, name = '', ...rest] = error.instancePath.split('/');
    subject = `${label} '${name.replace(/~1/g, '/').replace(/~0/g, '~')}'${rest.length > 0 ? ` item ${rest.join('/')}` : ''}`;
  }
  const { params } = error;
  if (part === 'body' && error.keyword === 'maxProperties' && params.limit === 0 && !error.instancePath) {
    return 'The request body must be empty or {}: the inputs of this operation are query parameters.';
  }
  switch (error.keyword) {
    case 'enum':
      return `${subject} must be one of: ${quotedList(params.allowedValues)}.`;
    case 'type':
      return `${subject} must be of type ${String(params.type)}.`;
    case 'minLength':
      return params.limit === 1
        ? `${subject} must not be empty.`
        : `${subject} must be at least ${String(params.limit)} characters long.`;
    case 'maxLength':
      return `${subject} must be at most ${String(params.limit)} characters long.`;
    case 'pattern':
      return `${subject} must match the pattern ${String(params.pattern)}.`;
    default:
      return `${subject} ${error.message ?? 'is not valid'}.`;
  }
}

function badRequest(message: string, part: RequestPart): EyeglassJobsError & { validationContext: RequestPart } {
  return Object.assign(new EyeglassJobsError(400, message), { validationContext: part });
}

export type PartValidator = (data: unknown) => { value: unknown } | { error: Error };

/**
 * A Fastify validator for one part of a request. Parameter parts are rebuilt from the declared
 * parameters only (unknown query parameters are dropped), coerced, then validated with defaults
 * applied. A body part treats a missing body as valid: whether a body is required is checked earlier.
 */
export function compileRequestPart(part: RequestPart, schema: JsonSchema): PartValidator {
  const validate = requestAjv.compile(schema);
  const fail = (errors: ValidateFunction['errors']) => ({
    error: badRequest(errors?.[0] ? describeFailure(part, errors[0]) : `${LABELS[part]} is not valid.`, part),
  });
  if (part === 'body') {
    return (data) =>
      data === null || data === undefined || validate(data) ? { value: data ?? undefined } : fail(validate.errors);
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return (data) => {
    const input = (data ?? {}) as Record<string, unknown>;
    // Headers keep every header; query and path keep only what the spec declares.
    const output: Record<string, unknown> = part === 'headers' ? { ...input } : {};
    for (const [name, propertySchema] of Object.entries(properties)) {
      const raw = input[name];
      if (raw === undefined) continue;
      const coerced = coerceParameter(raw, propertySchema);
      if ('problem' in coerced) return { error: badRequest(`${LABELS[part]} '${name}' ${coerced.problem}.`, part) };
      output[name] = coerced.value;
    }
    return validate(output) ? { value: output } : fail(validate.errors);
  };
}

const responseValidators = new WeakMap<JsonSchema, ValidateFunction>();

function responseValidator(schema: JsonSchema): ValidateFunction {
  let validate = responseValidators.get(schema);
  if (!validate) {
    validate = responseAjv.compile(schema);
    responseValidators.set(schema, validate);
  }
  return validate;
}

/** Compiles every response schema of the routes up front, so a schema Ajv refuses fails at start-up. */
export function compileResponseSchemas(routes: readonly RouteDefinition<string>[]): void {
  for (const route of routes) {
    for (const content of Object.values(route.responses)) Object.values(content).forEach(responseValidator);
  }
}

/** Why `body` breaks `schema`, or undefined when it conforms. */
export function responseViolation(schema: JsonSchema, body: unknown): string | undefined {
  const validate = responseValidator(schema);
  if (validate(body)) return undefined;
  const error = validate.errors?.[0];
  return error ? `body${error.instancePath} ${error.message ?? 'is not valid'}` : 'body is not valid';
}

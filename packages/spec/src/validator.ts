/**
 * Validates values against the spec's schemas with Ajv in JSON Schema 2020-12 mode, the dialect
 * of OpenAPI 3.1. See https://spec.openapis.org/oas/v3.1.0#schema-object.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { document } from './generated/document.gen.js';

/** The `$id` under which the bundled document is registered, so `#/components/…` refs resolve. */
export const SPEC_SCHEMA_ID = 'https://eyeglass-jobs.invalid/openapi.json';

export interface SchemaViolation {
  /** Where in the value the violation is, as a JSON pointer ('' for the value itself). */
  path: string;
  message: string;
}

export interface SpecValidator {
  /** Validates a value against the schema at a JSON pointer of the document, such as `/components/schemas/Job`. */
  validate(pointer: string, value: unknown): SchemaViolation[];
  /** Validates a value against a schema object taken from the document (its `$ref`s resolve against the document). */
  validateSchema(schema: object, value: unknown): SchemaViolation[];
}

const INT32 = 2 ** 31;

function toViolations(errors: ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? e.keyword }));
}

function escapePointer(pointer: string): string {
  return pointer
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%2F/g, '~1'))
    .join('/');
}

/** Builds a validator over the bundled document (or another OpenAPI 3.1 document). */
export function createSpecValidator(spec: object = document): SpecValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addSchema({ ...spec, $id: SPEC_SCHEMA_ID });
  const byPointer = new Map<string, ValidateFunction>();
  const bySchema = new WeakMap<object, ValidateFunction>();
  return {
    validate(pointer, value) {
      let validate = byPointer.get(pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: `${SPEC_SCHEMA_ID}#${escapePointer(pointer)}` });
        byPointer.set(pointer, validate);
      }
      return validate(value) ? [] : toViolations(validate.errors);
    },
    validateSchema(schema, value) {
      let validate = bySchema.get(schema);
      if (!validate) {
        const localised = JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SPEC_SCHEMA_ID}#/`));
        validate = ajv.compile(localised);
        bySchema.set(schema, validate);
      }
      return validate(value) ? [] : toViolations(validate.errors);
    },
  };
}

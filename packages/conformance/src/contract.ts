/**
 * What the kit tests against: a bundled OpenAPI document with the operation index the generators
 * make of it, the path it is served under and the header that carries its key. The appliance's
 * Jobs v2 spec by default; any other spec run through the pipeline (the simulator's control API)
 * is one `defineContract` away.
 */
import {
  createSpecValidator,
  basePath as jobsBasePath,
  document as jobsDocument,
  operations,
  type SpecValidator,
} from '@eyeglass-jobs/spec';

/** One operation, as the generated operation index lists it. */
export interface ContractOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly tag: string;
  readonly idempotent: boolean;
  readonly statuses: readonly string[];
  readonly parameters: readonly {
    readonly name: string;
    readonly in: string;
    readonly required: boolean;
    readonly deprecated: boolean;
    readonly schema: object;
  }[];
  readonly requestBody: { readonly required: boolean; readonly contentTypes: readonly string[] } | null;
  /** Status → media type → JSON pointer of the schema in the document. */
  readonly responses: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Contract {
  /** The bundled document. */
  readonly document: object;
  readonly operations: readonly ContractOperation[];
  /** The path every operation is served under, such as `/sera`. */
  readonly basePath: string;
  /** The lowercase request header that carries the key. */
  readonly keyHeader: string;
}

/** The header of the document's first apiKey-in-header security scheme. */
function keyHeaderOf(document: object): string {
  const schemes = (document as { components?: { securitySchemes?: Record<string, Record<string, unknown>> } })
    .components?.securitySchemes;
  const scheme = Object.values(schemes ?? {}).find((s) => s.type === 'apiKey' && s.in === 'header');
  if (!scheme) throw new Error('the document has no apiKey security scheme in a header');
  return String(scheme.name).toLowerCase();
}

/** The path of the document's first server URL. */
function basePathOf(document: object): string {
  const url = (document as { servers?: Array<{ url: string }> }).servers?.[0]?.url ?? '/';
  return url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/$/, '');
}

/** A contract from a bundled document and its operation index; the base path and key header come from the document. */
export function defineContract(definition: {
  document: object;
  operations: readonly ContractOperation[];
  basePath?: string;
  keyHeader?: string;
}): Contract {
  return {
    document: definition.document,
    operations: definition.operations,
    basePath: definition.basePath ?? basePathOf(definition.document),
    keyHeader: definition.keyHeader ?? keyHeaderOf(definition.document),
  };
}

/** The appliance's Jobs v2 API: what the kit tests by default. */
export const jobsContract: Contract = {
  document: jobsDocument,
  operations,
  basePath: jobsBasePath,
  keyHeader: 'api_key',
};

const validators = new WeakMap<object, SpecValidator>();

/** One validator per contract's document, compiled on first use. */
export function contractValidator(contract: Contract): SpecValidator {
  let validator = validators.get(contract.document);
  if (!validator) {
    validator = createSpecValidator(contract.document);
    validators.set(contract.document, validator);
  }
  return validator;
}

/**
 * Checks one response against the spec: the status is documented for the operation, the
 * Content-Type is one the spec lists for it, the body validates against that status's schema
 * (Ajv, JSON Schema 2020-12), and an error carries the Error shape.
 */
import type { OperationId, SpecValidator } from '@eyeglass-jobs/spec';
import { type Contract, type ContractOperation, contractValidator, jobsContract } from './contract.js';
import type { ConformanceResponse } from './target.js';

export interface CheckOptions {
  /** The spec to check against; the appliance's Jobs v2 spec by default. */
  contract?: Contract;
  /** Accept a status only through the operation's `default` response (true by default). */
  allowDefault?: boolean;
  /** Require an Error body's `code` to equal the HTTP status (true by default). */
  errorCodeIsStatus?: boolean;
}

/** One validator over a contract's spec (the appliance's by default), compiled on first use. */
export function validator(contract: Contract = jobsContract): SpecValidator {
  return contractValidator(contract);
}

/** The operation with this id, or an error naming the known ones. */
export function operationById(operationId: string, contract: Contract = jobsContract): ContractOperation {
  const op = contract.operations.find((o) => o.operationId === operationId);
  if (!op) {
    const known = contract.operations.map((o) => o.operationId).join(', ');
    throw new Error(`unknown operationId ${operationId}; known: ${known}`);
  }
  return op;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Lists every way the response breaks the spec for the operation; empty when it conforms. */
export function checkResponse(
  operationId: OperationId | string,
  response: ConformanceResponse,
  options: CheckOptions = {},
): string[] {
  const contract = options.contract ?? jobsContract;
  const op = operationById(operationId, contract);
  const responses = op.responses as Record<string, Record<string, string>>;
  const status = String(response.status);
  const violations: string[] = [];
  let declared = responses[status];
  if (!declared) {
    if (options.allowDefault === false || !responses.default) {
      return [`status ${status} is not documented for ${op.operationId} (documented: ${op.statuses.join(', ')})`];
    }
    declared = responses.default;
  }
  const mediaTypes = Object.keys(declared);
  const received = mediaType(response.headers['content-type']);
  if (mediaTypes.length === 0) {
    if (response.body.length > 0)
      violations.push(`status ${status} has no body in the spec, got ${response.body.length} bytes`);
    return violations;
  }
  if (!mediaTypes.includes(received)) {
    violations.push(`Content-Type ${received || '(none)'} is not one of ${mediaTypes.join(', ')} for status ${status}`);
    return violations;
  }
  let body: unknown = response.body;
  if (received === 'application/json' || received.endsWith('+json')) {
    try {
      body = JSON.parse(response.body);
    } catch {
      return [...violations, `the body is not valid JSON: ${JSON.stringify(response.body.slice(0, 80))}`];
    }
  }
  for (const v of validator(contract).validate(declared[received]!, body)) {
    violations.push(`body${v.path} ${v.message}`);
  }
  if (response.status >= 400 && violations.length === 0) {
    for (const v of validator(contract).validate('/components/schemas/Error', body)) {
      violations.push(`error body${v.path} ${v.message}`);
    }
    const code = (body as { code?: unknown } | null)?.code;
    if (options.errorCodeIsStatus !== false && typeof code === 'number' && code !== response.status) {
      violations.push(`error code ${code} differs from the HTTP status ${response.status}`);
    }
  }
  return violations;
}

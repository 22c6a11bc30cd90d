/**
 * Our own rules: the changes that break this API's users, above all the vendor's strict client.
 * Each finding is breaking. A new value in a response enum is one: the strict client refuses an
 * answer with a value it does not know.
 */
import { deref, type Field, fieldName, fieldsOf, type Json } from './fields.js';

export type Rule =
  | 'removed-operation'
  | 'removed-parameter'
  | 'new-required-parameter'
  | 'narrowed-request-enum'
  | 'changed-status'
  | 'removed-response-field'
  | 'new-response-enum-value'
  | 'removed-media-type';

export interface Finding {
  rule: Rule;
  /** `GET /v2/jobs/failover`. */
  operation: string;
  message: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  label: string;
  operation: Json;
  parameters: Map<string, Json>;
}

/** Operations by method and path, with `{…}` names left out, so that renaming a path parameter matches. */
function operationsOf(document: Json): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries((document.paths ?? {}) as Record<string, unknown>)) {
    const item = deref(document, rawItem) ?? {};
    for (const method of METHODS) {
      const operation = deref(document, item[method]);
      if (!operation) continue;
      const parameters = new Map<string, Json>();
      for (const list of [item.parameters, operation.parameters]) {
        for (const raw of (list as unknown[] | undefined) ?? []) {
          const parameter = deref(document, raw);
          if (parameter) parameters.set(`${parameter.in} parameter \`${parameter.name}\``, parameter);
        }
      }
      const key = `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
      operations.set(key, { label: `${method.toUpperCase()} ${path}`, operation, parameters });
    }
  }
  return operations;
}

function list(values: readonly unknown[]): string {
  return values.map((value) => `\`${JSON.stringify(value)}\``).join(', ');
}

/** True when `ancestor` is a field that holds `path`. */
function within(path: string, ancestor: string): boolean {
  return path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[]`);
}

/** The values of `values` that `others` lacks. */
function missingFrom(values: readonly unknown[], others: readonly unknown[]): unknown[] {
  return values.filter((value) => !others.some((other) => JSON.stringify(other) === JSON.stringify(value)));
}

/**
 * What a request must now carry that it need not before (fields inside it), and the values it may
 * no longer send. Whether the parameter or body itself is required is the caller's to compare.
 */
function requestFindings(
  operation: string,
  what: string,
  before: Map<string, Field>,
  after: Map<string, Field>,
): Finding[] {
  const findings: Finding[] = [];
  const newlyRequired = [...after]
    .filter(([path, field]) => path !== '' && field.required && !before.get(path)?.required)
    .map(([path]) => path);
  for (const path of newlyRequired) {
    if (newlyRequired.some((other) => other !== path && within(path, other))) continue;
    findings.push({
      rule: 'new-required-parameter',
      operation,
      message: `${what}: ${fieldName(path)} is now required`,
    });
  }
  for (const [path, field] of after) {
    const old = before.get(path);
    const where = path === '' ? what : `${what}: ${fieldName(path)}`;
    if (!old?.values && field.values && old) {
      findings.push({
        rule: 'narrowed-request-enum',
        operation,
        message: `${where} now accepts only ${list(field.values)}`,
      });
    } else if (old?.values && field.values) {
      const dropped = missingFrom(old.values, field.values);
      if (dropped.length > 0) {
        findings.push({
          rule: 'narrowed-request-enum',
          operation,
          message: `${where} no longer accepts ${list(dropped)}`,
        });
      }
    }
  }
  return findings;
}

/** What an answer may hold that it could not before, or no longer holds. */
function responseFindings(
  operation: string,
  what: string,
  before: Map<string, Field>,
  after: Map<string, Field>,
): Finding[] {
  const findings: Finding[] = [];
  const removed = [...before.keys()].filter((path) => !after.has(path));
  for (const path of removed) {
    // Report the outermost field removed, not each field inside it.
    if (removed.some((other) => other !== path && within(path, other))) continue;
    findings.push({ rule: 'removed-response-field', operation, message: `${what}: ${fieldName(path)} is removed` });
  }
  for (const [path, field] of after) {
    const old = before.get(path);
    if (!old) continue;
    if (old.required && !field.required) {
      findings.push({
        rule: 'removed-response-field',
        operation,
        message: `${what}: ${fieldName(path)} may now be absent`,
      });
    }
    if (old.values && field.values) {
      const added = missingFrom(field.values, old.values);
      if (added.length > 0) {
        findings.push({
          rule: 'new-response-enum-value',
          operation,
          message: `${what}: ${fieldName(path)} may now be ${list(added)}, which a strict client refuses`,
        });
      }
    } else if (old.values && !field.values) {
      findings.push({
        rule: 'new-response-enum-value',
        operation,
        message: `${what}: ${fieldName(path)} is no longer limited to ${list(old.values)}`,
      });
    }
  }
  return findings;
}

function contentSchemas(document: Json, holder: unknown): Map<string, unknown> {
  const content = (deref(document, holder)?.content ?? {}) as Record<string, Json>;
  return new Map(Object.entries(content).map(([type, media]) => [type, media.schema]));
}

export function ruleFindings(before: Json, after: Json): Finding[] {
  const findings: Finding[] = [];
  const afterOperations = operationsOf(after);
  for (const [key, old] of operationsOf(before)) {
    const current = afterOperations.get(key);
    if (!current) {
      findings.push({ rule: 'removed-operation', operation: old.label, message: 'the operation is removed' });
      continue;
    }
    const operation = current.label;
    for (const [name, parameter] of current.parameters) {
      const previous = old.parameters.get(name);
      if (parameter.required === true && previous?.required !== true) {
        const message = previous ? `${name} is now required` : `${name} is new and required`;
        findings.push({ rule: 'new-required-parameter', operation, message });
      }
      if (previous) {
        findings.push(
          ...requestFindings(
            operation,
            name,
            fieldsOf(before, previous.schema ?? {}),
            fieldsOf(after, parameter.schema ?? {}),
          ),
        );
      }
    }
    for (const name of old.parameters.keys()) {
      if (!current.parameters.has(name))
        findings.push({ rule: 'removed-parameter', operation, message: `${name} is removed` });
    }

    const oldBody = deref(before, old.operation.requestBody);
    const newBody = deref(after, current.operation.requestBody);
    if (newBody?.required === true && oldBody?.required !== true) {
      findings.push({ rule: 'new-required-parameter', operation, message: 'a request body is now required' });
    }
    if (newBody) {
      const oldSchemas = contentSchemas(before, oldBody);
      for (const [type, schema] of contentSchemas(after, newBody)) {
        if (!oldSchemas.has(type)) continue;
        findings.push(
          ...requestFindings(
            operation,
            `the ${type} request body`,
            fieldsOf(before, oldSchemas.get(type)),
            fieldsOf(after, schema),
          ),
        );
      }
      for (const type of oldSchemas.keys()) {
        if (!contentSchemas(after, newBody).has(type)) {
          findings.push({
            rule: 'removed-media-type',
            operation,
            message: `the request body is no longer accepted as ${type}`,
          });
        }
      }
    }

    const oldResponses = (old.operation.responses ?? {}) as Record<string, unknown>;
    const newResponses = (current.operation.responses ?? {}) as Record<string, unknown>;
    for (const status of Object.keys(oldResponses)) {
      if (!(status in newResponses))
        findings.push({ rule: 'changed-status', operation, message: `no longer answers ${status}` });
    }
    for (const status of Object.keys(newResponses)) {
      if (!(status in oldResponses) && /^2/.test(status)) {
        findings.push({
          rule: 'changed-status',
          operation,
          message: `answers ${status}, a success status it did not answer`,
        });
      }
    }
    for (const [status, response] of Object.entries(newResponses)) {
      if (!(status in oldResponses)) continue;
      const oldSchemas = contentSchemas(before, oldResponses[status]);
      for (const [type, schema] of contentSchemas(after, response)) {
        if (!oldSchemas.has(type)) continue;
        findings.push(
          ...responseFindings(
            operation,
            `response ${status} (${type})`,
            fieldsOf(before, oldSchemas.get(type)),
            fieldsOf(after, schema),
          ),
        );
      }
      for (const type of oldSchemas.keys()) {
        if (!contentSchemas(after, response).has(type)) {
          findings.push({ rule: 'removed-media-type', operation, message: `response ${status} is no longer ${type}` });
        }
      }
    }
  }
  return findings;
}

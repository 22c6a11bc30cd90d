/**
 * Runs the conformance properties against a target: valid requests never get a 5xx or an
 * undocumented answer, invalid ones get a documented 4xx with an Error body, every operation
 * refuses a missing or wrong api_key, and a request in the wire shape of the vendor's own clients
 * is answered as its canonical form is. Every run has a seed, printed in the report, that replays it.
 */

import fc from 'fast-check';
import { type CheckOptions, checkResponse } from './check-response.js';
import { type Contract, type ContractOperation, jobsContract } from './contract.js';
import { CreatedIds, combineKnownValues } from './known-values.js';
import {
  buildRequest,
  invalidRequest,
  inWireShape,
  type KnownValues,
  type RequestPlan,
  validRequest,
  wireShapes,
} from './requests.js';
import type { ConformanceRequest, ConformanceResponse, ConformanceTarget } from './target.js';

export type PropertyName = 'valid' | 'invalid' | 'auth' | 'vendor';

export interface ConformanceOptions {
  target: ConformanceTarget;
  /** The spec to test against; the appliance's Jobs v2 spec by default. */
  contract?: Contract;
  /** A key the server accepts, sent in the contract's key header (`api_key`). */
  apiKey: string;
  /**
   * Keys of other APIs, by the header they belong in (`{ api_key: applianceKey }`): the auth
   * property sends each in that header and in the contract's own, and both must be refused.
   */
  foreignKeys?: Readonly<Record<string, string>>;
  /** The path the API is served under; the spec's (`/sera`) by default. */
  basePath?: string;
  /** Replays a run; a random seed is chosen and reported otherwise. */
  seed?: number;
  /** Runs per operation and property (100 by default). */
  numRuns?: number;
  /** Which properties to run (all by default). */
  properties?: PropertyName[];
  /** Which operations to exercise (all by default). */
  operationIds?: string[];
  /** Ids the server knows, so valid requests reach existing clusters, zones and jobs. */
  knownValues?: KnownValues;
  /**
   * Where the ids of created jobs are kept; each `201 { id }` answer adds one, and they become known
   * values of the path parameters of the same tag. Pass your own to share it, or to add ids first.
   */
  createdIds?: CreatedIds;
  /** The statuses a refused key may get (403 by default; Prism answers 401). */
  authStatuses?: number[];
  check?: CheckOptions;
  /** Called with every exchange, for logging, extra assertions, or moving a fake clock on. */
  onExchange?: (exchange: Exchange) => void | Promise<void>;
}

export interface Exchange {
  property: PropertyName;
  operationId: string;
  kind: string;
  request: ConformanceRequest;
  response: ConformanceResponse;
  problems: string[];
}

export interface ConformanceFailure extends Exchange {
  /** The seed and path that replay this failure with fast-check. */
  seed: number;
  path: string | undefined;
}

export interface ConformanceReport {
  seed: number;
  requests: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
  failures: ConformanceFailure[];
}

/** What is wrong with an answer to a request of the given plan. */
function judge(plan: RequestPlan, response: ConformanceResponse, check: CheckOptions): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`answered ${response.status}: ${response.body.slice(0, 200)}`);
  if (plan.expect.length > 0 && !plan.expect.includes(response.status)) {
    problems.push(`answered ${response.status}, expected one of ${plan.expect.join(', ')}`);
  }
  if (response.status < 500) problems.push(...checkResponse(plan.operationId, response, check));
  return problems;
}

const increment = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** A way to send a key the server must refuse: none, a wrong one, or the right one where no key belongs. */
interface Credential {
  kind: string;
  /** The key header's value, if any. */
  header?: string;
  /** Extra query text (already encoded) or headers. */
  query?: string;
  headers?: Record<string, string>;
}

function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/**
 * Other spellings of `keyHeader` in a query string (`api_key[]`, `api%5Fkey`, `x_api_key`,
 * `API_KEY` for `api_key`), each percent-encoded as sent.
 */
function querySpellings(keyHeader: string): string[] {
  const encoded = encodeURIComponent(keyHeader);
  const spellings = [
    `${encoded}%5B%5D`,
    encoded.replace(/_/g, '%5F').replace(/-/g, '%2D'),
    `x_${encoded}`,
    encodeURIComponent(keyHeader.toUpperCase()),
  ];
  return [...new Set(spellings)].filter((name) => name !== encoded);
}

/** Every refused credential the auth property sends, for a key sent in `keyHeader` (`api_key` by default). */
export function refusedCredentials(
  apiKey: string,
  keyHeader = 'api_key',
  foreignKeys: Readonly<Record<string, string>> = {},
): Credential[] {
  const credentials: Credential[] = [
    { kind: `no ${keyHeader}`, headers: {} },
    { kind: `empty ${keyHeader}`, header: '' },
    { kind: `wrong ${keyHeader}`, header: 'igls-wrong-key' },
    { kind: `${keyHeader} with a character more`, header: `${apiKey}x` },
    {
      kind: `${keyHeader} in the query string`,
      query: `${encodeURIComponent(keyHeader)}=${encodeURIComponent(apiKey)}`,
    },
    // Other spellings of it: a server must neither read them as the key nor write them to its log.
    ...querySpellings(keyHeader).map((name) => ({
      kind: `${keyHeader} in the query string as ${decodeURIComponent(name)}`,
      query: `${name}=${encodeURIComponent(apiKey)}`,
    })),
    { kind: `${keyHeader} as a bearer token`, headers: { authorization: `Bearer ${apiKey}` } },
  ];
  if (apiKey.length > 1) credentials.push({ kind: `${keyHeader} with a character less`, header: apiKey.slice(0, -1) });
  if (swapCase(apiKey) !== apiKey) credentials.push({ kind: `${keyHeader} in another case`, header: swapCase(apiKey) });
  for (const [header, key] of Object.entries(foreignKeys)) {
    credentials.push({ kind: `the ${header} key in ${keyHeader}`, header: key });
    if (header.toLowerCase() !== keyHeader) {
      credentials.push({ kind: `the ${header} key in ${header}`, headers: { [header.toLowerCase()]: key } });
    }
  }
  return credentials;
}

function withCredential(request: ConformanceRequest, credential: Credential, keyHeader: string): ConformanceRequest {
  const headers = { ...request.headers, ...credential.headers };
  if (credential.header !== undefined) headers[keyHeader] = credential.header;
  const separator = request.path.includes('?') ? '&' : '?';
  return {
    ...request,
    headers,
    path: credential.query === undefined ? request.path : `${request.path}${separator}${credential.query}`,
  };
}

type Planned = RequestPlan & { credential?: Credential; canonical?: RequestPlan };

/** Statuses a server answers a request's form with; a wire shape must not be the reason for one. */
const SHAPE_REFUSALS = [400, 415];

/** Runs the properties and reports what was sent, what came back, and every failure. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const numRuns = options.numRuns ?? 100;
  const properties = options.properties ?? ['valid', 'invalid', 'auth', 'vendor'];
  const contract = options.contract ?? jobsContract;
  const check: CheckOptions = { ...options.check, contract };
  const selected = contract.operations.filter(
    (op) => !options.operationIds || options.operationIds.includes(op.operationId),
  );
  const report: ConformanceReport = { seed, requests: 0, byOperation: {}, byStatus: {}, byKind: {}, failures: [] };
  const authStatuses = options.authStatuses ?? [403];
  const createdIds = options.createdIds ?? new CreatedIds(contract);
  const knownValues: KnownValues = combineKnownValues(options.knownValues, createdIds.knownValues);
  const credentials = refusedCredentials(options.apiKey, contract.keyHeader, options.foreignKeys);

  const exchange = async (property: PropertyName, plan: Planned): Promise<Exchange> => {
    const built = buildRequest(plan, {
      ...(plan.credential ? {} : { apiKey: options.apiKey }),
      knownValues,
      contract,
      ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
    });
    const request = plan.credential ? withCredential(built, plan.credential, contract.keyHeader) : built;
    const response = await options.target(request);
    createdIds.record(plan.operationId, response);
    report.requests++;
    increment(report.byOperation, plan.operationId);
    increment(report.byStatus, String(response.status));
    increment(report.byKind, `${property}: ${plan.kind}`);
    const result = {
      property,
      operationId: plan.operationId,
      kind: plan.kind,
      request,
      response,
      problems: judge(plan, response, check),
    };
    await options.onExchange?.(result);
    return result;
  };

  const arbitraryFor = (property: PropertyName, op: ContractOperation): fc.Arbitrary<Planned> => {
    if (property === 'valid') return validRequest(op, contract);
    if (property === 'invalid') return invalidRequest(op, contract);
    if (property === 'vendor') {
      return fc
        .tuple(validRequest(op, contract), wireShapes)
        .map(([plan, shape]) => ({ ...inWireShape(op, plan, shape), canonical: plan }));
    }
    return fc
      .tuple(validRequest(op, contract), fc.constantFrom(...credentials))
      .map(([plan, credential]) => ({ ...plan, kind: credential.kind, expect: authStatuses, credential }));
  };

  let index = 0;
  for (const property of properties) {
    for (const op of selected) {
      const runSeed = (seed + index++ * 7919) | 0;
      let lastFailure: Exchange | undefined;
      const details = await fc.check(
        fc.asyncProperty(arbitraryFor(property, op), async (plan) => {
          const result = await exchange(property, plan);
          // A GET is compared with its canonical form every time; a launch only when the shape
          // was refused, since sending it twice would change what the second one finds.
          if (plan.canonical && (op.idempotent || SHAPE_REFUSALS.includes(result.response.status))) {
            const canonical = await exchange(property, { ...plan.canonical, kind: 'canonical' });
            if (canonical.response.status !== result.response.status) {
              result.problems.push(
                `answered ${result.response.status} in this wire shape, ${canonical.response.status} in canonical form`,
              );
            }
          }
          if (result.problems.length > 0) lastFailure = result;
          return result.problems.length === 0;
        }),
        { seed: runSeed, numRuns, endOnFailure: false },
      );
      if (details.failed && lastFailure) {
        report.failures.push({ ...lastFailure, seed: runSeed, path: details.counterexamplePath ?? undefined });
      } else if (details.failed) {
        report.failures.push({
          property,
          operationId: op.operationId,
          kind: 'error',
          request: { method: op.method, path: op.path },
          response: { status: 0, headers: {}, body: String(details.errorInstance) },
          problems: [`the request failed: ${String(details.errorInstance)}`],
          seed: runSeed,
          path: details.counterexamplePath ?? undefined,
        });
      }
    }
  }
  return report;
}

/** A readable summary of a report: counts by operation, status and kind, and each failure. */
export function formatReport(report: ConformanceReport): string {
  const table = (title: string, counts: Record<string, number>): string =>
    [
      title,
      ...Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]) => `  ${key.padEnd(40)} ${String(n).padStart(7)}`),
    ].join('\n');
  const failures = report.failures.map(
    (f) =>
      `  ${f.property} ${f.operationId} (${f.kind}), seed ${f.seed}${f.path ? ` path ${f.path}` : ''}\n` +
      `    ${f.request.method} ${f.request.path}\n    → ${f.response.status} ${f.response.body.slice(0, 160)}\n` +
      f.problems.map((p) => `    - ${p}`).join('\n'),
  );
  return [
    `requests: ${report.requests}, failures: ${report.failures.length}, seed: ${report.seed}`,
    table('requests by operation', report.byOperation),
    table('statuses', report.byStatus),
    table('requests by kind', report.byKind),
    ...(failures.length > 0 ? ['failures', ...failures] : []),
  ].join('\n');
}

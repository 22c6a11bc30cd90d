/** `toSatisfyOperation`: an `expect.extend` matcher that checks a response against the spec. */
import { checkResponse } from './check-response.js';
import type { Contract } from './contract.js';
import type { ConformanceResponse } from './target.js';

/** Accepts the kit's responses and Fastify `inject()` responses alike. */
function normalize(received: unknown): ConformanceResponse {
  const r = received as {
    status?: number;
    statusCode?: number;
    headers?: Record<string, unknown>;
    body?: unknown;
    payload?: unknown;
  };
  const status = r?.status ?? r?.statusCode;
  if (typeof status !== 'number') throw new TypeError('toSatisfyOperation expects a response with a status');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  const body = typeof r.body === 'string' ? r.body : typeof r.payload === 'string' ? r.payload : JSON.stringify(r.body);
  return { status, headers, body: body ?? '' };
}

export const conformanceMatchers = {
  toSatisfyOperation(received: unknown, operationId: string, contract?: Contract) {
    const response = normalize(received);
    const problems = checkResponse(operationId, response, contract ? { contract } : {});
    return {
      pass: problems.length === 0,
      message: () =>
        problems.length === 0
          ? `expected the ${response.status} answer not to satisfy ${operationId}`
          : `expected the ${response.status} answer to satisfy ${operationId}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    };
  },
};

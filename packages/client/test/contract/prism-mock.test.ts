/**
 * Contract tests: the client against Prism mocking the bundled spec. Prism validates every request
 * against the spec and answers with the spec's examples, so these prove that each generated method
 * sends what the spec allows and reads what it returns.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { document, type OperationId, operations } from '@eyeglass-jobs/spec';
import { type PrismServer, startPrism, tsxArguments } from '@eyeglass-jobs/test-support';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEyeglassClient,
  EyeglassApiError,
  EyeglassAuthenticationError,
  type EyeglassClient,
  type FetchFunction,
} from '../../src/index.js';
import { argumentsFor, callOperation, parametersOf } from '../support/operation-calls.js';

interface Exchange {
  method: string;
  url: URL;
  status: number;
}

let prism: PrismServer;
const exchanges: Exchange[] = [];

const recordingFetch: FetchFunction = async (request, init) => {
  const response = await fetch(request, init);
  exchanges.push({ method: request.method, url: new URL(request.url), status: response.status });
  return response;
};

function client(apiKey = 'igls-contract'): EyeglassClient {
  return createEyeglassClient({ baseUrl: prism.url, apiKey, fetch: recordingFetch, retry: false });
}

async function exchangeOf(call: () => Promise<unknown>): Promise<{ result: unknown; exchange: Exchange }> {
  const before = exchanges.length;
  const result = await call();
  expect(exchanges.length).toBe(before + 1);
  return { result, exchange: exchanges.at(-1)! };
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(structuredClone(document) as object, 'spec.json');

/** The schema of an operation's success answer, as a reference into the bundled spec. */
function successSchema(operationId: OperationId): { status: number; schema: object } {
  const entry = operations.find((op) => op.operationId === operationId)!;
  const status = entry.statuses.find((s) => /^2\d\d$/.test(s))!;
  const item = (document.paths as unknown as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
    entry.path
  ]!;
  const response = item[entry.method.toLowerCase()]!.responses[status] as { $ref?: string; content?: object };
  const pointer =
    response.$ref ??
    `#/paths/${entry.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${entry.method.toLowerCase()}/responses/${status}`;
  const media = (response.content ?? {}) as Record<string, unknown>;
  const mediaType = Object.keys(media)[0] ?? 'application/json';
  return {
    status: Number(status),
    schema: { $ref: `spec.json${pointer}/content/${mediaType.replace(/\//g, '~1')}/schema` },
  };
}

beforeAll(async () => {
  prism = await startPrism({ mode: 'mock' });
});
afterAll(async () => {
  await prism?.stop();
});

describe('every operation against the Prism mock', () => {
  const cases = operations.flatMap((op) =>
    (['required', 'all'] as const).map((which) => [op.operationId, which] as const),
  );

  it.each(cases)('%s with %s parameters', async (operationId, which) => {
    const { result, exchange } = await exchangeOf(() => callOperation(client(), operationId, which));
    const { status, schema } = successSchema(operationId);
    expect(exchange.status).toBe(status);
    const validate = ajv.compile(schema);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    const sent = [...exchange.url.searchParams.keys()].sort();
    const query = (argumentsFor(operationId, which).find((a) => typeof a === 'object') ?? {}) as object;
    expect(sent).toEqual(Object.keys(query).sort());
    if (which === 'all') {
      const all = parametersOf(operationId)
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      expect(sent).toEqual(all.sort());
    }
  });

  it('checks results against the schemas of the spec, which refuse a partial job', () => {
    expect(ajv.compile(successSchema('getFailoverJob').schema)({ id: 'job-1' })).toBe(false);
    expect(ajv.compile(successSchema('getFailoverJobLog').schema)(42)).toBe(false);
    expect(ajv.compile(successSchema('listReadinessJobs').schema)([{ id: 'r' }])).toBe(false);
  });

  it('reads the shapes the examples promise', async () => {
    const eg = client();
    const job = await eg.failover.get('job-7d1c5b0e2a9f4c31');
    expect(job.jobStatusDetails.childrenDetails.length).toBeGreaterThan(0);
    expect(typeof job.success).toBe('boolean');
    const log = await eg.failover.log('job-7d1c5b0e2a9f4c31');
    expect(log.split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\dT.* INFO /);
    const created = await eg.readiness.run();
    expect(created.id).toMatch(/\S/);
  });
});

describe('refusals and invalid requests against the Prism mock', () => {
  it.each(operations.map((op) => op.operationId))(
    '%s without a key is refused with EyeglassAuthenticationError',
    async (operationId) => {
      const error = await callOperation(client(''), operationId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EyeglassAuthenticationError);
      expect(error).toMatchObject({ status: 401, operationId });
      expect(exchanges.at(-1)!.status).toBe(401);
    },
  );

  it.each([
    [
      'a state outside the enum',
      (eg: EyeglassClient) => eg.failover.list({ state: 'bogus' as never }),
      'listFailoverJobs',
    ],
    [
      'a pool that does not match its pattern',
      (eg: EyeglassClient) =>
        eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z', pool: 'no-colons' }),
      'launchFailover',
    ],
    ['an empty policy id', (eg: EyeglassClient) => eg.failover.drTest({ policy: '', enable: true }), 'launchDrTest'],
  ])('%s surfaces as EyeglassApiError 400', async (_name, call, operationId) => {
    const error = await call(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error).not.toBeInstanceOf(EyeglassAuthenticationError);
    expect(error).toMatchObject({ status: 400, code: 400, operationId, outcomeUnknown: false });
    expect((error as EyeglassApiError).apiMessage).toMatch(/\S/);
  });

  it.each([
    [
      'a job that does not exist',
      404,
      (eg: EyeglassClient) => eg.failover.get('job-x', { headers: { Prefer: 'code=404' } }),
    ],
    [
      'a conflicting launch',
      409,
      (eg: EyeglassClient) =>
        eg.failover.launch({ sourceid: 'a', targetid: 'b', failovertarget: 'z' }, { headers: { Prefer: 'code=409' } }),
    ],
    [
      'a cancel of a finished job',
      409,
      (eg: EyeglassClient) => eg.failover.cancel('job-x', { headers: { Prefer: 'code=409' } }),
    ],
  ])('%s surfaces as EyeglassApiError %i with the Error body', async (_name, status, call) => {
    const error = (await call(client()).catch((e: unknown) => e)) as EyeglassApiError;
    expect(error).toBeInstanceOf(EyeglassApiError);
    expect(error.status).toBe(status);
    expect(error.code).toBe(status);
    expect(error.message).toContain(error.apiMessage);
  });
});

describe('the example in the README', () => {
  it('launches a failover, reports its steps and log, and exits 0 against the Prism mock', async () => {
    const example = fileURLToPath(new URL('../../examples/launch-failover.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, tsxArguments(example), {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        EYEGLASS_URL: prism.url,
        EYEGLASS_API_KEY: 'igls-example',
        EYEGLASS_SOURCE: 'production_005056b4aa4369988a664106c21f470db369',
        EYEGLASS_TARGET: 'dr_005056b4bb5478a99b775217d32f581ec47a',
        EYEGLASS_FAILOVER_TARGET: 'production_005056b4aa4369988a664106c21f470db369_zone-finance',
      },
    });
    expect(stdout).toContain('launched job-7d1c5b0e2a9f4c31');
    expect(stdout).toMatch(/finished +OK +Zone failover finance\n/);
    expect(stdout).toContain('INFO  Validate failover: OK');
    expect(stdout.trim().endsWith('failover succeeded')).toBe(true);
  });
});

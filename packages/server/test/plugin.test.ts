import { operations } from '@eyeglass-jobs/spec';
import fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EyeglassJobsError,
  type EyeglassJobsHandlers,
  eyeglassJobs,
  type GetFailoverJobResult,
  type LaunchFailoverInput,
} from '../src/index.js';
import { API_KEY, pluginApp, readinessJob, sampleRequests, send, zoneFailoverJob } from './fixtures.js';

const SOURCE = 'production_005056b4aa4369988a664106c21f470db369';
const TARGET = 'dr_005056b4bb5478a99b775217d32f581ec47a';
const LAUNCH = `/sera/v2/jobs/failover?sourceid=${SOURCE}&targetid=${TARGET}&failovertarget=zone-finance`;

const apps: Array<{ close(): Promise<unknown> }> = [];
async function app(...args: Parameters<typeof pluginApp>) {
  const created = await pluginApp(...args);
  apps.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

const expectError = (response: { statusCode: number; json(): unknown }, status: number, message?: RegExp) => {
  expect(response.statusCode).toBe(status);
  expect(response.json()).toEqual({
    code: status,
    message: message ? expect.stringMatching(message) : expect.any(String),
  });
};

describe('routes', () => {
  it.each(operations.map((op) => op.operationId))(
    'without a handler, %s answers 501 with an Error body',
    async (operationId) => {
      const response = await send(await app(), sampleRequests[operationId]);
      expectError(response, 501, new RegExp(`^${operationId} is not implemented by this server\\.$`));
    },
  );

  it('mounts the routes under a custom prefix, and at the root with an empty one', async () => {
    const handlers = { runReadinessJob: () => ({ status: 201 as const, body: { id: 'r-1' } }) };
    const custom = fastify();
    await custom.register(eyeglassJobs, { handlers, apiKeys: [API_KEY], prefix: '/eyeglass' });
    const root = fastify();
    await root.register(eyeglassJobs, { handlers, apiKeys: [API_KEY], prefix: '' });
    apps.push(custom, root);
    expect((await send(custom, { method: 'POST', url: '/eyeglass/v2/jobs/readiness' })).statusCode).toBe(201);
    expect((await send(custom, { method: 'POST', url: '/sera/v2/jobs/readiness' })).statusCode).toBe(404);
    expect((await send(root, { method: 'POST', url: '/v2/jobs/readiness' })).statusCode).toBe(201);
  });

  it('leaves routes and the not-found answer outside its prefix to the application', async () => {
    const outer = fastify();
    outer.get('/health', () => 'ok');
    await outer.register(eyeglassJobs, { handlers: {}, apiKeys: [API_KEY] });
    apps.push(outer);
    expect((await outer.inject('/health')).body).toBe('ok');
    expect((await outer.inject('/elsewhere')).json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('calls the handlers with the handlers object as `this`, so a class instance works', async () => {
    class Jobs implements Pick<EyeglassJobsHandlers, 'getFailoverJob'> {
      readonly job = zoneFailoverJob;
      getFailoverJob(): GetFailoverJobResult {
        return { status: 200, body: this.job };
      }
    }
    const response = await send(await app({ handlers: new Jobs() }), { url: '/sera/v2/jobs/failover/job-1' });
    expect(response.json()).toEqual(zoneFailoverJob);
  });
});

describe('request validation', () => {
  it('hands the handler typed input: booleans coerced, defaults applied, unknown parameters dropped', async () => {
    const launchFailover = vi.fn((_input: LaunchFailoverInput) => ({ status: 201 as const, body: { id: 'job-2' } }));
    const response = await send(await app({ handlers: { launchFailover } }), {
      method: 'POST',
      url: `${LAUNCH}&controlled=false&smbdataintegrity=true&pool=g:s:p&unknown=1`,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: 'job-2' });
    const [input, context] = launchFailover.mock.calls[0] as unknown as [LaunchFailoverInput, Record<string, unknown>];
    expect(input.query).toStrictEqual({
      sourceid: SOURCE,
      targetid: TARGET,
      failovertarget: 'zone-finance',
      pool: 'g:s:p',
      controlled: false,
      datasync: true,
      configsync: false,
      resyncprep: true,
      disablemirror: false,
      quotasync: true,
      blockonwarnings: true,
      smbdataintegrity: true,
    });
    expect(input.params).toEqual({});
    expect(input.body).toBeUndefined();
    expect(input.headers.api_key).toBe(API_KEY);
    expect(context).toMatchObject({
      operationId: 'launchFailover',
      request: expect.anything(),
      reply: expect.anything(),
    });
  });

  it('hands the handler the path parameter and the filters of a list', async () => {
    const listFailoverJobs = vi.fn(() => ({ status: 200 as const, body: [] }));
    const getFailoverJob = vi.fn(() => ({ status: 200 as const, body: zoneFailoverJob }));
    const server = await app({ handlers: { listFailoverJobs, getFailoverJob } });
    await send(server, { url: '/sera/v2/jobs/failover?state=finished&success=false' });
    await send(server, { url: '/sera/v2/jobs/failover' });
    await send(server, { url: '/sera/v2/jobs/failover/job%2F7%20a' });
    expect(listFailoverJobs.mock.calls.map((call) => (call as unknown[])[0])).toMatchObject([
      { query: { state: 'finished', success: false } },
      { query: { state: 'all' } },
    ]);
    expect((getFailoverJob.mock.calls[0] as unknown[])[0]).toMatchObject({ params: { id: 'job/7 a' }, query: {} });
  });

  const invalid: Array<[string, { url: string; method?: 'GET' | 'POST'; message: RegExp }]> = [
    [
      'an enum value outside the spec',
      {
        url: '/sera/v2/jobs/failover?state=bogus',
        message: /^Query parameter 'state' must be one of: all, running, finished\.$/,
      },
    ],
    [
      'a boolean written 1',
      {
        url: '/sera/v2/jobs/failover?success=1',
        message: /^Query parameter 'success' must be true or false \(any letter case\)\.$/,
      },
    ],
    [
      'a boolean written yes',
      { url: '/sera/v2/jobs/failover?success=yes', message: /'success' must be true or false/ },
    ],
    ['an empty boolean', { url: '/sera/v2/jobs/failover?success=', message: /'success' must be true or false/ }],
    [
      'a scalar parameter given twice',
      {
        url: '/sera/v2/jobs/failover?state=all&state=running',
        message: /^Query parameter 'state' must be given once\.$/,
      },
    ],
    [
      'a boolean given twice',
      { url: '/sera/v2/jobs/failover?success=true&success=true', message: /'success' must be given once/ },
    ],
    [
      'a missing required parameter',
      {
        method: 'POST',
        url: `/sera/v2/jobs/failover?sourceid=${SOURCE}&targetid=${TARGET}`,
        message: /^Query parameter 'failovertarget' is required\.$/,
      },
    ],
    [
      'an empty required string',
      {
        method: 'POST',
        url: `${LAUNCH.replace('zone-finance', '')}`,
        message: /^Query parameter 'failovertarget' must not be empty\.$/,
      },
    ],
    [
      'a pool that breaks its pattern',
      { method: 'POST', url: `${LAUNCH}&pool=nocolons`, message: /^Query parameter 'pool' must match the pattern/ },
    ],
    [
      'a job id longer than the spec allows',
      {
        url: `/sera/v2/jobs/failover/${'j'.repeat(257)}`,
        message: /^Path parameter 'id' must be at most 256 characters long\.$/,
      },
    ],
    [
      'a missing DR test policy',
      { method: 'POST', url: '/sera/v2/jobs/failover/drtest?enable=true', message: /'policy' is required/ },
    ],
  ];

  it.each(invalid)('%s answers 400 naming the parameter', async (_name, { url, method = 'GET', message }) => {
    const handler = vi.fn();
    const handlers = Object.fromEntries(operations.map((op) => [op.operationId, handler]));
    const response = await send(await app({ handlers }), { method, url });
    expectError(response, 400, message);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('security', () => {
  const handlers = { runReadinessJob: () => ({ status: 201 as const, body: { id: 'r-1' } }) };
  const run = { method: 'POST' as const, url: '/sera/v2/jobs/readiness' };

  it.each([
    ['no api_key header', {}, /^Missing api_key header\.$/],
    ['an empty api_key', { api_key: '' }, /^Missing api_key header\.$/],
    ['a wrong api_key', { api_key: 'igls-wrong' }, /^Invalid api_key header\.$/],
    ['the key with a suffix', { api_key: `${API_KEY}x` }, /^Invalid api_key header\.$/],
    ['a key sent as a Bearer token', { api_key: `Bearer ${API_KEY}` }, /^Invalid api_key header\.$/],
  ])('a request with %s answers 403 with an Error body', async (_name, headers, message) => {
    const server = await app({ handlers });
    const response = await server.inject({ ...run, headers });
    expectError(response, 403, message);
  });

  it('checks the key before the parameters, so an anonymous request learns nothing about them', async () => {
    const response = await (await app()).inject({ url: '/sera/v2/jobs/failover?state=bogus' });
    expectError(response, 403);
  });

  it('asks `authenticate` about keys not in `apiKeys`, with the request', async () => {
    const authenticate = vi.fn(async (key: string) => key === 'igls-from-vault');
    const server = await app({ handlers, authenticate });
    expect((await server.inject({ ...run, headers: { api_key: 'igls-from-vault' } })).statusCode).toBe(201);
    expect((await server.inject({ ...run, headers: { api_key: API_KEY } })).statusCode).toBe(201);
    expectError(await server.inject({ ...run, headers: { api_key: 'igls-other' } }), 403);
    expect(authenticate).toHaveBeenCalledWith('igls-from-vault', expect.objectContaining({ method: 'POST' }));
  });

  it('refuses to start without apiKeys or authenticate', async () => {
    const server = fastify();
    await expect(server.register(eyeglassJobs, { handlers: {} })).rejects.toThrow(/apiKeys.*authenticate/);
  });
});

describe('request bodies', () => {
  const cancelFailoverJob = vi.fn(() => ({ status: 200 as const, body: zoneFailoverJob }));
  const runReadinessJob = vi.fn(() => ({ status: 201 as const, body: { id: 'r-1' } }));
  const handlers = {
    cancelFailoverJob,
    runReadinessJob,
    listReadinessJobs: () => ({ status: 200 as const, body: [] }),
  };
  const cancel = { method: 'DELETE' as const, url: '/sera/v2/jobs/failover/job-1' };
  const json = { 'content-type': 'application/json' };

  afterEach(() => {
    cancelFailoverJob.mockClear();
    runReadinessJob.mockClear();
  });

  // What the vendor's clients send where the spec takes no body, and the canonical forms.
  const tolerated = [
    ['no body', {}, undefined],
    ['an empty object', { payload: '{}', headers: json }, {}],
    [
      'an empty object with a charset',
      { payload: '{}', headers: { 'content-type': 'application/json; charset=utf-8' } },
      {},
    ],
    ['an empty object with spaces', { payload: ' { }\n', headers: json }, {}],
    ['an empty object without Content-Type', { payload: '{}', headers: { 'content-type': undefined } }, {}],
    ['an empty object as text', { payload: '{}', headers: { 'content-type': 'text/plain' } }, {}],
    ['an empty JSON body', { payload: '', headers: json }, undefined],
    ['an empty text body', { payload: '', headers: { 'content-type': 'text/plain' } }, undefined],
    [
      'an empty form body',
      { payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      undefined,
    ],
  ] as const;

  it.each(tolerated)('a cancel with %s reaches the handler', async (_name, extra) => {
    const response = await send(await app({ handlers }), { ...cancel, ...extra } as never);
    expect(response.statusCode).toBe(200);
    expect(cancelFailoverJob).toHaveBeenCalledTimes(1);
  });

  it.each(tolerated)('a POST with %s reaches the handler, with no body or {}', async (_name, extra, seen) => {
    const request = { method: 'POST' as const, url: '/sera/v2/jobs/readiness', ...extra };
    const response = await send(await app({ handlers }), request as never);
    expect(response.statusCode, response.body).toBe(201);
    expect(runReadinessJob).toHaveBeenCalledTimes(1);
    const { body } = (runReadinessJob.mock.calls[0] as unknown as [{ body: unknown }])[0];
    expect(body).toEqual(seen);
  });

  it('a GET with a JSON Content-Type and no body is answered', async () => {
    const response = await send(await app({ handlers }), {
      method: 'GET',
      url: '/sera/v2/jobs/readiness',
      headers: json,
    });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    [
      'a JSON body with an option on a POST',
      { method: 'POST', url: '/sera/v2/jobs/readiness', payload: '{"controlled":false}', headers: json },
      400,
      /^The request body must be empty or \{\}: the inputs of this operation are query parameters\.$/,
    ],
    [
      'a JSON array on a POST',
      { method: 'POST', url: '/sera/v2/jobs/readiness', payload: '[]', headers: json },
      400,
      /^Request body must be of type object\.$/,
    ],
    [
      'a text body on a POST',
      { method: 'POST', url: '/sera/v2/jobs/readiness', payload: 'go', headers: { 'content-type': 'text/plain' } },
      415,
      /^Content-Type 'text\/plain' is not supported; send application\/json\.$/,
    ],
    [
      'a body without Content-Type',
      { method: 'POST', url: '/sera/v2/jobs/readiness', payload: 'go', headers: { 'content-type': undefined } },
      415,
      /^Content-Type '' is not supported/,
    ],
    [
      'an XML body on a POST',
      {
        method: 'POST',
        url: '/sera/v2/jobs/readiness',
        payload: '<go/>',
        headers: { 'content-type': 'application/xml' },
      },
      415,
      /not supported; send application\/json/,
    ],
    [
      'a body on a GET',
      { method: 'GET', url: '/sera/v2/jobs/readiness', payload: '{"state":"running"}', headers: json },
      400,
      /^listReadinessJobs takes no request body: its inputs are query parameters\./,
    ],
    [
      'a cancel body with a property',
      { ...cancel, payload: '{"force":true}', headers: json },
      400,
      /^The request body must be empty or \{\}: the inputs of this operation are query parameters\.$/,
    ],
    [
      'a cancel body that is not an object',
      { ...cancel, payload: '[]', headers: json },
      400,
      /^Request body must be of type object\.$/,
    ],
    [
      'a cancel body that is not JSON',
      { ...cancel, payload: '{force', headers: json },
      400,
      /^The request body is not valid JSON\.$/,
    ],
    [
      'a cancel body in XML',
      { ...cancel, payload: '<cancel/>', headers: { 'content-type': 'application/xml' } },
      415,
      /^Content-Type 'application\/xml' is not supported; send application\/json\.$/,
    ],
    [
      'a cancel body with a malformed Content-Type',
      { ...cancel, payload: '{"force":true}', headers: { 'content-type': '/' } },
      415,
      /not supported/,
    ],
  ] as const)('%s is refused with an Error body', async (_name, request, status, message) => {
    const response = await send(await app({ handlers }), request as never);
    expectError(response, status, message);
    expect(cancelFailoverJob).not.toHaveBeenCalled();
    expect(runReadinessJob).not.toHaveBeenCalled();
  });

  it('a body over the body limit answers 413', async () => {
    const server = fastify({ bodyLimit: 64 });
    await server.register(eyeglassJobs, { handlers, apiKeys: [API_KEY] });
    apps.push(server);
    const response = await send(server, {
      ...cancel,
      payload: JSON.stringify({ pad: 'x'.repeat(100) }),
      headers: json,
    });
    expectError(response, 413, /^The request body is larger than the limit of 64 bytes\.$/);
  });
});

describe('error answers', () => {
  it.each([
    [
      'an unknown path under the prefix',
      'GET',
      '/sera/v2/jobs/nothing',
      404,
      /^No operation matches GET \/sera\/v2\/jobs\/nothing\.$/,
    ],
    [
      'a trailing slash where an id goes',
      'GET',
      '/sera/v2/jobs/failover/',
      400,
      /^Path parameter 'id' must not be empty\.$/,
    ],
    ['the prefix alone', 'GET', '/sera', 404, /No operation matches/],
  ] as const)('%s answers with an Error body', async (_name, method, url, status, message) => {
    expectError(await send(await app(), { method, url }), status, message);
  });

  it.each([
    ['PUT', '/sera/v2/jobs/replication', 'GET, POST'],
    ['PATCH', '/sera/v2/jobs/failover/job-1', 'GET, DELETE'],
    ['HEAD', '/sera/v2/jobs/failover/job-1/log', 'GET'],
    ['OPTIONS', '/sera/v2/jobs/failover', 'GET, POST'],
    ['PUT', '/sera/v2/jobs/failover/drtest', 'POST, GET, DELETE'],
  ] as const)('%s %s answers 405 with Allow: %s', async (method, url, allow) => {
    const response = await send(await app(), { method, url });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allow);
    if (method !== 'HEAD') expectError(response, 405, new RegExp(`^${method} is not allowed on`));
  });

  const badBodies = [
    ['invalid JSON', '{"unterminated": '],
    ['a body over the limit', JSON.stringify({ pad: 'x'.repeat(70 * 1024) })],
  ] as const;
  it.each(badBodies)('a wrong method with %s answers 405 before the body is parsed', async (_name, payload) => {
    const response = await send(await app(), {
      method: 'PUT',
      url: '/sera/v2/jobs/failover',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectError(response, 405, /^PUT is not allowed on \/sera\/v2\/jobs\/failover; use GET or POST\.$/);
    expect(response.headers.allow).toBe('GET, POST');
  });

  it.each(badBodies)('an unknown path with %s answers 404 before the body is parsed', async (_name, payload) => {
    const response = await send(await app(), {
      method: 'POST',
      url: '/sera/v2/jobs/nothing',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectError(response, 404, /^No operation matches POST \/sera\/v2\/jobs\/nothing\.$/);
  });

  it('a URL longer than maxUrlLength answers 414, known route or not', async () => {
    const server = await app({ maxUrlLength: 100 });
    expectError(await send(server, { url: `/sera/v2/jobs/failover?state=${'x'.repeat(100)}` }), 414, /longer than 100/);
    expectError(await send(server, { url: `/sera/${'x'.repeat(100)}` }), 414);
  });

  it('a handler that throws answers 500 without its message or stack', async () => {
    const server = await app({
      handlers: {
        getFailoverJob: () => {
          throw new Error('database password is hunter2');
        },
      },
    });
    const response = await send(server, { url: '/sera/v2/jobs/failover/job-1' });
    expectError(response, 500, /^Internal server error\.$/);
    expect(response.body).not.toMatch(/hunter2|at |\.ts/);
  });

  it('a handler that throws EyeglassJobsError answers with its status and message', async () => {
    const server = await app({
      handlers: {
        cancelFailoverJob: async () => {
          throw new EyeglassJobsError(409, 'Failover job job-1 is already finished.');
        },
      },
    });
    const response = await send(server, { method: 'DELETE', url: '/sera/v2/jobs/failover/job-1' });
    expectError(response, 409, /^Failover job job-1 is already finished\.$/);
  });

  it('a handler that returns no result answers 500', async () => {
    const server = await app({ validateResponses: false, handlers: { getFailoverJob: (() => undefined) as never } });
    expectError(await send(server, { url: '/sera/v2/jobs/failover/job-1' }), 500, /^Internal server error\.$/);
  });
});

describe('responses', () => {
  it('serializes JSON from the schema, leaving out properties the spec does not define', async () => {
    const server = await app({
      handlers: { getReadinessJob: () => ({ status: 200, body: { ...readinessJob, secret: 'x' } as never }) },
    });
    const response = await send(server, { url: '/sera/v2/jobs/readiness/r-1' });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual(readinessJob);
  });

  it('sends the log as text/plain', async () => {
    const server = await app({ handlers: { getFailoverJobLog: () => ({ status: 200, body: 'line 1\nline 2\n' }) } });
    const response = await send(server, { url: '/sera/v2/jobs/failover/job-1/log' });
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe('line 1\nline 2\n');
  });

  it('sends an error result of the default response as JSON', async () => {
    const server = await app({
      handlers: { getFailoverJobLog: () => ({ status: 503, body: { code: 503, message: 'Busy.' } }) },
    });
    const response = await send(server, { url: '/sera/v2/jobs/failover/job-1/log' });
    expectError(response, 503, /^Busy\.$/);
  });

  const broken: Array<[string, Partial<EyeglassJobsHandlers>, string, RegExp]> = [
    [
      'a body without a required property',
      { getReadinessJob: () => ({ status: 200, body: { id: 'r-1' } as never }) },
      '/sera/v2/jobs/readiness/r-1',
      /^The getReadinessJob answer breaks the spec: status 200: body must have required property 'name'\.$/,
    ],
    [
      'a value outside an enum, deep in the body',
      {
        getFailoverJob: () => ({
          status: 200,
          body: {
            ...zoneFailoverJob,
            jobStatusDetails: { ...zoneFailoverJob.jobStatusDetails, state: 'paused' as never },
          },
        }),
      },
      '/sera/v2/jobs/failover/job-1',
      /breaks the spec: status 200: body\/jobStatusDetails\/state must be equal to one of the allowed values\.$/,
    ],
    [
      'a success status only the default response covers',
      { getFailoverJob: () => ({ status: 201, body: zoneFailoverJob }) as never },
      '/sera/v2/jobs/failover/job-1',
      /breaks the spec: status 201: body must have required property 'code'\.$/,
    ],
    [
      'an Error body whose code is not an integer',
      { getFailoverJob: () => ({ status: 404, body: { code: '404', message: 'gone' } as never }) },
      '/sera/v2/jobs/failover/job-1',
      /breaks the spec: status 404: body\/code must be integer\.$/,
    ],
    [
      'a log that is not text',
      { getFailoverJobLog: () => ({ status: 200, body: ['line'] as never }) },
      '/sera/v2/jobs/failover/job-1/log',
      /getFailoverJobLog answer breaks the spec/,
    ],
  ];

  it.each(broken)(
    'response validation turns %s into a 500 naming the violation',
    async (_name, handlers, url, message) => {
      expectError(await send(await app({ handlers }), { url }), 500, message);
    },
  );

  it('without response validation, the answer goes out as the handler gave it', async () => {
    const body = { ...zoneFailoverJob, jobType: 'site_failover' as never };
    const server = await app({ validateResponses: false, handlers: { getFailoverJob: () => ({ status: 200, body }) } });
    const response = await send(server, { url: '/sera/v2/jobs/failover/job-1' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ jobType: 'site_failover' });
  });
});

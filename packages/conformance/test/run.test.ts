import { operations } from '@eyeglass-jobs/spec';
import { describe, expect, it } from 'vitest';
import { type ConformanceRequest, type ConformanceTarget, formatReport, runConformance } from '../src/index.js';

const API_KEY = 'igls-test-key';
const error = (status: number, message: string) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ code: status, message }),
});

/** A server that checks the key and refuses everything else with 404: right about auth, wrong about the rest. */
const refusesEverything: ConformanceTarget = async (request: ConformanceRequest) =>
  request.headers?.api_key === API_KEY ? error(404, 'nothing here') : error(403, 'bad key');

describe('runConformance', () => {
  it('reports a server that crashes on valid requests, with a seed that replays it', async () => {
    const crashes: ConformanceTarget = async () => error(500, 'boom');
    const report = await runConformance({
      target: crashes,
      apiKey: API_KEY,
      numRuns: 3,
      seed: 42,
      properties: ['valid'],
    });
    expect(report.failures).toHaveLength(operations.length);
    expect(report.failures[0]?.problems[0]).toMatch(/answered 500/);
    const replay = await runConformance({
      target: crashes,
      apiKey: API_KEY,
      numRuns: 3,
      seed: 42,
      properties: ['valid'],
    });
    expect(replay.failures.map((f) => [f.seed, f.request.path])).toEqual(
      report.failures.map((f) => [f.seed, f.request.path]),
    );
  });

  it('reports a server that ignores the api_key', async () => {
    const open: ConformanceTarget = async () => error(404, 'not found');
    const report = await runConformance({ target: open, apiKey: API_KEY, numRuns: 5, seed: 1, properties: ['auth'] });
    expect(report.failures.length).toBe(operations.length);
    expect(report.failures[0]?.problems).toContain('answered 404, expected one of 403');
  });

  it('passes the auth property for a server that refuses missing and wrong keys', async () => {
    const report = await runConformance({
      target: refusesEverything,
      apiKey: API_KEY,
      numRuns: 10,
      properties: ['auth'],
    });
    expect(report.failures).toEqual([]);
    expect(report.requests).toBe(10 * operations.length);
    expect(report.byStatus).toEqual({ 403: 10 * operations.length });
  });

  it('reports a server that accepts invalid input', async () => {
    const lenient: ConformanceTarget = async () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '[]',
    });
    const report = await runConformance({
      target: lenient,
      apiKey: API_KEY,
      numRuns: 20,
      seed: 7,
      properties: ['invalid'],
    });
    expect(report.failures.length).toBe(operations.length);
    expect(formatReport(report)).toMatch(new RegExp(`failures: ${operations.length}, seed: 7`));
  });

  it('sends every kind of invalid input: missing, wrong type, enum, duplicated, hostile, long and bodies', async () => {
    const strict: ConformanceTarget = async (request) => {
      if (request.path.includes('/no-such/')) return error(404, 'no operation');
      if (request.method === 'PUT' || request.method === 'PATCH') return error(405, 'method not allowed');
      return request.headers?.api_key === API_KEY ? error(400, 'invalid request') : error(403, 'bad key');
    };
    const report = await runConformance({
      target: strict,
      apiKey: API_KEY,
      numRuns: 300,
      seed: 3,
      properties: ['invalid'],
      operationIds: ['launchFailover', 'listFailoverJobs', 'cancelFailoverJob', 'getFailoverJob'],
    });
    const kinds = Object.keys(report.byKind).join('\n');
    for (const kind of [
      'missing sourceid',
      'wrong type controlled',
      'outside enum state',
      'duplicated',
      'hostile id',
      'very long failovertarget',
      'empty targetid',
      'unexpected body',
      'wrong method with a body',
      'unknown path with a body',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(report.failures).toEqual([]);
  });

  it('reports a server that reads the body before it finds no operation', async () => {
    const eager: ConformanceTarget = async (request) => {
      if (request.method === 'PUT' || request.method === 'PATCH') return error(405, 'method not allowed');
      // It parses the body first, so invalid JSON on an unknown path answers 400.
      if (request.body?.startsWith('{"unterminated"')) return error(400, 'invalid JSON');
      return request.path.includes('/no-such/') ? error(404, 'no operation') : error(400, 'invalid request');
    };
    const report = await runConformance({
      target: eager,
      apiKey: API_KEY,
      numRuns: 200,
      seed: 5,
      properties: ['invalid'],
      operationIds: ['runReadinessJob'],
    });
    expect(report.failures.map((failure) => failure.kind)).toContain('unknown path with a body');
    expect(report.failures[0]?.problems.join('\n')).toMatch(/answered 400, expected one of 404/);
  });

  it('refuses the key in every wrong place: query string, bearer token, another case, a character more or less', async () => {
    const report = await runConformance({
      target: refusesEverything,
      apiKey: API_KEY,
      numRuns: 60,
      seed: 11,
      properties: ['auth'],
      operationIds: ['listFailoverJobs'],
    });
    expect(Object.keys(report.byKind).sort()).toEqual([
      'auth: api_key as a bearer token',
      'auth: api_key in another case',
      'auth: api_key in the query string',
      'auth: api_key in the query string as API_KEY',
      'auth: api_key in the query string as api_key',
      'auth: api_key in the query string as api_key[]',
      'auth: api_key in the query string as x_api_key',
      'auth: api_key with a character less',
      'auth: api_key with a character more',
      'auth: empty api_key',
      'auth: no api_key',
      'auth: wrong api_key',
    ]);
    expect(report.failures).toEqual([]);
  });

  it('reports a server that takes the key from the query string or a bearer token', async () => {
    const lax: ConformanceTarget = async (request) => {
      const query = new URLSearchParams(request.path.split('?')[1] ?? '');
      const key = request.headers?.api_key ?? query.get('api_key') ?? request.headers?.authorization?.slice(7);
      return key === API_KEY ? error(404, 'nothing here') : error(403, 'bad key');
    };
    const report = await runConformance({
      target: lax,
      apiKey: API_KEY,
      numRuns: 60,
      seed: 11,
      properties: ['auth'],
      operationIds: ['listFailoverJobs'],
    });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]?.kind).toMatch(/^api_key (in the query string|as a bearer token)$/);
  });

  it('sends the ids of jobs it created to the operations that read them, and waits for onExchange', async () => {
    let launched = 0;
    const paths: string[] = [];
    let pendingHook = 0;
    const server: ConformanceTarget = async (request) => {
      paths.push(request.path);
      if (request.method === 'POST') {
        launched++;
        return {
          status: 201,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: `job-${launched}` }),
        };
      }
      return error(404, 'not found');
    };
    await runConformance({
      target: server,
      apiKey: API_KEY,
      numRuns: 20,
      seed: 5,
      properties: ['valid'],
      operationIds: ['launchRehearsal', 'getFailoverJobLog'],
      onExchange: async () => {
        expect(pendingHook).toBe(0);
        pendingHook++;
        await new Promise<void>((resolve) => setImmediate(resolve));
        pendingHook--;
      },
    });
    const logReads = paths.filter((path) => path.endsWith('/log'));
    expect(logReads.length).toBe(20);
    expect(logReads.filter((path) => /\/failover\/job-\d+\/log$/.test(path)).length).toBeGreaterThan(10);
  });

  it('sends parameters named like inherited properties, and reports a server they break', async () => {
    const fragile: ConformanceTarget = async (request) =>
      request.path.includes('__proto__') ? error(500, 'prototype polluted') : error(400, 'invalid request');
    const report = await runConformance({
      target: fragile,
      apiKey: API_KEY,
      numRuns: 200,
      seed: 4,
      properties: ['invalid'],
      operationIds: ['runReadinessJob'],
    });
    expect(report.byKind['invalid: undeclared parameter']).toBeGreaterThan(0);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]!.request.path).toMatch(/[?&]__proto__/);
    expect(report.failures[0]!.problems[0]).toMatch(/answered 500/);
  });

  it('sends the optional cancel body {} in some valid requests, and no body where the spec takes none', async () => {
    const bodies: Array<[string, string | undefined, string | undefined]> = [];
    const recording: ConformanceTarget = async (request) => {
      bodies.push([request.method, request.body, request.headers?.['content-type']]);
      return error(404, 'not found');
    };
    await runConformance({
      target: recording,
      apiKey: API_KEY,
      numRuns: 40,
      seed: 8,
      properties: ['valid'],
      operationIds: ['cancelFailoverJob', 'getFailoverJob'],
    });
    const cancels = bodies.filter(([method]) => method === 'DELETE');
    expect(cancels.filter(([, body]) => body === '{}').every(([, , type]) => type === 'application/json')).toBe(true);
    expect(cancels.filter(([, body]) => body === '{}').length).toBeGreaterThan(5);
    expect(cancels.filter(([, body]) => body === undefined).length).toBeGreaterThan(5);
    expect(bodies.filter(([method, body]) => method === 'GET' && body !== undefined)).toEqual([]);
  });
});

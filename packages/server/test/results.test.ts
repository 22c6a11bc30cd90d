import fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { sendResult } from '../src/results.js';
import type { RouteDefinition } from '../src/types.js';

/** A route the spec does not have: no `default` response, a 204 without content, and a JSON string. */
const route: RouteDefinition = {
  operationId: 'getFailoverJob',
  method: 'GET',
  path: '/probe',
  url: '/probe',
  schema: { response: {} },
  responses: {
    '200': { 'application/json': { type: 'string' } },
    '204': {},
    '4XX': { 'application/problem+json': { type: 'object', required: ['title'] } },
  },
};

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function answer(result: unknown, validate = true) {
  const app = fastify();
  apps.push(app);
  app.get('/probe', (request, reply) => sendResult(route, request, reply, result, validate));
  return app.inject('/probe');
}

describe('sendResult', () => {
  it('encodes a JSON string body as JSON', async () => {
    const response = await answer({ status: 200, body: 'ready' });
    expect(response.body).toBe('"ready"');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('sends a documented empty response', async () => {
    const response = await answer({ status: 204 });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
  });

  it('uses a status range and its media type', async () => {
    const response = await answer({ status: 418, body: { title: 'teapot' } });
    expect(response.statusCode).toBe(418);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it.each([
    ['an undocumented status', { status: 500, body: { code: 500, message: 'x' } }, 'status 500 is not documented'],
    ['a body on an empty response', { status: 204, body: { id: 'x' } }, 'status 204 has no body'],
    [
      'a body that breaks a range response',
      { status: 404, body: {} },
      "status 404: body must have required property 'title'",
    ],
  ])('refuses %s when validating', async (_name, result, problem) => {
    const response = await answer(result);
    expect(response.json()).toEqual({ code: 500, message: `The getFailoverJob answer breaks the spec: ${problem}.` });
  });

  it.each([
    ['undefined', undefined],
    ['a status out of range', { status: 99, body: {} }],
    ['a status that is not an integer', { status: '200', body: {} }],
  ])('answers 500 for a result that is %s', async (_name, result) => {
    const response = await answer(result, false);
    expect(response.json()).toEqual({ code: 500, message: 'Internal server error.' });
  });
});

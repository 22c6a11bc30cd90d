import { document, operations } from '@eyeglass-jobs/spec';
import { describe, expect, it } from 'vitest';
import inventory from './fixtures/inventory-operations.json' with { type: 'json' };
import seed from './fixtures/seed-operations.json' with { type: 'json' };

type Parameter = { name: string; in: string; required?: boolean; schema: { type?: string } };

function resolve<T>(node: unknown): T {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return node as T;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key.replace(/~1/g, '/')], document) as T;
}

function parametersOf(method: string, path: string): Parameter[] {
  const item = (document.paths as Record<string, Record<string, unknown>>)[path];
  const op = item?.[method.toLowerCase()] as { parameters?: unknown[] } | undefined;
  return [...((item?.parameters as unknown[]) ?? []), ...(op?.parameters ?? [])].map((p) => resolve<Parameter>(p));
}

const key = (op: { method: string; path: string }) => `${op.method} ${op.path}`;
const jobOperations = operations.filter((op) => op.path.startsWith('/v2/jobs'));

describe('the bundled spec against the vendor page', () => {
  it('has exactly the 13 operations of the vendor page under /v2/jobs', () => {
    const seedOps = seed.operations.map(key).sort();
    expect(seedOps).toHaveLength(13);
    expect(jobOperations.map(key).sort()).toEqual(seedOps);
  });

  it('has, besides them, exactly the 9 inventory operations scripts discover ids with', () => {
    const inventoryOps = inventory.operations.map(key).sort();
    expect(inventoryOps).toHaveLength(9);
    const others = operations.filter((op) => !op.path.startsWith('/v2/jobs'));
    expect(others.map(key).sort()).toEqual(inventoryOps);
    expect(new Set(others.map((op) => op.tag))).toEqual(new Set(['nodes', 'health']));
  });

  it.each(
    [...seed.operations, ...inventory.operations].flatMap((op) =>
      op.parameters.map((p) => [`${op.method} ${op.path} ${p.name}`, op, p] as const),
    ),
  )('%s is declared with its location and type', (_name, op, expected) => {
    const declared = parametersOf(op.method, op.path).find((p) => p.name === expected.name && p.in === expected.in);
    expect(declared, `${expected.in} parameter ${expected.name}`).toBeDefined();
    expect(resolve<{ type?: string }>(declared?.schema).type).toBe(expected.type);
  });

  it('declares only the optional empty body {} on the cancel and on every POST, as the vendor clients send', () => {
    const paths = document.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    const bodied = operations.filter((op) => op.method === 'POST' || op.method === 'DELETE');
    expect(bodied).toHaveLength(6);
    for (const op of bodied) {
      const declared = paths[op.path]?.[op.method.toLowerCase()]?.requestBody;
      const body = resolve<{ required: boolean; content: Record<string, { schema: unknown }> }>(declared);
      expect(body.required, op.operationId).toBe(false);
      expect(Object.keys(body.content)).toEqual(['application/json']);
      const schema = resolve<{ type: string; maxProperties: number }>(body.content['application/json']?.schema);
      expect(schema).toMatchObject({ type: 'object', maxProperties: 0 });
    }
    for (const op of operations.filter((one) => one.method === 'GET')) {
      expect(paths[op.path]?.get?.requestBody, op.operationId).toBeUndefined();
    }
  });

  it('requires the parameters the vendor requires, and leaves every parameter with a default optional', () => {
    const launch = parametersOf('POST', '/v2/jobs/failover');
    const required = launch.filter((p) => p.required).map((p) => p.name);
    expect(required.sort()).toEqual(['failovertarget', 'sourceid', 'targetid']);
    for (const p of operations.flatMap((op) => parametersOf(op.method, op.path))) {
      if ('default' in p.schema) expect(p.required ?? false, p.name).toBe(false);
    }
  });

  it('gives every operation a tag, a summary, a description and a method name', () => {
    for (const op of operations) {
      expect(['failover', 'readiness', 'replication', 'nodes', 'health']).toContain(op.tag);
      expect(op.summary.length).toBeGreaterThan(0);
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.clientMethod).toMatch(/^[a-z][A-Za-z]+$/);
    }
  });

  it('answers POSTs with 201, the log as text/plain, and a default Error everywhere', () => {
    for (const op of operations) {
      expect(op.statuses).toContain('default');
      expect(op.statuses).toContain('403');
      if (op.method === 'POST') expect(op.statuses).toContain('201');
      if (op.path.includes('{id}')) expect(op.statuses).toContain('404');
    }
    for (const path of ['/v2/jobs/failover/{id}/log', '/v1/healthcheck'] as const) {
      const answer = (document.paths[path].get.responses as Record<string, unknown>)['200'];
      expect(Object.keys((answer as { content: object }).content), path).toEqual(['text/plain']);
    }
  });

  it('secures every operation with the api_key header and serves under /sera', () => {
    expect(document.security).toEqual([{ api_key: [] }]);
    expect(document.components.securitySchemes.api_key).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'api_key',
    });
    expect(document.servers[0]?.url).toBe('https://{eyeglassHost}/sera');
  });
});

/**
 * Adding operations to the spec adds client methods with no hand edit: on a temporary copy of the
 * repository's spec and packages, one GET with a path parameter, one PUT with a required body and a
 * whole new tag are added, the real pipeline runs, and the regenerated client is called and
 * type-checked.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generators } from '../../generators/index.js';
import { projectPaths } from '../../pipeline/paths.js';
import { type PipelineResult, runPipeline } from '../../pipeline/run.js';

const repo = projectPaths().root;
const require = createRequire(import.meta.url);
let root: string;
let result: PipelineResult;

const errorResponses = `
    '400':
      $ref: ../components/responses/BadRequest.yaml
    '403':
      $ref: ../components/responses/Forbidden.yaml
    default:
      $ref: ../components/responses/UnexpectedError.yaml`;

const stepsPath = `parameters:
  - $ref: ../components/parameters/JobIdPath.yaml
get:
  operationId: getFailoverJobSteps
  x-client-method: steps
  tags: [failover]
  summary: Get the step tree of a failover job
  description: Returns the step tree of one failover job, without the rest of the job.
  responses:
    '200':
      description: The step tree.
      content:
        application/json:
          schema:
            $ref: ../components/schemas/JobStatusDetail.yaml
          example:
            id: job-1
            name: Zone failover
            state: running
            status: OK
            info: ''
            started: 1732784400000
            finished: 0
            childrenDetails: []${errorResponses}
put:
  operationId: annotateFailoverJob
  x-client-method: annotate
  tags: [failover]
  summary: Attach a note to a failover job
  description: Stores a note with the job.
  requestBody:
    required: true
    content:
      application/json:
        schema:
          type: object
          required: [note]
          properties:
            note:
              type: string
        example:
          note: Approved by the DR lead.
  responses:
    '200':
      description: The job id.
      content:
        application/json:
          schema:
            $ref: ../components/schemas/JobCreated.yaml
          example:
            id: job-1${errorResponses}
`;

const clustersPath = `get:
  operationId: listClusters
  x-client-method: list
  tags: [clusters]
  summary: List the managed clusters
  description: Returns the PowerScale clusters Eyeglass manages.
  responses:
    '200':
      description: The clusters.
      content:
        application/json:
          schema:
            type: array
            items:
              $ref: ../components/schemas/Node.yaml
          example:
            - id: production_005056b4aa4369988a664106c21f470db369
              ip: 10.20.30.40
              name: production${errorResponses}
`;

/** A program that uses the new methods; it must compile, and each marked line must not. */
const probe = `import { createEyeglassClient } from './packages/client/src/index.js';
import type { JobCreated, JobStatusDetail, Node } from '@eyeglass-jobs/types';

const eg = createEyeglassClient({ baseUrl: 'https://eyeglass.test/sera', apiKey: 'igls-k' });
export async function run(): Promise<[JobStatusDetail, JobCreated, Node[]]> {
  const steps: JobStatusDetail = await eg.failover.steps('job-1');
  const note: JobCreated = await eg.failover.annotate('job-1', { note: 'ok' }, { timeoutMs: 1000 });
  const clusters: Node[] = await eg.clusters.list();
  // @ts-expect-error the job id is required
  await eg.failover.steps();
  // @ts-expect-error the note must be a string
  await eg.failover.annotate('job-1', { note: 1 });
  return [steps, note, clusters];
}
`;

async function copyRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'eyeglass-client-pipeline-'));
  for (const item of ['openapi', 'redocly.yaml', 'tsconfig.base.json'])
    await cp(path.join(repo, item), path.join(dir, item), { recursive: true });
  for (const pkg of ['spec', 'types', 'client']) {
    for (const item of ['package.json', 'src', 'generated']) {
      const from = path.join(repo, 'packages', pkg, item);
      await cp(from, path.join(dir, 'packages', pkg, item), { recursive: true }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        },
      );
    }
  }
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  // The client resolves its workspace dependencies to the copies, so that the types are regenerated ones.
  const modules = path.join(dir, 'packages', 'client', 'node_modules');
  await mkdir(path.join(modules, '@eyeglass-jobs'), { recursive: true });
  await symlink(path.join(dir, 'packages', 'types'), path.join(modules, '@eyeglass-jobs', 'types'));
  await symlink(path.join(dir, 'packages', 'spec'), path.join(modules, '@eyeglass-jobs', 'spec'));
  await symlink(
    path.dirname(require.resolve('openapi-fetch/package.json', { paths: [path.join(repo, 'packages', 'client')] })),
    path.join(modules, 'openapi-fetch'),
  );
  return dir;
}

async function addOperations(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'openapi', 'paths', 'jobs-failover-id-steps.yaml'), stepsPath);
  await writeFile(path.join(dir, 'openapi', 'paths', 'clusters.yaml'), clustersPath);
  const rootFile = path.join(dir, 'openapi', 'openapi.yaml');
  const spec = await readFile(rootFile, 'utf8');
  await writeFile(
    rootFile,
    spec
      .replace(
        'paths:\n',
        'paths:\n  /v2/jobs/failover/{id}/steps:\n    $ref: ./paths/jobs-failover-id-steps.yaml\n  /v1/clusters:\n    $ref: ./paths/clusters.yaml\n',
      )
      .replace('tags:\n', 'tags:\n  - name: clusters\n    description: The PowerScale clusters Eyeglass manages.\n'),
  );
}

beforeAll(async () => {
  root = await copyRepo();
  await addOperations(root);
  result = await runPipeline({ paths: projectPaths(root), generators, mode: 'write' });
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('adding operations to the spec', () => {
  it('regenerates the client files and leaves the hand-written ones alone', async () => {
    const changed = result.changes
      .filter((c) => c.path.startsWith('packages/client/'))
      .map((c) => `${c.kind} ${c.path}`);
    expect(changed.sort()).toEqual([
      'added packages/client/src/generated/clusters.gen.ts',
      'changed packages/client/generated/api.md',
      'changed packages/client/src/generated/failover.gen.ts',
      'changed packages/client/src/generated/index.gen.ts',
    ]);
    for (const file of ['src/client.ts', 'src/index.ts', 'src/core/request.ts', 'src/core/types.ts']) {
      const copy = await readFile(path.join(root, 'packages', 'client', file), 'utf8');
      expect(copy).toBe(await readFile(path.join(repo, 'packages', 'client', file), 'utf8'));
    }
  });

  it('adds methods that send the new requests and return their answers', async () => {
    const entry = pathToFileURL(path.join(root, 'packages', 'client', 'src', 'index.ts')).href;
    const { createEyeglassClient } = (await import(entry)) as typeof import('@eyeglass-jobs/client');
    const sent: Array<{ method: string; url: string; body: string }> = [];
    const fetch = async (request: Request): Promise<Response> => {
      sent.push({ method: request.method, url: request.url, body: await request.text() });
      const body =
        request.method === 'PUT'
          ? { id: 'job-1' }
          : request.url.endsWith('/steps')
            ? {
                id: 'job-1',
                name: 'n',
                state: 'running',
                status: 'OK',
                info: '',
                started: 1,
                finished: 0,
                childrenDetails: [],
              }
            : request.url.endsWith('/clusters')
              ? [{ id: 'c', ip: '10.0.0.1', name: 'c' }]
              : [];
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    const eg = createEyeglassClient({
      baseUrl: 'https://eyeglass.test/sera',
      apiKey: 'igls-k',
      fetch,
    }) as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
    await expect(eg.failover!.steps!('job-1')).resolves.toMatchObject({ id: 'job-1', state: 'running' });
    await expect(eg.failover!.annotate!('job-1', { note: 'Approved.' })).resolves.toEqual({ id: 'job-1' });
    await expect(eg.clusters!.list!()).resolves.toEqual([{ id: 'c', ip: '10.0.0.1', name: 'c' }]);
    expect(typeof eg.failover!.waitFor).toBe('function');
    expect(sent).toEqual([
      { method: 'GET', url: 'https://eyeglass.test/sera/v2/jobs/failover/job-1/steps', body: '' },
      { method: 'PUT', url: 'https://eyeglass.test/sera/v2/jobs/failover/job-1/steps', body: '{"note":"Approved."}' },
      { method: 'GET', url: 'https://eyeglass.test/sera/v1/clusters', body: '' },
    ]);
  });

  it('lists the new methods and the new group in the method index', async () => {
    const index = await readFile(path.join(root, 'packages', 'client', 'generated', 'api.md'), 'utf8');
    expect(index).toContain(
      '| `eg.failover.steps(id, options?)` | `GET /v2/jobs/failover/{id}/steps` | Get the step tree of a failover job | `JobStatusDetail` | retried |',
    );
    expect(index).toContain('`eg.failover.annotate(id, body, options?)` | `PUT /v2/jobs/failover/{id}/steps`');
    expect(index).toContain('## clusters\n\nThe PowerScale clusters Eyeglass manages.');
    expect(index).toContain(
      '| `eg.clusters.list(options?)` | `GET /v1/clusters` | List the managed clusters | `Node[]` | retried |',
    );
  });

  it('types the new methods from the regenerated types', async () => {
    await writeFile(path.join(root, 'probe.ts'), probe);
    await writeFile(
      path.join(root, 'tsconfig.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true, types: [] },
        files: ['probe.ts'],
      }),
    );
    const tsc = require.resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);
});

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPaths } from '../pipeline/paths.js';
import { loadSpec } from '../pipeline/spec-loader.js';
import { diffSpecs } from '../spec-diff/diff.js';
import type { Json } from '../spec-diff/fields.js';
import { BUNDLED_SPEC, runSpecDiff } from '../spec-diff/gate.js';
import type { Rule } from '../spec-diff/rules.js';

// Edits are made on a plain copy of the bundled spec; JSON paths below are the bundle's.
type Spec = Json & {
  paths: Record<string, Record<string, Json & { parameters: Json[]; responses: Record<string, unknown> }>>;
  components: {
    schemas: Record<string, Json & { properties: Record<string, Json>; required: string[]; enum: string[] }>;
    parameters: Record<string, Json & { schema: Json & { enum: string[] } }>;
  };
};

let bundled: Spec;
beforeAll(async () => {
  bundled = (await loadSpec(projectPaths())).document as unknown as Spec;
});

interface Case {
  edit: (spec: Spec) => void;
  breaking: boolean;
  /** The rules that must fire, and the words of one finding. */
  rules: Rule[];
  says?: string;
}

const failover = (spec: Spec) => spec.paths['/v2/jobs/failover']!;

const cases: Array<[string, Case]> = [
  ['nothing changed', { edit: () => {}, breaking: false, rules: [] }],
  [
    'a description reworded',
    {
      edit: (spec) => {
        failover(spec).get!.description = 'Lists the failover jobs, newest first.';
      },
      breaking: false,
      rules: [],
    },
  ],
  [
    'a new optional query parameter',
    {
      edit: (spec) => {
        failover(spec).post!.parameters.push({
          name: 'note',
          in: 'query',
          required: false,
          schema: { type: 'string' },
        });
      },
      breaking: false,
      rules: [],
    },
  ],
  [
    'a new required query parameter',
    {
      edit: (spec) => {
        failover(spec).post!.parameters.push({
          name: 'ticket',
          in: 'query',
          required: true,
          schema: { type: 'string' },
        });
      },
      breaking: true,
      rules: ['new-required-parameter'],
      says: 'POST /v2/jobs/failover: query parameter `ticket` is new and required',
    },
  ],
  [
    'an optional parameter made required',
    {
      edit: (spec) => {
        spec.components.parameters.Controlled!.required = true;
      },
      breaking: true,
      rules: ['new-required-parameter'],
      says: 'POST /v2/jobs/failover: query parameter `controlled` is now required',
    },
  ],
  [
    'a removed parameter',
    {
      edit: (spec) => {
        const post = failover(spec).post!;
        post.parameters = post.parameters.filter((p) => p.$ref !== '#/components/parameters/Controlled');
      },
      breaking: true,
      rules: ['removed-parameter'],
      says: 'POST /v2/jobs/failover: query parameter `controlled` is removed',
    },
  ],
  [
    'a removed operation',
    {
      edit: (spec) => {
        delete spec.paths['/v2/jobs/readiness/{id}'];
      },
      breaking: true,
      rules: ['removed-operation'],
      says: 'GET /v2/jobs/readiness/{id}: the operation is removed',
    },
  ],
  [
    'a new operation',
    {
      edit: (spec) => {
        spec.paths['/v2/jobs/readiness/{id}/log'] = {
          get: {
            ...structuredClone(spec.paths['/v2/jobs/failover/{id}/log']!.get!),
            operationId: 'getReadinessJobLog',
          },
        } as Spec['paths'][string];
      },
      breaking: false,
      rules: [],
    },
  ],
  [
    'a removed response field',
    {
      edit: (spec) => {
        const job = spec.components.schemas.Job!;
        delete job.properties.jobType;
        job.required = job.required.filter((name) => name !== 'jobType');
      },
      breaking: true,
      rules: ['removed-response-field'],
      says: 'GET /v2/jobs/failover/{id}: response 200 (application/json): `jobType` is removed',
    },
  ],
  [
    'a response field that may now be absent',
    {
      edit: (spec) => {
        const job = spec.components.schemas.Job!;
        job.required = job.required.filter((name) => name !== 'finished');
      },
      breaking: true,
      rules: ['removed-response-field'],
      says: 'GET /v2/jobs/failover: response 200 (application/json): `[].finished` may now be absent',
    },
  ],
  [
    'a new optional response field',
    {
      edit: (spec) => {
        spec.components.schemas.Job!.properties.owner = { type: 'string', description: 'Who launched the job.' };
      },
      breaking: false,
      rules: [],
    },
  ],
  [
    'a narrowed request enum',
    {
      edit: (spec) => {
        spec.components.parameters.StateFilter!.schema.enum = ['all', 'running'];
      },
      breaking: true,
      rules: ['narrowed-request-enum'],
      says: 'GET /v2/jobs/failover: query parameter `state` no longer accepts `"finished"`',
    },
  ],
  [
    'a widened request enum',
    {
      edit: (spec) => {
        spec.components.parameters.StateFilter!.schema.enum = ['all', 'running', 'finished', 'pending'];
      },
      breaking: false,
      rules: [],
    },
  ],
  [
    'a new value in a response enum',
    {
      edit: (spec) => {
        spec.components.schemas.JobType!.enum.push('site_failover');
      },
      breaking: true,
      rules: ['new-response-enum-value'],
      says: 'GET /v2/jobs/failover/{id}: response 200 (application/json): `jobType` may now be `"site_failover"`, which a strict client refuses',
    },
  ],
  [
    // No answer can surprise a client, but the generated union type narrows, and a typed client's
    // `case 'dr_test':` stops compiling: api-smart-diff calls it breaking, and so does the gate.
    'a value removed from a response enum',
    {
      edit: (spec) => {
        const jobType = spec.components.schemas.JobType!;
        jobType.enum = jobType.enum.filter((value) => value !== 'policy_failover');
      },
      breaking: true,
      rules: [],
    },
  ],
  [
    'a changed success status',
    {
      edit: (spec) => {
        const responses = failover(spec).post!.responses;
        responses['200'] = responses['201'];
        delete responses['201'];
      },
      breaking: true,
      rules: ['changed-status'],
      says: 'POST /v2/jobs/failover: no longer answers 201',
    },
  ],
  [
    'a new error status',
    {
      edit: (spec) => {
        const responses = failover(spec).post!.responses;
        responses['429'] = responses['409'];
      },
      breaking: false,
      rules: [],
    },
  ],
];

describe('spec:diff verdicts', () => {
  it.each(cases)('%s', (_name, { edit, breaking, rules, says }) => {
    const after = structuredClone(bundled);
    edit(after);
    const diff = diffSpecs(bundled, after);
    expect([...new Set(diff.findings.map((finding) => finding.rule))].sort()).toEqual([...rules].sort());
    expect(diff.breaking).toBe(breaking);
    if (says) expect(diff.findings.map((finding) => `${finding.operation}: ${finding.message}`)).toContain(says);
    // Whatever our rules say, the library lists the change too, unless nothing changed.
    expect(diff.library.length > 0).toBe(_name !== 'nothing changed');
  });

  it('ignores the generated-file header of the committed bundle', () => {
    const committed = { 'x-generated': 'Generated by pnpm generate.', ...structuredClone(bundled) };
    expect(diffSpecs(committed, bundled)).toEqual({ findings: [], library: [], breaking: false });
  });
});

describe('the gate in a repository', () => {
  let root: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  const lines: string[] = [];
  const gate = async () => {
    lines.length = 0;
    return runSpecDiff({ root, log: (line) => lines.push(line) });
  };

  beforeAll(async () => {
    // A repository holding what the gate reads: the spec, its lint rules, the committed bundle,
    // the changesets configuration and the spec package; the release base is the previous commit.
    const source = projectPaths().root;
    root = await mkdtemp(path.join(tmpdir(), 'eyeglass-spec-diff-'));
    for (const entry of ['openapi', 'redocly.yaml', '.changeset/config.json', 'pnpm-workspace.yaml', 'package.json']) {
      await cp(path.join(source, entry), path.join(root, entry), { recursive: true });
    }
    for (const pkg of await readdir(path.join(source, 'packages'))) {
      const manifest = path.join(source, 'packages', pkg, 'package.json');
      if (!existsSync(manifest)) continue;
      await mkdir(path.join(root, 'packages', pkg), { recursive: true });
      await cp(manifest, path.join(root, 'packages', pkg, 'package.json'));
    }
    await cp(path.join(source, BUNDLED_SPEC), path.join(root, BUNDLED_SPEC));
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'head');
  }, 30_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('passes an unchanged spec', async () => {
    expect(await gate()).toBe(0);
    expect(lines.at(-1)).toBe('spec:diff: not breaking');
  });

  it('fails a breaking edit of the YAML without a major changeset, and passes it with one', async () => {
    const file = path.join(root, 'openapi', 'components', 'schemas', 'JobState.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(
      file,
      yaml.replace('enum: [pending, running, finished]', 'enum: [pending, running, finished, paused]'),
    );
    expect(await gate()).toBe(1);
    expect(lines.join('\n')).toContain('`jobStatusDetails.state` may now be `"paused"`, which a strict client refuses');
    expect(lines.at(-1)).toMatch(
      /^spec:diff: BREAKING, but the pending changesets give @eyeglass-jobs\/spec no release\. Add a major changeset/,
    );

    await writeFile(
      path.join(root, '.changeset', 'minor.md'),
      '---\n"@eyeglass-jobs/spec": minor\n---\n\nA paused state.\n',
    );
    expect(await gate()).toBe(1);
    expect(lines.at(-1)).toContain('give @eyeglass-jobs/spec a minor release');

    await writeFile(
      path.join(root, '.changeset', 'paused.md'),
      '---\n"@eyeglass-jobs/spec": major\n---\n\nJobs can be paused.\n',
    );
    expect(await gate()).toBe(0);
    expect(lines.at(-1)).toBe('spec:diff: breaking, and the pending changesets make the next release a major one: ok');
  }, 30_000);

  it('compares with the last release tag once there is one', async () => {
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'tag', '@eyeglass-jobs/spec@1.0.0', 'HEAD~1');
    lines.length = 0;
    await runSpecDiff({ root, log: (line) => lines.push(line) });
    expect(lines[0]).toBe(
      `spec:diff: the spec in openapi/ against ${BUNDLED_SPEC} at @eyeglass-jobs/spec@1.0.0 (the last release)`,
    );
  });
});

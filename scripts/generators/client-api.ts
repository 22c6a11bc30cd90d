/**
 * The method index of `@eyeglass-jobs/client` (`generated/api.md`, like Stainless's `api.md`):
 * every generated method by group, with its call, its HTTP request, the operation's summary, what
 * it returns and whether it is retried, and the types it exports. It comes from the same plan as
 * the methods, so it lists exactly what the client has.
 */
import type { Generator } from '../pipeline/context.js';
import { markdownHeader } from '../pipeline/header.js';
import type { JsonSchema } from '../pipeline/operations.js';
import type { OpenApiDocument } from '../pipeline/spec-loader.js';
import { groupOperations, type MethodGroup } from './client.js';
import type { MethodPlan } from './client-method.js';

export const API_INDEX = 'packages/client/generated/api.md';

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The name of a component schema a reference points at, such as `Job`. */
const refName = (schema: JsonSchema | undefined): string | undefined =>
  typeof schema?.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;

/** What a method resolves with, in the spec's model names: `Job`, `JobStatusDetail[]`, `string`. */
export function resultModel(plan: MethodPlan): string {
  const success = plan.operation.responses
    .filter((r) => /^2\d\d$/.test(r.status))
    .sort((a, b) => a.status.localeCompare(b.status))[0];
  const [media, schema] = Object.entries(success?.content ?? {})[0] ?? [];
  if (!media) return 'void';
  if (!/\bjson\b/.test(media)) return 'string';
  const named = refName(schema);
  if (named) return named;
  const items = refName(schema?.items as JsonSchema | undefined);
  return schema?.type === 'array' && items ? `${items}[]` : plan.result.alias;
}

/** How the method is called, such as `eg.failover.get(id, options?)`. */
export function callOf(group: MethodGroup, plan: MethodPlan): string {
  const args = [
    ...plan.pathArguments.map((a) => a.identifier),
    ...(plan.body ? ['body'] : []),
    ...(plan.query ? [plan.query.required ? 'query' : 'query?'] : []),
    'options?',
  ];
  return `eg.${group.property}.${plan.name}(${args.join(', ')})`;
}

function groupSection(group: MethodGroup): string[] {
  const rows = group.methods.map((plan) => {
    const op = plan.operation;
    const retried = op.idempotent ? 'retried' : 'sent once';
    return `| \`${callOf(group, plan)}\` | \`${op.method.toUpperCase()} ${op.path}\` | ${cell(op.summary || op.operationId)} | \`${resultModel(plan)}\` | ${retried} |`;
  });
  const types = group.methods.flatMap((plan) =>
    [plan.query?.alias, plan.body?.alias, plan.result.alias].filter((name): name is string => name !== undefined),
  );
  return [
    `## ${group.property}`,
    '',
    cell(group.description),
    '',
    '| method | HTTP | summary | resolves with | on failure |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Types: ${types.map((name) => `\`${name}\``).join(', ')}.`,
    '',
  ];
}

export function renderApiIndex(spec: OpenApiDocument): string {
  const groups = groupOperations(spec);
  const count = groups.reduce((sum, group) => sum + group.methods.length, 0);
  return [
    markdownHeader.trimEnd(),
    '',
    '# @eyeglass-jobs/client: methods',
    '',
    `\`createEyeglassClient(options)\` returns \`eg\`, with ${plural(count, 'method')} in ${plural(groups.length, 'group')}, one method per operation of the spec.`,
    'Every method takes `RequestOptions` last. "retried" methods are safe to repeat and retried on the',
    'statuses and failures of `retry`; "sent once" methods are not safe to repeat and never are. The types',
    "are exported by name from `@eyeglass-jobs/client`; the models (`Job`, …) are the spec's schemas.",
    'The waiters, the log follower and `eg.raw` are written by hand: see the README.',
    '',
    ...groups.flatMap(groupSection),
  ].join('\n');
}

export const clientApiGenerator: Generator = {
  name: 'client api',
  owns: ['packages/client/generated'],
  run({ spec, emit }) {
    emit(API_INDEX, renderApiIndex(spec));
  },
};

/**
 * The method layer of `@eyeglass-jobs/client`: one file per tag with a group of methods (named by
 * each operation's `x-client-method`, documented by its summary), and an index that builds every
 * group over the hand-written transport. Adding an operation to the spec adds its method here.
 */
import type { Generator } from '../pipeline/context.js';
import { basePath, listOperations, type OperationInfo } from '../pipeline/operations.js';
import type { OpenApiDocument } from '../pipeline/spec-loader.js';
import {
  constDeclaration,
  exportAllTypes,
  functionDeclaration,
  importDeclaration,
  interfaceDeclaration,
  methodSignature,
  type Parameter,
  propertySignature,
  renderModule,
  returnObject,
  typeAlias,
} from '../pipeline/ts-source.js';
import { camelCase, type MethodPlan, pascalCase, planMethod } from './client-method.js';

const OUTPUT = 'packages/client/src/generated';

export interface MethodGroup {
  tag: string;
  /** The property of the client that holds the group, such as `failover`. */
  property: string;
  /** The type and factory names' stem, such as `Failover`. */
  typeName: string;
  description: string;
  methods: MethodPlan[];
}

/** Writes a value as a TypeScript literal with single-quoted strings. */
function literal(value: unknown): string {
  if (typeof value === 'string') {
    const json = JSON.stringify(value);
    return value.includes("'") ? json : `'${json.slice(1, -1).replace(/\\"/g, '"')}'`;
  }
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${key}: ${literal(item)}`)
      .join(', ')} }`;
  }
  return String(value);
}

const docText = (text: string): string => text.replace(/\*\//g, '*\\/');

/** Groups the operations by tag, in the order of the spec's `tags`, then in order of appearance. */
export function groupOperations(spec: OpenApiDocument): MethodGroup[] {
  const operations = listOperations(spec);
  const declared = ((spec.tags ?? []) as Array<{ name: string; description?: string }>).map((t) => t.name);
  const tags = [...new Set([...declared, ...operations.map((op) => op.tag)])].filter((tag) =>
    operations.some((op) => op.tag === tag),
  );
  return tags.map((tag) => {
    const siblings = operations.filter((op) => op.tag === tag);
    const property = camelCase(tag);
    if (property === 'raw') throw new Error("the tag raw would hide the client's raw openapi-fetch client");
    const names = new Set<string>();
    for (const op of siblings) {
      if (names.has(op.clientMethod)) throw new Error(`two operations of tag ${tag} are both named ${op.clientMethod}`);
      names.add(op.clientMethod);
    }
    const info = ((spec.tags ?? []) as Array<{ name: string; description?: string }>).find((t) => t.name === tag);
    return {
      tag,
      property,
      typeName: pascalCase(tag),
      description: info?.description ?? `The ${tag} operations.`,
      methods: siblings.map((op) => planMethod(spec, op, property, siblings)),
    };
  });
}

/** A method's doc comment: its summary, method and path, and its path parameters; `unsafeNote` for one not safe to repeat. */
export function methodDocs(
  plan: MethodPlan,
  unsafeNote = 'Sent once and never retried: it is not safe to repeat.',
): string {
  const op: OperationInfo = plan.operation;
  const lines = [docText(op.summary || op.operationId), '', `\`${op.method.toUpperCase()} ${op.path}\``];
  if (!op.idempotent && unsafeNote) lines.push('', unsafeNote);
  for (const arg of plan.pathArguments) lines.push(`@param ${arg.identifier} ${docText(arg.description)}`);
  return lines.join('\n');
}

/** A method's parameters: path parameters in path order, the body, the query object, then the options. */
export function methodParameters(plan: MethodPlan): Parameter[] {
  return [
    ...plan.pathArguments.map((a) => ({ name: a.identifier, type: 'string' })),
    ...(plan.body ? [{ name: 'body', type: plan.body.alias }] : []),
    ...(plan.query ? [{ name: 'query', type: plan.query.alias, optional: !plan.query.required }] : []),
    { name: 'options', type: 'RequestOptions', optional: true },
  ];
}

/** The method signatures of an interface that lists `plans`; `unsafeNote` as for `methodDocs`. */
export function methodSignatures(plans: MethodPlan[], unsafeNote?: string): string[] {
  return plans.map((plan) =>
    methodSignature({
      name: plan.name,
      docs: methodDocs(plan, unsafeNote),
      parameters: methodParameters(plan),
      returnType: `Promise<${plan.result.alias}>`,
    }),
  );
}

/** One entry of the object a group's factory returns: `name: (args) => call,`. */
export function methodEntry(plan: MethodPlan, call: string): string {
  return `${plan.name}: (${methodParameters(plan)
    .map((p) => p.name)
    .join(', ')}) => ${call},`;
}

/** What a method hands the transport besides the operation, such as `{ path: { id } }` or `{ query }`. */
function callInput(plan: MethodPlan): string {
  const fields: string[] = [];
  if (plan.pathArguments.length > 0) {
    const path = plan.pathArguments.map((a) =>
      a.name === a.identifier ? a.name : `${literal(a.name)}: ${a.identifier}`,
    );
    fields.push(`path: { ${path.join(', ')} }`);
  }
  if (plan.query) fields.push('query');
  if (plan.body) fields.push('body');
  return fields.length > 0 ? `{ ${fields.join(', ')} }` : '{}';
}

/** The `Operation` descriptor the runtime transport reads for one method. */
function descriptorDeclaration(plan: MethodPlan): string {
  return constDeclaration({
    name: plan.operation.operationId,
    type: 'Operation',
    initializer: literal(plan.descriptor),
  });
}

/** The exported query, body and result types of one method; `what` names the method in their docs. */
export function planTypes(plan: MethodPlan, what: string): string[] {
  return [
    ...(plan.query
      ? [typeAlias({ name: plan.query.alias, type: plan.query.type, docs: `The query parameters of ${what}.` })]
      : []),
    ...(plan.body ? [typeAlias({ name: plan.body.alias, type: plan.body.type, docs: `The body of ${what}.` })] : []),
    typeAlias({ name: plan.result.alias, type: plan.result.type, docs: `The result of ${what}.` }),
  ];
}

function groupModule(group: MethodGroup): string {
  const send = (plan: MethodPlan): string =>
    `transport.send<${plan.result.alias}>(${plan.operation.operationId}, ${callInput(plan)}, options)`;
  return renderModule([
    [
      importDeclaration('@eyeglass-jobs/types', ['operations'], true),
      importDeclaration('../core/types.js', ['Operation', 'RequestOptions', 'Transport'], true),
    ],
    group.methods.flatMap((plan) => planTypes(plan, `\`${group.property}.${plan.name}\``)),
    [
      interfaceDeclaration({
        name: `${group.typeName}Methods`,
        docs: docText(group.description),
        members: methodSignatures(group.methods),
      }),
    ],
    group.methods.map(descriptorDeclaration),
    [
      functionDeclaration({
        name: `create${group.typeName}Methods`,
        docs: `Builds the ${group.property} methods over a transport.`,
        parameters: [{ name: 'transport', type: 'Transport' }],
        returnType: `${group.typeName}Methods`,
        body: returnObject(group.methods.map((plan) => methodEntry(plan, send(plan)))),
      }),
    ],
  ]);
}

function indexModule(groups: MethodGroup[], spec: OpenApiDocument): string {
  return renderModule([
    [
      importDeclaration('../core/types.js', ['Transport'], true),
      ...groups.map((group) =>
        importDeclaration(`./${group.tag}.gen.js`, [
          `create${group.typeName}Methods`,
          { name: `${group.typeName}Methods`, typeOnly: true },
        ]),
      ),
    ],
    groups.map((group) => exportAllTypes(`./${group.tag}.gen.js`)),
    [
      constDeclaration({
        exported: true,
        name: 'basePath',
        docs: "The path every operation is served under, from the spec's first server URL (`https://<host>` + basePath).",
        initializer: literal(basePath(spec)),
      }),
    ],
    [
      interfaceDeclaration({
        name: 'OperationGroups',
        docs: 'One group of methods per tag of the spec.',
        members: groups.map((g) =>
          propertySignature({ name: g.property, type: `${g.typeName}Methods`, docs: docText(g.description) }),
        ),
      }),
    ],
    [
      functionDeclaration({
        name: 'createOperationGroups',
        docs: 'Builds every group of methods over one transport.',
        parameters: [{ name: 'transport', type: 'Transport' }],
        returnType: 'OperationGroups',
        body: returnObject(groups.map((g) => `${g.property}: create${g.typeName}Methods(transport),`)),
      }),
    ],
  ]);
}

export const clientGenerator: Generator = {
  name: 'client',
  owns: [OUTPUT],
  run({ spec, emit }) {
    const groups = groupOperations(spec);
    for (const group of groups) emit(`${OUTPUT}/${group.tag}.gen.ts`, groupModule(group));
    emit(`${OUTPUT}/index.gen.ts`, indexModule(groups, spec));
  },
};

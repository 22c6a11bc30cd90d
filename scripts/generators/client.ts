/**
 * The method layer of `@eyeglass-jobs/client`: one file per tag with a group of methods (named by
 * each operation's `x-client-method`, documented by its summary), and an index that builds every
 * group over the hand-written transport. Adding an operation to the spec adds its method here.
 */
import { type SourceFile, VariableDeclarationKind } from 'ts-morph';
import type { Generator } from '../pipeline/context.js';
import { basePath, listOperations, type OperationInfo } from '../pipeline/operations.js';
import type { OpenApiDocument } from '../pipeline/spec-loader.js';
import { createTsProject, renderSourceFile } from '../pipeline/ts-source.js';
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
export function methodParameters(plan: MethodPlan): Array<{ name: string; type: string; hasQuestionToken: boolean }> {
  return [
    ...plan.pathArguments.map((a) => ({ name: a.identifier, type: 'string', hasQuestionToken: false })),
    ...(plan.body ? [{ name: 'body', type: plan.body.alias, hasQuestionToken: false }] : []),
    ...(plan.query ? [{ name: 'query', type: plan.query.alias, hasQuestionToken: !plan.query.required }] : []),
    { name: 'options', type: 'RequestOptions', hasQuestionToken: true },
  ];
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

/** The exported query, body and result types of one method; `what` names the method in their docs. */
export function addPlanTypes(file: SourceFile, plan: MethodPlan, what: string): void {
  if (plan.query) {
    file.addTypeAlias({
      isExported: true,
      name: plan.query.alias,
      type: plan.query.type,
      docs: [`The query parameters of ${what}.`],
    });
  }
  if (plan.body)
    file.addTypeAlias({
      isExported: true,
      name: plan.body.alias,
      type: plan.body.type,
      docs: [`The body of ${what}.`],
    });
  file.addTypeAlias({
    isExported: true,
    name: plan.result.alias,
    type: plan.result.type,
    docs: [`The result of ${what}.`],
  });
}

function addGroup(file: SourceFile, group: MethodGroup): void {
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '@eyeglass-jobs/types',
    namedImports: ['operations'],
  });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../core/types.js',
    namedImports: ['Operation', 'RequestOptions', 'Transport'],
  });
  for (const plan of group.methods) addPlanTypes(file, plan, `\`${group.property}.${plan.name}\``);
  file.addInterface({
    isExported: true,
    name: `${group.typeName}Methods`,
    docs: [docText(group.description)],
    methods: group.methods.map((plan) => ({
      name: plan.name,
      docs: [methodDocs(plan)],
      parameters: methodParameters(plan),
      returnType: `Promise<${plan.result.alias}>`,
    })),
  });
  for (const plan of group.methods) {
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: plan.operation.operationId, type: 'Operation', initializer: literal(plan.descriptor) }],
    });
  }
  file.addFunction({
    isExported: true,
    name: `create${group.typeName}Methods`,
    docs: [`Builds the ${group.property} methods over a transport.`],
    parameters: [{ name: 'transport', type: 'Transport' }],
    returnType: `${group.typeName}Methods`,
    statements: (writer) => {
      writer.write('return ').inlineBlock(() => {
        for (const plan of group.methods) {
          const names = methodParameters(plan).map((p) => p.name);
          const send = `transport.send<${plan.result.alias}>(${plan.operation.operationId}, ${callInput(plan)}, options)`;
          writer.writeLine(`${plan.name}: (${names.join(', ')}) => ${send},`);
        }
      });
      writer.write(';');
    },
  });
}

function addIndex(file: SourceFile, groups: MethodGroup[], spec: OpenApiDocument): void {
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: '../core/types.js', namedImports: ['Transport'] });
  for (const group of groups) {
    file.addImportDeclaration({
      moduleSpecifier: `./${group.tag}.gen.js`,
      namedImports: [`create${group.typeName}Methods`, { name: `${group.typeName}Methods`, isTypeOnly: true }],
    });
  }
  for (const group of groups) file.addExportDeclaration({ isTypeOnly: true, moduleSpecifier: `./${group.tag}.gen.js` });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The path every operation is served under, from the spec's first server URL (`https://<host>` + basePath)."],
    declarations: [{ name: 'basePath', initializer: literal(basePath(spec)) }],
  });
  file.addInterface({
    isExported: true,
    name: 'OperationGroups',
    docs: ['One group of methods per tag of the spec.'],
    properties: groups.map((g) => ({ name: g.property, type: `${g.typeName}Methods`, docs: [docText(g.description)] })),
  });
  file.addFunction({
    isExported: true,
    name: 'createOperationGroups',
    docs: ['Builds every group of methods over one transport.'],
    parameters: [{ name: 'transport', type: 'Transport' }],
    returnType: 'OperationGroups',
    statements: (writer) => {
      writer.write('return ').inlineBlock(() => {
        for (const g of groups) writer.writeLine(`${g.property}: create${g.typeName}Methods(transport),`);
      });
      writer.write(';');
    },
  });
}

export const clientGenerator: Generator = {
  name: 'client',
  owns: [OUTPUT],
  run({ spec, emit }) {
    const project = createTsProject();
    const groups = groupOperations(spec);
    for (const group of groups) {
      emit(
        `${OUTPUT}/${group.tag}.gen.ts`,
        renderSourceFile(project, `${group.tag}.gen.ts`, (file) => addGroup(file, group)),
      );
    }
    emit(
      `${OUTPUT}/index.gen.ts`,
      renderSourceFile(project, 'index.gen.ts', (file) => addIndex(file, groups, spec)),
    );
  },
};

/**
 * The typed client of the control API, in the simulator's control module: one method per
 * operation (named by its `x-client-method`, or its operationId), taking the path parameters in
 * path order, then the body, then one object of query parameters, then request options, and
 * answering the success body. The transport under it is written by hand
 * (`src/control/client-transport.ts`): plain `fetch`, the control key, typed errors, no retries.
 */
import { type SourceFile, VariableDeclarationKind } from 'ts-morph';
import type { Generator } from '../pipeline/context.js';
import { listOperations } from '../pipeline/operations.js';
import { createTsProject, renderSourceFile } from '../pipeline/ts-source.js';
import { addPlanTypes, methodDocs, methodParameters } from './client.js';
import { type MethodPlan, planMethod } from './client-method.js';
import { CONTROL_OUT } from './control-paths.js';

function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** What the transport needs to send one call: `{ operationId, method, path, result }`. */
function descriptor(plan: MethodPlan): string {
  const op = plan.operation;
  const media = (plan.descriptor.result as { media: string }).media;
  return `{ operationId: ${quoted(op.operationId)}, method: ${quoted(op.method.toUpperCase())}, path: ${quoted(op.path)}, result: ${quoted(media)} }`;
}

function call(plan: MethodPlan): string {
  const fields: string[] = [];
  if (plan.pathArguments.length > 0) {
    const path = plan.pathArguments.map((a) =>
      a.name === a.identifier ? a.name : `${quoted(a.name)}: ${a.identifier}`,
    );
    fields.push(`path: { ${path.join(', ')} }`);
  }
  if (plan.body) fields.push('body');
  if (plan.query) fields.push('query');
  const input = fields.length > 0 ? `{ ${fields.join(', ')} }` : '{}';
  return `transport.send<${plan.result.alias}>(${plan.operation.operationId}, ${input}, options)`;
}

function addClient(file: SourceFile, plans: MethodPlan[]): void {
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: './schema.gen.js', namedImports: ['operations'] });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../client-transport.js',
    namedImports: ['ControlCall', 'ControlTransport', 'RequestOptions'],
  });
  for (const plan of plans) addPlanTypes(file, plan, `\`${plan.name}\``);
  file.addInterface({
    isExported: true,
    name: 'ControlOperations',
    docs: ['Every operation of the control API.'],
    methods: plans.map((plan) => ({
      name: plan.name,
      docs: [methodDocs(plan, '')],
      parameters: methodParameters(plan),
      returnType: `Promise<${plan.result.alias}>`,
    })),
  });
  for (const plan of plans) {
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: plan.operation.operationId, type: 'ControlCall', initializer: descriptor(plan) }],
    });
  }
  file.addFunction({
    isExported: true,
    name: 'createControlOperations',
    docs: ['Builds every operation of the control API over a transport.'],
    parameters: [{ name: 'transport', type: 'ControlTransport' }],
    returnType: 'ControlOperations',
    statements: (writer) => {
      writer.write('return ').inlineBlock(() => {
        for (const plan of plans) {
          const names = methodParameters(plan).map((p) => p.name);
          writer.writeLine(`${plan.name}: (${names.join(', ')}) => ${call(plan)},`);
        }
      });
      writer.write(';');
    },
  });
}

export const controlClientGenerator: Generator = {
  name: 'control client',
  document: 'control',
  owns: [CONTROL_OUT],
  run({ spec, emit }) {
    const operations = listOperations(spec);
    const names = new Set<string>();
    const plans = operations.map((op) => {
      if (names.has(op.clientMethod)) throw new Error(`two control operations are both named ${op.clientMethod}`);
      names.add(op.clientMethod);
      return planMethod(spec, op, 'control', operations);
    });
    const project = createTsProject();
    emit(
      `${CONTROL_OUT}/client.gen.ts`,
      renderSourceFile(project, 'client.gen.ts', (file) => addClient(file, plans)),
    );
  },
};

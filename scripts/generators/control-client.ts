/**
 * The typed client of the control API, in the simulator's control module: one method per
 * operation (named by its `x-client-method`, or its operationId), taking the path parameters in
 * path order, then the body, then one object of query parameters, then request options, and
 * answering the success body. The transport under it is written by hand
 * (`src/control/client-transport.ts`): plain `fetch`, the control key, typed errors, no retries.
 */
import type { Generator } from '../pipeline/context.js';
import { listOperations } from '../pipeline/operations.js';
import {
  constDeclaration,
  functionDeclaration,
  importDeclaration,
  interfaceDeclaration,
  renderModule,
  returnObject,
} from '../pipeline/ts-source.js';
import { methodEntry, methodSignatures, planTypes } from './client.js';
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

function clientModule(plans: MethodPlan[]): string {
  return renderModule([
    [
      importDeclaration('./schema.gen.js', ['operations'], true),
      importDeclaration('../client-transport.js', ['ControlCall', 'ControlTransport', 'RequestOptions'], true),
    ],
    plans.flatMap((plan) => planTypes(plan, `\`${plan.name}\``)),
    [
      interfaceDeclaration({
        name: 'ControlOperations',
        docs: 'Every operation of the control API.',
        members: methodSignatures(plans, ''),
      }),
    ],
    plans.map((plan) =>
      constDeclaration({ name: plan.operation.operationId, type: 'ControlCall', initializer: descriptor(plan) }),
    ),
    [
      functionDeclaration({
        name: 'createControlOperations',
        docs: 'Builds every operation of the control API over a transport.',
        parameters: [{ name: 'transport', type: 'ControlTransport' }],
        returnType: 'ControlOperations',
        body: returnObject(plans.map((plan) => methodEntry(plan, call(plan)))),
      }),
    ],
  ]);
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
    emit(`${CONTROL_OUT}/client.gen.ts`, clientModule(plans));
  },
};

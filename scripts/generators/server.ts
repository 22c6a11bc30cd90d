/**
 * The generated half of the server stubs: the typed handler interface and the route table that
 * `createApiPlugin` of `@eyeglass-jobs/server` serves. The appliance's go to `@eyeglass-jobs/server`
 * itself (`eyeglassJobs`); the control API's to the simulator's control module. Everything else in
 * the server package is written by hand and never touched.
 */
import type { Generator } from '../pipeline/context.js';
import { listOperations } from '../pipeline/operations.js';
import type { SpecName } from '../pipeline/paths.js';
import { importDeclaration, interfaceDeclaration, renderModule } from '../pipeline/ts-source.js';
import { CONTROL_OUT } from './control-paths.js';
import { addOperationTypes } from './server/handler-types.js';
import { tsLiteral } from './server/literal.js';
import { COMPONENTS_ID, componentsSchema, routeEntry } from './server/route-table.js';

interface ServerTarget {
  name: string;
  document: SpecName;
  out: string;
  /** Where the component aliases are imported from. */
  modelsModule: string;
  /** Where `HandlerContext`, `RequestHeaders`, `ErrorStatus` and `RouteDefinition` come from. */
  serverTypesModule: string;
  /** The name of the handler interface. */
  handlers: string;
  /** The `$id` of the shared component schema; one per spec, so several can share a validator. */
  componentsId: string;
  /** Types for the context and the route table when the spec is not the appliance's: its OperationId. */
  operationIdType?: { name: string; module: string };
}

function serverGeneratorFor(target: ServerTarget): Generator {
  const { out, operationIdType } = target;
  const context = operationIdType ? `HandlerContext<${operationIdType.name}>` : 'HandlerContext';
  return {
    name: target.name,
    document: target.document,
    owns: [out],
    run({ spec, emit }) {
      const operations = listOperations(spec);
      const entries = operations.map((op) => routeEntry(spec, op, target.componentsId));

      const used = new Set<string>();
      const declarations: string[] = [];
      const signatures = operations.map((op, index) =>
        addOperationTypes(declarations, spec, op, entries[index]?.apiKeyHeader as string | undefined, used, context),
      );
      const handlersText = renderModule([
        [
          ...(used.size > 0 ? [importDeclaration(target.modelsModule, [...used].sort(), true)] : []),
          importDeclaration(target.serverTypesModule, ['ErrorStatus', 'HandlerContext', 'RequestHeaders'], true),
          ...(operationIdType ? [importDeclaration(operationIdType.module, [operationIdType.name], true)] : []),
        ],
        ...declarations.map((declaration) => [declaration]),
        [
          interfaceDeclaration({
            name: target.handlers,
            docs: 'One handler per operation of the spec, named by its operationId.',
            members: signatures,
          }),
        ],
      ]);
      emit(`${out}/handlers.gen.ts`, handlersText);

      const routeType = operationIdType ? `RouteDefinition<${operationIdType.name}>` : 'RouteDefinition';
      const routesText = renderModule([
        [
          importDeclaration(target.serverTypesModule, ['RouteDefinition'], true),
          ...(operationIdType ? [importDeclaration(operationIdType.module, [operationIdType.name], true)] : []),
          "/** The spec's component schemas in one schema, registered once; routes refer to it by `$id`. */",
          `export const componentSchemas = ${tsLiteral(componentsSchema(spec, target.componentsId))};`,
          '/** One route per operation, in the order of the spec, with Fastify schemas built from it. */',
          `export const routes: readonly ${routeType}[] = ${tsLiteral(entries)};`,
        ],
      ]);
      emit(`${out}/routes.gen.ts`, routesText);
    },
  };
}

export const serverGenerator: Generator = serverGeneratorFor({
  name: 'server',
  document: 'jobs',
  out: 'packages/server/src/generated',
  modelsModule: '@eyeglass-jobs/types',
  serverTypesModule: '../types.js',
  handlers: 'EyeglassJobsHandlers',
  componentsId: COMPONENTS_ID,
});

export const controlServerGenerator: Generator = serverGeneratorFor({
  name: 'control server',
  document: 'control',
  out: CONTROL_OUT,
  modelsModule: './models.gen.js',
  serverTypesModule: '@eyeglass-jobs/server',
  handlers: 'ControlHandlers',
  componentsId: 'eyeglass-sim-control',
  operationIdType: { name: 'OperationId', module: './document.gen.js' },
});

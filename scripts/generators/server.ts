/**
 * The `@eyeglass-jobs/server` package's generated half: the typed handler interface and the route
 * table of the Fastify plugin. Everything else in the package is written by hand and never touched.
 */
import type { Generator } from '../pipeline/context.js';
import { listOperations } from '../pipeline/operations.js';
import { createTsProject, renderSourceFile } from '../pipeline/ts-source.js';
import { addOperationTypes } from './server/handler-types.js';
import { tsLiteral } from './server/literal.js';
import { componentsSchema, routeEntry } from './server/route-table.js';

const OUT = 'packages/server/src/generated';

export const serverGenerator: Generator = {
  name: 'server',
  owns: [OUT],
  run({ spec, emit }) {
    const project = createTsProject();
    const operations = listOperations(spec);
    const entries = operations.map((op) => routeEntry(spec, op));

    const handlersText = renderSourceFile(project, 'handlers.gen.ts', (handlers) => {
      const used = new Set<string>();
      const signatures = operations.map((op, index) =>
        addOperationTypes(handlers, spec, op, entries[index]?.apiKeyHeader as string | undefined, used),
      );
      handlers.addInterface({
        name: 'EyeglassJobsHandlers',
        isExported: true,
        docs: ['One handler per operation of the spec, named by its operationId.'],
        properties: signatures,
      });
      handlers.insertImportDeclarations(0, [
        { isTypeOnly: true, moduleSpecifier: '@eyeglass-jobs/types', namedImports: [...used].sort() },
        {
          isTypeOnly: true,
          moduleSpecifier: '../types.js',
          namedImports: ['ErrorStatus', 'HandlerContext', 'RequestHeaders'],
        },
      ]);
    });
    emit(`${OUT}/handlers.gen.ts`, handlersText);

    const routesText = renderSourceFile(project, 'routes.gen.ts', (routes) => {
      routes.addImportDeclaration({
        isTypeOnly: true,
        moduleSpecifier: '../types.js',
        namedImports: ['RouteDefinition'],
      });
      // Written as text at the top level, where the writer keeps the literal's own indentation.
      routes.addStatements([
        "/** The spec's component schemas in one schema, registered once; routes refer to it by `$id`. */",
        `export const componentSchemas = ${tsLiteral(componentsSchema(spec))};`,
        '',
        '/** One route per operation, in the order of the spec, with Fastify schemas built from it. */',
        `export const routes: readonly RouteDefinition[] = ${tsLiteral(entries)};`,
      ]);
    });
    emit(`${OUT}/routes.gen.ts`, routesText);
  },
};

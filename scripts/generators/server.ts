/**
 * The `@eyeglass-jobs/server` package's generated half: the typed handler interface and the route
 * table of the Fastify plugin. Everything else in the package is written by hand and never touched.
 */
import { IndentationText, Project, QuoteKind, type SourceFile, VariableDeclarationKind } from 'ts-morph';
import type { Generator } from '../pipeline/context.js';
import { tsHeader } from '../pipeline/header.js';
import { listOperations } from '../pipeline/operations.js';
import { addOperationTypes } from './server/handler-types.js';
import { tsLiteral } from './server/literal.js';
import { componentsSchema, routeEntry } from './server/route-table.js';

const OUT = 'packages/server/src/generated';

function newFile(project: Project, name: string): SourceFile {
  return project.createSourceFile(name, '', { overwrite: true });
}

function print(file: SourceFile): string {
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return tsHeader + file.getFullText();
}

export const serverGenerator: Generator = {
  name: 'server',
  owns: [OUT],
  run({ spec, emit }) {
    const project = new Project({
      useInMemoryFileSystem: true,
      manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
    });
    const operations = listOperations(spec);
    const entries = operations.map((op) => routeEntry(spec, op));

    const handlers = newFile(project, 'handlers.gen.ts');
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
    emit(`${OUT}/handlers.gen.ts`, print(handlers));

    const routes = newFile(project, 'routes.gen.ts');
    routes.addImportDeclaration({
      isTypeOnly: true,
      moduleSpecifier: '../types.js',
      namedImports: ['RouteDefinition'],
    });
    routes.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["The spec's component schemas in one schema, registered once; routes refer to it by `$id`."],
      declarations: [{ name: 'componentSchemas', initializer: tsLiteral(componentsSchema(spec)) }],
    });
    routes.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['One route per operation, in the order of the spec, with Fastify schemas built from it.'],
      declarations: [{ name: 'routes', type: 'readonly RouteDefinition[]', initializer: tsLiteral(entries) }],
    });
    emit(`${OUT}/routes.gen.ts`, print(routes));
  },
};

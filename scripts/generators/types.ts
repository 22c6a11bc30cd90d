/**
 * openapi-typescript's types of a spec, plus one named alias per component schema. Parameters with
 * a default stay optional. The appliance's go to `@eyeglass-jobs/types`; the control API's to the
 * simulator's control module.
 */
import { createRequire, Module } from 'node:module';
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import { requireWithCodeCache } from '../pipeline/code-cache.js';
import type { Generator } from '../pipeline/context.js';
import { tsHeader } from '../pipeline/header.js';
import type { SpecName } from '../pipeline/paths.js';
import type { OpenApiDocument } from '../pipeline/spec-loader.js';
import { CONTROL_OUT } from './control-paths.js';

type OpenapiTypescript = typeof import('openapi-typescript');
type Transform = Pick<OpenapiTypescript, 'transformSchema' | 'astToString' | 'resolveRef' | 'scanDiscriminators'>;

/**
 * The two helpers openapi-typescript's transform takes from Redocly 1.x's `ref-utils`, as 1.34
 * writes them. Loading that module would load Redocly 1.x's utilities (YAML, glob, proxy agent,
 * logger) into the run for these few lines; its lint and bundle are never used here.
 */
const refUtils = {
  escapePointer: (fragment: string | number): string | number =>
    typeof fragment === 'number' ? fragment : fragment.replace(/~/g, '~0').replace(/\//g, '~1'),
  parseRef(ref: string): { uri: string | null; pointer: string[] } {
    const [uri = '', pointer = ''] = ref.split('#/');
    return {
      uri: (uri.endsWith('#') ? uri.slice(0, -1) : uri) || null,
      pointer: pointer
        .split('/')
        .map((part) => decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')))
        .filter(Boolean),
    };
  },
};

/** Gives `refUtils` to openapi-typescript in place of Redocly 1.x's module of the same name. */
function provideRefUtils(require: NodeJS.Require): void {
  const fromTransform = createRequire(require.resolve('openapi-typescript/dist/lib/utils.cjs'));
  const file = fromTransform.resolve('@redocly/openapi-core/lib/ref-utils.js');
  if (require.cache[file]) return;
  const module = new Module(file);
  module.filename = file;
  module.loaded = true;
  module.exports = refUtils;
  require.cache[file] = module;
}

let typescriptLoad: { save(): void } | undefined;

/**
 * openapi-typescript's transform and printer, and TypeScript under them. They are loaded through
 * require: importing its ES build makes Node scan all of TypeScript's CommonJS source for export
 * names, which costs more than generating the types.
 */
function loadTransform(): Transform {
  const require = createRequire(import.meta.url);
  provideRefUtils(require);
  const fromTransform = createRequire(require.resolve('openapi-typescript/dist/lib/ts.cjs'));
  typescriptLoad ??= requireWithCodeCache(fromTransform, 'typescript');
  return {
    transformSchema: require('openapi-typescript/dist/transform/index.cjs'),
    astToString: require('openapi-typescript/dist/lib/ts.cjs').astToString,
    ...(require('openapi-typescript/dist/lib/utils.cjs') as Pick<Transform, 'resolveRef' | 'scanDiscriminators'>),
  };
}

/**
 * openapi-typescript's transform of a document that is already linted and bundled, printed as
 * text. Its `openapiTS` would lint and bundle the document again, with its own copy of Redocly,
 * before this same transform; the context below is the one `openapiTS` builds (7.13) for these
 * options.
 */
function openapiTypes(spec: OpenApiDocument): string {
  const { transformSchema, astToString, resolveRef, scanDiscriminators } = loadTransform();
  // openapi-typescript annotates the document it is given, so it gets a copy.
  const schema = structuredClone(spec) as unknown as OpenAPI3;
  const options = { defaultNonNullable: false, alphabetize: false };
  const ctx: Omit<GlobalContext, 'redoc'> = {
    additionalProperties: false,
    alphabetize: options.alphabetize,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    silent: false,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: false }),
  };
  const types = astToString(transformSchema(schema, ctx as GlobalContext));
  // Saved once TypeScript has printed, so the cache holds the compiled code of the printer too.
  typescriptLoad?.save();
  return types;
}

function typesGeneratorFor(name: string, document: SpecName, out: string): Generator {
  return {
    name,
    document,
    owns: [out],
    worker: { warmUp: loadTransform },
    run({ spec, emit }) {
      emit(`${out}/schema.gen.ts`, tsHeader + openapiTypes(spec));

      const names = Object.keys(spec.components?.schemas ?? {});
      const aliases = names.map((schema) => `export type ${schema} = components['schemas']['${schema}'];`);
      emit(
        `${out}/models.gen.ts`,
        [tsHeader, "import type { components } from './schema.gen.js';", '', ...aliases, ''].join('\n'),
      );
    },
  };
}

export const typesGenerator: Generator = typesGeneratorFor('types', 'jobs', 'packages/types/src/generated');
export const controlTypesGenerator: Generator = typesGeneratorFor('control types', 'control', CONTROL_OUT);

/**
 * openapi-typescript's types of a spec, plus one named alias per component schema. Parameters with
 * a default stay optional. The appliance's go to `@eyeglass-jobs/types`; the control API's to the
 * simulator's control module.
 */
import { createRequire } from 'node:module';
import type { Generator } from '../pipeline/context.js';
import { tsHeader } from '../pipeline/header.js';
import type { SpecName } from '../pipeline/paths.js';
import { CONTROL_OUT } from './control-paths.js';

function typesGeneratorFor(name: string, document: SpecName, out: string): Generator {
  return {
    name,
    document,
    owns: [out],
    async run({ spec, emit }) {
      // Loaded through require: importing its ES build makes Node scan all of TypeScript's
      // CommonJS source for export names, which costs more than generating the types.
      const { default: openapiTS, astToString } = createRequire(import.meta.url)(
        'openapi-typescript',
      ) as typeof import('openapi-typescript');
      // openapi-typescript annotates the document it is given, so it gets a copy.
      const copy = structuredClone(spec);
      const ast = await openapiTS(copy as never, { defaultNonNullable: false, alphabetize: false });
      emit(`${out}/schema.gen.ts`, tsHeader + astToString(ast));

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

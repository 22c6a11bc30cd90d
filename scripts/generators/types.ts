/**
 * The `@eyeglass-jobs/types` package: openapi-typescript's types of the spec, plus one named alias
 * per component schema. Parameters with a default stay optional.
 */
import { createRequire } from 'node:module';
import type { Generator } from '../pipeline/context.js';
import { tsHeader } from '../pipeline/header.js';

export const typesGenerator: Generator = {
  name: 'types',
  owns: ['packages/types/src/generated'],
  async run({ spec, emit }) {
    // Loaded through require: importing its ES build makes Node scan all of TypeScript's
    // CommonJS source for export names, which costs more than generating the types.
    const { default: openapiTS, astToString } = createRequire(import.meta.url)(
      'openapi-typescript',
    ) as typeof import('openapi-typescript');
    // openapi-typescript annotates the document it is given, so it gets a copy.
    const copy = structuredClone(spec);
    const ast = await openapiTS(copy as never, { defaultNonNullable: false, alphabetize: false });
    emit('packages/types/src/generated/schema.gen.ts', tsHeader + astToString(ast));

    const names = Object.keys(spec.components?.schemas ?? {});
    const aliases = names.map((name) => `export type ${name} = components['schemas']['${name}'];`);
    emit(
      'packages/types/src/generated/models.gen.ts',
      [tsHeader, "import type { components } from './schema.gen.js';", '', ...aliases, ''].join('\n'),
    );
  },
};

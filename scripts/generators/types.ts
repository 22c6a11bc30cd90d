/**
 * The `@eyeglass-jobs/types` package: openapi-typescript's types of the spec, plus one named alias
 * per component schema. Parameters with a default stay optional.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import type { Generator } from '../pipeline/context.js';
import { tsHeader } from '../pipeline/header.js';

export const typesGenerator: Generator = {
  name: 'types',
  owns: ['packages/types/src/generated'],
  async run({ spec, emit }) {
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

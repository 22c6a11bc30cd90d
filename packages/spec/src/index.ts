/** The bundled spec, for packages and tests that need the one copy of it. */
import { fileURLToPath } from 'node:url';

export { basePath, document, type OperationId, operations } from './generated/document.gen.js';

/** The absolute path of the bundled spec as a JSON file, for tools such as Prism. */
export const specPath: string = fileURLToPath(new URL('../generated/openapi.json', import.meta.url));
export { createSpecValidator, type SchemaViolation, SPEC_SCHEMA_ID, type SpecValidator } from './validator.js';

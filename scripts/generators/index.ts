/** The generator modules, in the order the pipeline runs them. */
import type { Generator } from '../pipeline/context.js';
import { clientGenerator } from './client.js';
import { clientApiGenerator } from './client-api.js';
import { docsGenerator } from './docs.js';
import { serverGenerator } from './server.js';
import { specGenerator } from './spec.js';
import { typesGenerator } from './types.js';

export const generators: Generator[] = [
  docsGenerator,
  specGenerator,
  typesGenerator,
  clientGenerator,
  clientApiGenerator,
  serverGenerator,
];

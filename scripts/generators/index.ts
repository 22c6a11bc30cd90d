/** The generator modules, in the order the pipeline runs them. */
import type { Generator } from '../pipeline/context.js';
import { clientGenerator } from './client.js';
import { clientApiGenerator } from './client-api.js';
import { controlClientGenerator } from './control-client.js';
import { controlDocsGenerator } from './control-docs.js';
import { docsGenerator } from './docs.js';
import { controlServerGenerator, serverGenerator } from './server.js';
import { controlSpecGenerator, specGenerator } from './spec.js';
import { controlTypesGenerator, typesGenerator } from './types.js';

export const generators: Generator[] = [
  docsGenerator,
  controlDocsGenerator,
  specGenerator,
  typesGenerator,
  clientGenerator,
  clientApiGenerator,
  serverGenerator,
  controlSpecGenerator,
  controlTypesGenerator,
  controlClientGenerator,
  controlServerGenerator,
];

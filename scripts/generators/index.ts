/** The generator modules, in the order the pipeline runs them. */
import type { Generator } from '../pipeline/context.js';
import { clientGenerator } from './client.js';
import { docsGenerator } from './docs.js';
import { serverGenerator } from './server.js';
import { specGenerator } from './spec.js';
import { typesGenerator } from './types.js';

// The docs come last: they build on everything before them and take the longest.
export const generators: Generator[] = [specGenerator, typesGenerator, clientGenerator, serverGenerator, docsGenerator];

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

/** The generator, run in the pipeline's worker thread. */
const inWorker = (generator: Generator): Generator => ({ ...generator, worker: generator.worker ?? {} });

// The appliance's spec is bundled first, so its generators run in the worker while the main thread
// lints the control spec; the control spec's run in the main thread, beside the worker's control
// types, and both threads end about together.
export const generators: Generator[] = [
  inWorker(docsGenerator),
  controlDocsGenerator,
  inWorker(specGenerator),
  typesGenerator,
  inWorker(clientGenerator),
  inWorker(clientApiGenerator),
  inWorker(serverGenerator),
  controlSpecGenerator,
  controlTypesGenerator,
  controlClientGenerator,
  controlServerGenerator,
];

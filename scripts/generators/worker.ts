/** The entry of the pipeline's worker thread: it serves the generators that may run there. */
import { serveGenerators } from '../pipeline/worker.js';
import { generators } from './index.js';

serveGenerators(generators);

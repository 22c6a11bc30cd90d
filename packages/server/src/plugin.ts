/**
 * `eyeglassJobs`: the Fastify plugin that serves every operation of the Jobs v2 spec from the
 * generated route table and calls the application's handlers with validated, typed input.
 */
import { basePath } from '@eyeglass-jobs/spec';
import { type ApiPluginOptions, createApiPlugin } from './api-plugin.js';
import type { EyeglassJobsHandlers } from './generated/handlers.gen.js';
import { componentSchemas, routes } from './generated/routes.gen.js';

export interface EyeglassJobsOptions extends ApiPluginOptions<EyeglassJobsHandlers> {}

/**
 * Serves the Eyeglass Jobs v2 API: `app.register(eyeglassJobs, { handlers, apiKeys })`. Routes are
 * mounted under the spec's base path unless `prefix` says otherwise.
 */
export const eyeglassJobs = createApiPlugin<EyeglassJobsHandlers>({
  name: '@eyeglass-jobs/server',
  basePath,
  routes,
  componentSchemas,
});

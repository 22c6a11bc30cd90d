/** Server stubs for the Eyeglass Jobs v2 API: a typed handler interface and a validating Fastify plugin. */

export { type ApiDefinition, type ApiPluginOptions, createApiPlugin } from './api-plugin.js';
export { errorAnswer, handleClientError, handleError, handleFrameworkError } from './error-handler.js';
export { EyeglassJobsError, errorBody, errorResult } from './errors.js';
export type * from './generated/handlers.gen.js';
export { routes } from './generated/routes.gen.js';
export { type EyeglassJobsOptions, eyeglassJobs } from './plugin.js';
export {
  type ErrorRecord,
  logSerializers,
  REDACTED,
  redactCredentials,
  serializeError,
  serializeRequest,
} from './request-log.js';
export { type Authenticate, acceptApiKeys } from './security.js';
export {
  createEyeglassJobsServer,
  DEFAULT_BODY_LIMIT,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type EyeglassJobsServerOptions,
} from './server.js';
export type { ErrorStatus, HandlerContext, JsonSchema, RequestHeaders, RouteDefinition } from './types.js';

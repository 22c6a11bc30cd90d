/**
 * Serves the control API beside the appliance API: its operations under `/control` (the control
 * spec's base path), with their own key, plus the control spec at `/control/openapi.json` and its
 * reference page at `/control/docs/`.
 */
import { createApiPlugin } from '@eyeglass-jobs/server';
import type { FastifyInstance } from 'fastify';
import { serveDocsPage } from '../docs-route.js';
import type { ControlPlane } from './control-plane.js';
import { basePath, document } from './generated/document.gen.js';
import type { ControlHandlers } from './generated/handlers.gen.js';
import { componentSchemas, routes } from './generated/routes.gen.js';

/** Where the control API is served. */
export const controlBasePath = basePath;

export const controlApi = createApiPlugin<ControlHandlers>({
  name: 'eyeglass-sim-control',
  basePath,
  routes,
  componentSchemas,
});

export interface ControlRoutesOptions {
  /** The control key. */
  key: string;
  /** The page served at `/control/docs/`; none by default. */
  docsPage?: () => Promise<string>;
  validateResponses?: boolean;
}

export async function registerControlRoutes(
  app: FastifyInstance,
  plane: ControlPlane,
  options: ControlRoutesOptions,
): Promise<void> {
  await app.register(
    async (control) => {
      control.get('/openapi.json', async () => document);
      const { docsPage } = options;
      if (docsPage) serveDocsPage(control, basePath, docsPage);
      await control.register(controlApi, {
        prefix: '',
        handlers: plane.handlers(),
        apiKeys: [options.key],
        validateResponses: options.validateResponses ?? false,
      });
    },
    { prefix: basePath },
  );
}

/**
 * Answers requests under a plugin's prefix that match no route: 405 with an `Allow` header when
 * the path is an operation's path but the method is not, 404 otherwise.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';
import { routes as jobsRoutes } from './generated/routes.gen.js';
import type { RouteDefinition } from './types.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pathPattern(path: string): RegExp {
  const staticParts = path.split(/\{[^}]+\}/).map(escapeRegExp);
  return new RegExp(`^${staticParts.join('[^/]+')}$`);
}

type MethodsOf = (path: string) => string[];

/**
 * The methods a route table allows on a path (relative to the prefix), across every template it
 * matches (`/v2/jobs/failover/drtest` is also `/v2/jobs/failover/{id}`); empty when no operation has
 * that path.
 */
function methodsOf(routes: readonly RouteDefinition<string>[]): MethodsOf {
  // Each route's path as a pattern (a template variable matches one path segment), with its method.
  const patterns = routes.map((route) => ({ pattern: pathPattern(route.path), method: route.method }));
  return (path) => [...new Set(patterns.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method))];
}

/** The methods the Jobs v2 spec allows on `path`, relative to the base path. */
export const allowedMethods: MethodsOf = methodsOf(jobsRoutes);

const shown = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

export type UnmatchedAnswer = (prefix: string, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/** The not-found handler of a plugin serving `routes`. */
export function unmatchedAnswer(routes: readonly RouteDefinition<string>[]): UnmatchedAnswer {
  const allowedOn = routes === jobsRoutes ? allowedMethods : methodsOf(routes);
  return (prefix, request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = path.startsWith(prefix) ? allowedOn(path.slice(prefix.length)) : [];
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return sendError(reply, 405, `${request.method} is not allowed on ${shown(path)}; use ${allowed.join(' or ')}.`, {
        allow: allowed.join(', '),
      });
    }
    return sendError(reply, 404, `No operation matches ${request.method} ${shown(path)}.`);
  };
}

/** The Jobs v2 plugin's not-found handler. */
export const answerUnmatched: UnmatchedAnswer = unmatchedAnswer(jobsRoutes);

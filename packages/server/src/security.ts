/**
 * The `api_key` security scheme (https://spec.openapis.org/oas/v3.1.0#security-scheme-object): a
 * raw token in a request header, checked against a list of keys in constant time, or by the
 * application's own `authenticate` function.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Decides whether an api key may use the API. */
export type Authenticate = (apiKey: string, request: FastifyRequest) => boolean | Promise<boolean>;

// One-shot hashing: no Hash object per request.
const digest = (key: string): Buffer => hash('sha256', key, 'buffer');

/**
 * An `authenticate` function that accepts exactly `keys`. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, and every key is compared, so the time taken says nothing about how much of a
 * key was right or which key matched.
 */
export function acceptApiKeys(keys: readonly string[]): Authenticate {
  const digests = keys.filter((key) => key.length > 0).map(digest);
  return (apiKey) => {
    const candidate = digest(apiKey);
    let accepted = false;
    for (const known of digests) accepted = timingSafeEqual(candidate, known) || accepted;
    return accepted;
  };
}

/**
 * Combines the plugin's `apiKeys` and `authenticate` options: a key passes if either accepts it.
 * With neither, there is no way to tell a right key from a wrong one, so registration fails rather
 * than let every key in.
 */
export function authenticator(
  options: { apiKeys?: readonly string[]; authenticate?: Authenticate },
  plugin = 'eyeglassJobs',
): Authenticate {
  const checks: Authenticate[] = [];
  if (options.apiKeys) checks.push(acceptApiKeys(options.apiKeys));
  if (options.authenticate) checks.push(options.authenticate);
  if (checks.length === 0) {
    throw new TypeError(
      `${plugin} needs \`apiKeys\` or \`authenticate\` to check its api key header; pass \`authenticate: () => true\` to accept any key`,
    );
  }
  if (checks.length === 1) return checks[0]!;
  return async (apiKey, request) => {
    for (const check of checks) if (await check(apiKey, request)) return true;
    return false;
  };
}

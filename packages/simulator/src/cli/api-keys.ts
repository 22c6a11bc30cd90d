/**
 * The API keys the command line serves with: every `--api-key`, then those in
 * `EYEGLASS_SIM_API_KEYS` (comma-separated). With none, a development key is generated once,
 * kept beside the database and reused at every start.
 */
import { randomInt } from 'node:crypto';
import { besideDatabase, keptFile } from './data-files.js';

export const apiKeysVariable = 'EYEGLASS_SIM_API_KEYS';

const alphanumerics = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const keyPattern = /^igls-[A-Za-z0-9]{20,}$/;

/** A new key shaped like the appliance's tokens: `igls-` and 32 alphanumerics. */
export function generateApiKey(): string {
  return `igls-${Array.from({ length: 32 }, () => alphanumerics[randomInt(alphanumerics.length)]).join('')}`;
}

export interface ApiKeys {
  keys: string[];
  /** Set when the key is the development key: where it is kept (undefined for an in-memory database) and whether it was just made. */
  development?: { path: string | undefined; created: boolean };
}

export async function resolveApiKeys(
  flags: string[],
  environment: string | undefined,
  dbPath: string,
): Promise<ApiKeys> {
  const fromEnvironment = (environment ?? '').split(',').map((key) => key.trim());
  if (!fromEnvironment.some(Boolean) && (environment ?? '').trim() !== '') {
    throw new Error(
      `${apiKeysVariable} holds no key: give comma-separated keys, or leave it empty for the development key.`,
    );
  }
  const given = [...flags.map((key) => key.trim()), ...fromEnvironment.filter(Boolean)];
  for (const key of given) {
    if (/\s/.test(key)) throw new Error('An API key must not contain white space.');
  }
  if (given.length > 0) return { keys: [...new Set(given)] };
  const path = besideDatabase(dbPath, '.api-key');
  const kept = await keptFile(path, () => `${generateApiKey()}\n`, 'development key file');
  const key = kept.text.trim();
  if (!keyPattern.test(key))
    throw new Error(`The development key in ${path} is not an igls- key: delete the file to get a new one.`);
  return { keys: [key], development: { path, created: kept.created } };
}

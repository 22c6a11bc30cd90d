/**
 * Named appliances in a config file, so an operator can switch sites with `--profile dr-site`. The
 * file is JSON, at `--config`, `$EYEGLASS_CONFIG`, or `$XDG_CONFIG_HOME/eyeglass/config.json`
 * (`~/.config/eyeglass/config.json`):
 *
 *   { "default": "site-a",
 *     "profiles": { "site-a": { "url": "https://eyeglass-a.example.com/sera", "apiKeyFile": "~/.eyeglass/site-a.key", "ca": "site-a-ca.pem" } } }
 *
 * Relative paths are read from the file's folder; `~/` is the home folder.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { usageError } from '../exit-codes.js';

export interface Profile {
  url?: string;
  apiKeyFile?: string;
  /** The key itself. Allowed, but a key file keeps the config file shareable. */
  apiKey?: string;
  ca?: string;
  insecure?: boolean;
}

export interface ConfigFile {
  path: string;
  default?: string;
  profiles: Record<string, Profile>;
}

const profileFields: Record<keyof Profile, 'string' | 'boolean'> = {
  url: 'string',
  apiKeyFile: 'string',
  apiKey: 'string',
  ca: 'string',
  insecure: 'boolean',
};

type Env = Readonly<Record<string, string | undefined>>;

/** Where the config file is looked for, and whether it was named explicitly (then it must exist). */
export function configPath(flag: string | undefined, env: Env, cwd: string): { path: string; explicit: boolean } {
  const named = flag ?? env.EYEGLASS_CONFIG;
  if (named) return { path: resolve(cwd, expandHome(named, env)), explicit: true };
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return { path: join(base, 'eyeglass', 'config.json'), explicit: false };
}

export function expandHome(path: string, env: Env): string {
  return path === '~' || path.startsWith('~/') ? join(env.HOME || homedir(), path.slice(1)) : path;
}

function invalid(path: string, what: string): never {
  throw usageError(`the config file ${path} is not valid: ${what}.`);
}

/** Reads and checks the config file; undefined when it does not exist and was not named. */
export function loadConfig(location: { path: string; explicit: boolean }, env: Env): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(location.path, 'utf8');
  } catch (error) {
    // The default place may not exist at all, also when a folder on its way is a file (a HOME that
    // is not a folder, as in some containers); a file that was named must be there.
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !location.explicit) return undefined;
    throw usageError(
      `cannot read the config file ${location.path}: ${(error as NodeJS.ErrnoException).code ?? error}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    invalid(location.path, (error as Error).message);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    invalid(location.path, 'it must hold an object');
  const { default: fallback, profiles = {}, ...rest } = json as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey) invalid(location.path, `unknown field "${unknownKey}" (allowed: default, profiles)`);
  if (fallback !== undefined && typeof fallback !== 'string') invalid(location.path, '"default" must be a string');
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles))
    invalid(location.path, '"profiles" must be an object');
  const folder = dirname(location.path);
  const read: Record<string, Profile> = {};
  for (const [name, value] of Object.entries(profiles as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      invalid(location.path, `profile "${name}" must be an object`);
    const profile: Profile = {};
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      const type = profileFields[key as keyof Profile];
      if (!type)
        invalid(
          location.path,
          `profile "${name}" has an unknown field "${key}" (allowed: ${Object.keys(profileFields).join(', ')})`,
        );
      if (typeof field !== type) invalid(location.path, `profile "${name}": "${key}" must be a ${type}`);
      Object.assign(profile, { [key]: field });
    }
    for (const key of ['apiKeyFile', 'ca'] as const) {
      const path = profile[key];
      if (path) profile[key] = isAbsolute(expandHome(path, env)) ? expandHome(path, env) : resolve(folder, path);
    }
    read[name] = profile;
  }
  if (typeof fallback === 'string' && !read[fallback])
    invalid(location.path, `"default" names the profile "${fallback}", which it does not define`);
  return { path: location.path, profiles: read, ...(typeof fallback === 'string' && { default: fallback }) };
}

/** The profile asked for (`--profile`, `$EYEGLASS_PROFILE`), else the file's default, else none. */
export function pickProfile(
  config: ConfigFile | undefined,
  name: string | undefined,
): { name: string; profile: Profile } | undefined {
  if (name) {
    const profile = config?.profiles[name];
    if (!profile) {
      const known = Object.keys(config?.profiles ?? {});
      throw usageError(
        config
          ? `no profile "${name}" in ${config.path}${known.length ? `: it has ${known.join(', ')}` : ''}.`
          : `no profile "${name}": there is no config file (see eyeglass profiles --help).`,
      );
    }
    return { name, profile };
  }
  if (config?.default) return { name: config.default, profile: config.profiles[config.default]! };
  return undefined;
}

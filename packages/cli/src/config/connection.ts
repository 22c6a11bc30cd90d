/**
 * Which appliance a command talks to and with which key: flags first, then the environment, then
 * the profile. It builds the client, with the TLS settings asked for, and says so when a setting
 * weakens security (`--insecure`, a key sent over plain HTTP, a key file others can read).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { basePath, createEyeglassClient, type EyeglassClient } from '@eyeglass-jobs/client';
import { createNodeFetch, type NodeFetchOptions } from '@eyeglass-jobs/client/node';
import { usageError } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { Output, OutputFormat } from '../output.js';
import { configPath, expandHome, loadConfig, pickProfile } from './profiles.js';

/** The options every command takes. */
export interface GlobalOptions {
  url?: string;
  apiKeyFile?: string;
  apiKey?: string;
  ca?: string;
  insecure?: boolean;
  profile?: string;
  config?: string;
  output: OutputFormat;
  color: boolean;
  verbose?: boolean;
}

export interface Connection {
  eg: EyeglassClient;
  /** The API root, such as `https://eyeglass.example.com/sera`. */
  baseUrl: string;
  /** Ends kept-alive connections. */
  close(): void;
}

/** `https://host` and `https://host/` mean the API root `https://host/sera`; a URL without a scheme is HTTPS. */
export function normalizeUrl(given: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usageError(`the URL ${given} is not valid: give it as https://<eyeglass-host>/sera.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw usageError(`the URL ${given} must start with https:// or http://.`);
  if (url.username || url.password) throw usageError('the URL must not hold credentials: give the api key as a file.');
  if (url.search || url.hash) throw usageError(`the URL ${given} must not have a query or fragment.`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path === '' ? basePath : path;
  return url;
}

const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/;

function readKeyFile(path: string, output: Output): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read the api key file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
  try {
    const mode = statSync(path).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0)
      output.warn(
        `the api key file ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it.`,
      );
  } catch {
    // The file was just read; a failing stat only loses the warning.
  }
  const key = text.trim();
  if (!key) throw usageError(`the api key file ${path} is empty.`);
  return key;
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw usageError(`cannot read the CA certificate ${path}: ${(error as NodeJS.ErrnoException).code ?? error}.`);
  }
}

/** Resolves the appliance, key and TLS settings, and builds the client. Nothing is sent yet. */
export function connect(options: GlobalOptions, io: CliIo, output: Output): Connection {
  const { env, cwd } = io;
  const config = loadConfig(configPath(options.config, env, cwd), env);
  const picked = pickProfile(config, options.profile ?? (env.EYEGLASS_PROFILE || undefined));
  const profile = picked?.profile ?? {};
  const path = (file: string) => resolve(cwd, expandHome(file, env));

  const urlText = options.url ?? (env.EYEGLASS_URL || undefined) ?? profile.url;
  if (!urlText)
    throw usageError('no Eyeglass URL: give --url, set EYEGLASS_URL, or add a profile (eyeglass profiles --help).');
  const url = normalizeUrl(urlText);

  if (options.apiKey !== undefined && options.apiKeyFile !== undefined)
    throw usageError('give the api key once: --api-key-file or --api-key, not both.');
  let apiKey: string | undefined;
  if (options.apiKey !== undefined) apiKey = options.apiKey.trim();
  else if (options.apiKeyFile !== undefined) apiKey = readKeyFile(path(options.apiKeyFile), output);
  else if (env.EYEGLASS_API_KEY) apiKey = env.EYEGLASS_API_KEY.trim();
  else if (env.EYEGLASS_API_KEY_FILE) apiKey = readKeyFile(path(env.EYEGLASS_API_KEY_FILE), output);
  else if (profile.apiKeyFile) apiKey = readKeyFile(profile.apiKeyFile, output);
  else if (profile.apiKey) apiKey = profile.apiKey.trim();
  if (!apiKey)
    throw usageError(
      'no api key: give --api-key-file <file>, set EYEGLASS_API_KEY or EYEGLASS_API_KEY_FILE, or add a profile.',
    );
  if (/\s/.test(apiKey)) throw usageError('the api key must not contain white space.');
  output.hide(apiKey);

  const caFile = options.ca ?? (env.EYEGLASS_CA || undefined) ?? profile.ca;
  const insecure = options.insecure ?? profile.insecure ?? false;
  if (caFile && insecure) throw usageError('--ca and --insecure contradict each other: give one.');
  if (url.protocol === 'http:' && !loopback.test(url.hostname))
    output.warn(`${url.host} is reached over plain HTTP: the api key crosses the network unencrypted.`);
  if (insecure && url.protocol === 'https:')
    output.warn(
      `--insecure: the TLS certificate of ${url.host} is not checked, so anyone on the path can pose as it and read the api key. Prefer --ca <pem>.`,
    );

  let fetch: ReturnType<typeof createNodeFetch> | undefined;
  if (url.protocol === 'https:' && (caFile || insecure)) {
    // createNodeFetch hands its options to node:https; turning verification off is the CLI's
    // explicit choice (--insecure), which the client's typed options deliberately leave out.
    const tls: NodeFetchOptions & { rejectUnauthorized?: boolean } = caFile
      ? { ca: readCa(path(caFile)) }
      : { rejectUnauthorized: false };
    fetch = createNodeFetch(tls);
  }
  const baseUrl = url.href.replace(/\/$/, '');
  const eg = createEyeglassClient({
    baseUrl,
    apiKey,
    ...(fetch && { fetch }),
    ...(options.verbose && { log: (line: string) => output.write(io.stderr, `${line}\n`) }),
  });
  return { eg, baseUrl, close: () => fetch?.close() };
}

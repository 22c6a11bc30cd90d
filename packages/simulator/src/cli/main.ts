/**
 * The `eyeglass-sim` command: starts the simulator over HTTP or HTTPS, prints where it listens,
 * the API key to use and the inventory ids of a first failover, logs with pino (never a key),
 * and shuts down gracefully on SIGINT or SIGTERM.
 */
import { readDocsPage } from '@eyeglass-jobs/docs';
import { redactCredentials } from '@eyeglass-jobs/server';
import { basePath } from '@eyeglass-jobs/spec';
import { Command, InvalidArgumentError } from 'commander';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { speedRange } from '../clock.js';
import { readControlDocsPage } from '../control/docs-page.js';
import { controlBasePath } from '../control/plugin.js';
import { loadInventoryFile } from '../inventory/inventory.js';
import { createSimulator } from '../server.js';
import { apiKeysVariable, resolveApiKeys } from './api-keys.js';
import { type BannerFacts, startupBanner } from './banner.js';
import { controlKeyVariable, resolveControlKey } from './control-key.js';
import { defaultDatabasePath } from './data-files.js';
import { loadTls } from './tls.js';

interface CliOptions {
  host: string;
  port?: number;
  db: string;
  apiKey: string[];
  inventory?: string;
  speed: number;
  tls: boolean;
  cors: string[];
  control: boolean;
  controlKey?: string;
  clock: 'real' | 'manual';
}

function speed(value: string): number {
  const parsed = /^\s*[0-9.eE+-]+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= speedRange.min && parsed <= speedRange.max))
    throw new InvalidArgumentError(`must be a number from ${speedRange.min} to ${speedRange.max}.`);
  return parsed;
}

/** Decimal digits only: `Number()` would also take `0x50`, `1e3` and `80.0`. */
function port(value: string): number {
  const parsed = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= 0 && parsed <= 65_535))
    throw new InvalidArgumentError('must be a port number in decimal, 0 to 65535.');
  return parsed;
}

function apiKey(key: string, keys: string[]): string[] {
  if (key.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return [...keys, key];
}

function controlKeyOption(key: string): string {
  if (key.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return key;
}

function clockMode(value: string): 'real' | 'manual' {
  if (value !== 'real' && value !== 'manual') throw new InvalidArgumentError('must be real or manual.');
  return value;
}

export function buildProgram(): Command {
  return new Command('eyeglass-sim')
    .description('A simulator of the Superna Eyeglass Jobs v2 REST API, for testing failover automation.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (default: 8080, or 8443 with --tls)', port)
    .option('--db <path>', 'SQLite database file, or :memory:', defaultDatabasePath)
    .option(
      '--api-key <key>',
      `accepted api_key token; repeatable (also ${apiKeysVariable}, comma-separated)`,
      apiKey,
      [],
    )
    .option('--inventory <file>', 'JSON inventory of clusters, zones, policies and pools (default: built-in)')
    .option(
      '--speed <factor>',
      `how many times faster than the appliance jobs run, ${speedRange.min} to ${speedRange.max}`,
      speed,
      1,
    )
    .option('--tls', 'serve HTTPS with a self-signed certificate kept beside the database', false)
    .option(
      '--cors <origin>',
      'let browser pages from this origin call the API, as in http://localhost:5173; repeatable',
      (origin: string, origins: string[]) => [...origins, origin],
      [],
    )
    .option('--control', 'serve the control API for tests under /control (readiness, faults, time, state)', false)
    .option(
      '--control-key <key>',
      `the control API's key, in X-Control-Key; implies --control (also ${controlKeyVariable})`,
      controlKeyOption,
    )
    .option('--clock <mode>', 'real, or manual: time stands still until the control API moves it', clockMode, 'real')
    .showHelpAfterError();
}

/** How long requests in flight get at shutdown before their connections are closed. */
export const shutdownGraceMs = 5_000;

/** How long the whole shutdown may take; past it the process logs why and exits with 1. */
export const shutdownDeadlineMs = 10_000;

/**
 * Keeps the server up when whoever reads its output goes away (`eyeglass-sim | head -1`): a
 * write to a closed pipe fails (EPIPE), and from then on the stream's output is dropped.
 */
function tolerateClosedOutput(stream: NodeJS.WriteStream): void {
  stream.on('error', () => {
    stream.write = (() => true) as typeof stream.write;
  });
}

/** Runs the command; resolves once the server listens. */
export async function runSimulatorCli(
  argv: string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  tolerateClosedOutput(process.stdout);
  tolerateClosedOutput(process.stderr);
  const options = buildProgram().parse(argv).opts<CliOptions>();
  // Every key the simulator accepts is taken out of every log line, whatever record holds it.
  const secrets: string[] = [];
  const logger = pino({
    level: env.EYEGLASS_SIM_LOG_LEVEL ?? 'info',
    redact: {
      paths: ['req.headers.api_key', 'req.headers["x-control-key"]', 'req.headers.authorization', 'apiKeys', 'apiKey'],
      censor: '[redacted]',
    },
    hooks: { streamWrite: (line) => redactCredentials(line, secrets) },
  });
  let app: FastifyInstance | undefined;
  try {
    const apiKeys = await resolveApiKeys(options.apiKey, env[apiKeysVariable], options.db);
    secrets.push(...apiKeys.keys);
    const inventory = options.inventory ? loadInventoryFile(options.inventory) : undefined;
    const tls = options.tls ? await loadTls(options.db, options.host) : undefined;
    const controlOn = options.control || options.controlKey !== undefined || Boolean(env[controlKeyVariable]);
    if (options.clock === 'manual' && !controlOn) {
      throw new Error('--clock manual needs the control API (--control): nothing else can move the time.');
    }
    const controlKey = controlOn
      ? await resolveControlKey(options.controlKey, env[controlKeyVariable], options.db)
      : undefined;
    if (controlKey) secrets.push(controlKey.key);
    const created = await createSimulator({
      dbPath: options.db,
      apiKeys: apiKeys.keys,
      speed: options.speed,
      logger,
      docsPage: readDocsPage,
      cors: options.cors,
      shutdownGraceMs,
      ...(controlKey ? { control: { key: controlKey.key, clock: options.clock, docsPage: readControlDocsPage } } : {}),
      ...(inventory ? { inventory } : {}),
      ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}),
    });
    const { service } = created;
    const server = created.app;
    app = server;
    handleSignals(() => server.close(), logger);
    await server.listen({ host: options.host, port: options.port ?? (tls ? 8443 : 8080) });
    const address = server.server.address();
    const boundPort = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const origin = `${tls ? 'https' : 'http'}://${host}:${boundPort}`;
    const facts: BannerFacts = {
      url: `${origin}${basePath}`,
      ...(controlKey ? { control: { url: `${origin}${controlBasePath}`, key: controlKey, clock: options.clock } } : {}),
      dbPath: options.db,
      recovered: service.recovered.length,
      speed: options.speed,
      inventory: service.inventory,
      inventorySource: options.inventory ?? 'built-in',
      apiKeys,
      cors: options.cors,
      ...(tls ? { certPath: tls.certPath } : {}),
    };
    process.stdout.write(startupBanner(facts));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `the address is in use (${(error as Error).message})`
        : (error as Error).message;
    process.stderr.write(`eyeglass-sim: ${reason}\n`);
    process.exitCode = 1;
    // A start that failed half way stops what it started, so the process ends with its error.
    await app?.close().catch(() => {});
  }
}

/**
 * SIGINT and SIGTERM close the simulator: every phase is bounded (requests in flight get
 * `shutdownGraceMs`, the whole shutdown `shutdownDeadlineMs`), and a second signal exits at once.
 */
function handleSignals(close: () => Promise<void>, logger: pino.Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info(
      { signal, graceMs: shutdownGraceMs, deadlineMs: shutdownDeadlineMs },
      'shutting down: running jobs finish as interrupted',
    );
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs: shutdownDeadlineMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, shutdownDeadlineMs);
    close()
      .then(
        () => logger.info('stopped'),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exitCode = 1;
        },
      )
      .finally(() => {
        clearTimeout(deadline);
        // Nothing should be left to keep the process alive; should something be, it does not wait on it.
        setTimeout(() => process.exit(), 1_000).unref();
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Runs Redocly's `build-docs --inlineBundle`, which prerenders the reference with Redoc and
 * inlines Redoc's script, in a child process. See https://redocly.com/docs/cli/commands/build-docs.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cliManifest = require.resolve('@redocly/cli/package.json');
const cli = JSON.parse(readFileSync(cliManifest, 'utf8')) as { version: string; bin: Record<string, string> };

/** The version of @redocly/cli that builds the page; part of the page's build stamp. */
export const redoclyVersion: string = cli.version;

export interface BuildDocsArgs {
  /** The OpenAPI file to render. */
  spec: string;
  /** Where to write the HTML page. */
  output: string;
  /** A Handlebars page template (`{{{redocHead}}}`, `{{{redocHTML}}}`). */
  template: string;
  /** Redoc's options, as the `openapi` section of a Redocly configuration. */
  redocOptions: Record<string, unknown>;
  /** The folder the CLI runs in; no redocly.yaml there, so only these arguments count. */
  cwd: string;
  timeoutMs?: number;
}

/** Builds the page, or rejects with everything the CLI printed. */
export function buildDocsWithRedocly(args: BuildDocsArgs): Promise<void> {
  const bin = path.join(path.dirname(cliManifest), cli.bin.redocly ?? 'bin/cli.js');
  const argv = [
    bin,
    'build-docs',
    args.spec,
    '--inlineBundle',
    `--output=${args.output}`,
    `--template=${args.template}`,
    `--openapi=${JSON.stringify(args.redocOptions)}`,
  ];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      argv,
      { cwd: args.cwd, env, timeout: args.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const reason = error.killed ? `timed out after ${args.timeoutMs ?? 60_000} ms` : `exited with ${error.code}`;
        reject(new Error(`redocly build-docs ${reason}:\n${stdout}${stderr}`.trimEnd()));
      },
    );
  });
}

/**
 * The `eyeglass` command line: the global options, every command, the help (with the exit codes),
 * and `runCli`, which runs one command line and resolves with its exit code. It never calls
 * `process.exit`, so a whole run can happen inside a test.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { createAct } from './commands/command-kit.js';
import { registerDiscovery } from './commands/discovery.js';
import { registerFailover } from './commands/failover.js';
import { registerJobs } from './commands/jobs.js';
import { registerLogAndCancel } from './commands/log-cancel.js';
import { registerModes } from './commands/modes.js';
import { registerProfiles } from './commands/profiles.js';
import { registerRuns } from './commands/runs.js';
import { ExitCode, exitCodeHelp } from './exit-codes.js';
import type { CliIo } from './io.js';
import { outputFormats } from './output.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

const helpAfter = `
Connection (flags win over the environment, which wins over the profile):
  EYEGLASS_URL            the appliance's API root, https://<eyeglass-host>/sera (/sera is added to a bare host)
  EYEGLASS_API_KEY        the api key (tokens are made in the Eyeglass UI under Admin → API Tokens)
  EYEGLASS_API_KEY_FILE   a file holding the api key
  EYEGLASS_CA             a PEM file of the appliance's CA, for its self-signed certificate
  EYEGLASS_PROFILE        a profile of the config file (eyeglass profiles --help)
  NO_COLOR                set to anything: no colour

Exit codes:
${exitCodeHelp.map(([code, meaning]) => `  ${String(code).padEnd(4)}${meaning}`).join('\n')}

A DR test day:
  eyeglass nodes
  eyeglass zones production
  eyeglass readiness run --wait
  eyeglass rehearsal start finance --from production --to dr --wait
  eyeglass failover finance --from production --to dr --wait
  eyeglass log <job id>
  eyeglass failover finance --from dr --to production --wait`;

export function buildProgram(io: CliIo, done: (code: ExitCode) => void): Command {
  const act = createAct(io, done);
  const program = new Command('eyeglass')
    .description('The operator CLI for Superna Eyeglass: discover, check readiness, fail over, watch the steps live.')
    .version(version, '-V, --version')
    .option('--url <url>', 'the Eyeglass API root, such as https://eyeglass.example.com/sera (or EYEGLASS_URL)')
    .option('--api-key-file <file>', 'a file holding the api key (or EYEGLASS_API_KEY / EYEGLASS_API_KEY_FILE)')
    .option(
      '--api-key <key>',
      'the api key itself; avoid it: other users see it in the process list and it stays in your shell history, so prefer --api-key-file or EYEGLASS_API_KEY',
    )
    .option(
      '--ca <pem>',
      "trust this CA certificate (PEM) for the appliance's self-signed certificate (or EYEGLASS_CA)",
    )
    .option('--insecure', 'do not check the TLS certificate at all (warns on every run; prefer --ca)')
    .option('--profile <name>', 'use a named appliance of the config file (or EYEGLASS_PROFILE)')
    .option('--config <file>', 'the config file (default ~/.config/eyeglass/config.json, or EYEGLASS_CONFIG)')
    .addOption(
      new Option('-o, --output <format>', 'table for people; json puts only JSON on stdout, messages on stderr')
        .choices(outputFormats)
        .default('table'),
    )
    .option('--no-color', 'no colour (also NO_COLOR)')
    .option('--verbose', 'print one line per HTTP request on stderr (the key is never shown)')
    .addHelpText('after', helpAfter)
    // Set before the commands are added, so that every command inherits them.
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One line: commander's message, its suggestion if it has one, else where to look.
      outputError: (text, write) => {
        const line = text
          .replace(/^error: /, '')
          .replace(/\s+/g, ' ')
          .trim();
        write(`eyeglass: ${line}${line.includes('Did you mean') ? '' : ' (see --help)'}\n`);
      },
    });
  registerDiscovery(program, act);
  registerFailover(program, act);
  registerModes(program, act);
  registerRuns(program, act);
  registerJobs(program, act);
  registerLogAndCancel(program, act);
  registerProfiles(program, act);
  return program;
}

/** Runs one command line (without the node and script arguments) and resolves with its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.success;
  const program = buildProgram(io, (result) => {
    code = result;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.success;
      // `eyeglass` alone, or a group such as `eyeglass rehearsal`, shows its help: a usage error.
      return ExitCode.usage;
    }
    throw error;
  }
}

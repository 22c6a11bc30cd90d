/** `eyeglass profiles`: the named appliances of the config file, so an operator can see which `--profile` goes where. */
import type { Command } from 'commander';
import { configPath, loadConfig } from '../config/profiles.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable } from '../render/table.js';
import type { Act } from './command-kit.js';

export const profilesHelp = `
The config file is JSON, at --config, $EYEGLASS_CONFIG, or ~/.config/eyeglass/config.json
($XDG_CONFIG_HOME/eyeglass/config.json):

  {
    "default": "site-a",
    "profiles": {
      "site-a": { "url": "https://eyeglass-a.example.com/sera", "apiKeyFile": "~/.eyeglass/site-a.key", "ca": "site-a-ca.pem" },
      "lab":    { "url": "https://eyeglass-lab.example.com", "apiKeyFile": "lab.key", "insecure": true }
    }
  }

Fields: url, apiKeyFile (or apiKey), ca, insecure. Relative paths are read from the file's folder.
Flags and environment variables override the profile.`;

async function profiles(context: CommandContext): Promise<ExitCode> {
  const { io, output, options } = context;
  const location = configPath(options.config, io.env, io.cwd);
  const config = loadConfig(location, io.env);
  const entries = Object.entries(config?.profiles ?? {});
  output.data({ path: location.path, default: config?.default ?? null, profiles: config?.profiles ?? {} });
  if (output.json) return ExitCode.success;
  if (entries.length === 0) {
    output.say(`No profiles: ${config ? `${location.path} defines none` : `there is no ${location.path}`}.`);
    output.say('See eyeglass profiles --help for the file format.');
    return ExitCode.success;
  }
  const rows = entries.map(([name, profile]) => ({
    cells: [
      `${name}${name === config?.default ? ' (default)' : ''}`,
      profile.url ?? '',
      profile.apiKeyFile ?? (profile.apiKey ? 'in the config file' : ''),
      profile.ca ? `ca ${profile.ca}` : profile.insecure ? 'insecure' : '',
    ],
  }));
  output.say(`Profiles in ${location.path}:`);
  output.table(formatTable(['PROFILE', 'URL', 'KEY', 'TLS'], rows, output.style));
  return ExitCode.success;
}

export function registerProfiles(program: Command, act: Act): void {
  program
    .command('profiles')
    .description('list the appliances named in the config file (see --help for its format)')
    .addHelpText('after', profilesHelp)
    .action(act(profiles));
}

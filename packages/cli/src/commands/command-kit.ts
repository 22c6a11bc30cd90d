/**
 * What the command modules share: the action wrapper that gives each command its context and
 * turns what it throws into an exit code, and the options of every command that can wait.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { GlobalOptions } from '../config/connection.js';
import { CommandContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { reportFailure } from '../failure.js';
import type { CliIo } from '../io.js';
import { defaultIntervalMs, type WaitSettings } from '../jobs/waiting.js';
import { parseDuration } from '../render/duration.js';

export type Handler<A extends unknown[]> = (context: CommandContext, ...args: A) => Promise<ExitCode>;

/** Wraps a command's handler: commander passes the arguments, then the options, then the command. */
export type Act = <A extends unknown[]>(handler: Handler<A>) => (...args: unknown[]) => Promise<void>;

export function createAct(io: CliIo, done: (code: ExitCode) => void): Act {
  return <A extends unknown[]>(handler: Handler<A>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const context = new CommandContext(io, command.optsWithGlobals<GlobalOptions>());
      try {
        done(await handler(context, ...(args.slice(0, -1) as A)));
      } catch (error) {
        done(reportFailure(error, context.output));
      } finally {
        context.close();
      }
    };
}

/** A commander parser for `--timeout 10m`, `--interval 500ms`. */
export function durationOption(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0)
    throw new InvalidArgumentError('must be a duration such as 30s, 5m, 1h30m or 500ms.');
  return ms;
}

export interface WaitFlags {
  wait?: boolean;
  timeout?: number;
  interval: number;
}

/** `--timeout` and `--interval`, and `--wait` unless the command always waits. */
export function addWaitOptions(command: Command, withWaitFlag = true): Command {
  if (withWaitFlag) command.option('--wait', 'wait for the job to finish, showing its steps live');
  return command
    .addOption(
      new Option('--timeout <duration>', 'stop waiting after this long (the job goes on); exit 4').argParser(
        durationOption,
      ),
    )
    .addOption(
      new Option('--interval <duration>', 'the first pause between polls; it grows while nothing changes')
        .argParser(durationOption)
        .default(defaultIntervalMs, '2s'),
    );
}

export function waitSettings(flags: WaitFlags): WaitSettings {
  return { intervalMs: flags.interval, ...(flags.timeout !== undefined && { timeoutMs: flags.timeout }) };
}

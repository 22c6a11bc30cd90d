/**
 * The exit codes `eyeglass` documents, and `CliError`, the one error the commands throw to end
 * with a message and a code. Everything else that is thrown becomes one of these in `failure.ts`.
 */

export const ExitCode = {
  /** The command did what it was asked; a waited-on job finished with success. */
  success: 0,
  /** The job finished without success: blocked, failed or cancelled. */
  jobFailed: 1,
  /** Bad arguments, an unknown or ambiguous name or id, or a refused confirmation. Nothing was sent. */
  usage: 2,
  /** Eyeglass refused the request, could not be reached, or refused the api key. */
  api: 3,
  /** The wait ran out of time; the job goes on. */
  waitTimeout: 4,
  /** A launch or cancel got no answer: it may have happened. It is never sent again. */
  outcomeUnknown: 5,
  /** Ctrl-C stopped the wait; the job goes on (the shell's convention for SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The table `eyeglass --help` and the README show. */
export const exitCodeHelp: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.success, 'success'],
  [ExitCode.jobFailed, 'the job finished without success (blocked, failed, cancelled)'],
  [ExitCode.usage, 'usage error, unknown or ambiguous name, or a refused confirmation (nothing sent)'],
  [ExitCode.api, 'API or authentication error, or Eyeglass unreachable'],
  [ExitCode.waitTimeout, 'the wait timed out (the job goes on)'],
  [ExitCode.outcomeUnknown, 'outcome unknown: the launch or cancel may have happened'],
  [ExitCode.interrupted, 'Ctrl-C stopped the wait (the job goes on)'],
];

/** An error that ends the command: one line of message, optional lines after it, and its exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Lines printed after the message: what to do next. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A usage error: the command cannot run as given, and nothing was sent. */
export function usageError(message: string, details: readonly string[] = []): CliError {
  return new CliError(message, ExitCode.usage, details);
}

/**
 * The typed confirmation before a failover or a cancel, as Superna's own front end asks for: the
 * operator types the name of what is affected. Without a terminal to ask on, the command refuses
 * unless `--yes` was given; either way a refusal sends nothing.
 */
import { createInterface } from 'node:readline';
import { usageError } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { Output } from '../output.js';

export interface Confirmation {
  /** What the operator must type. */
  phrase: string;
  /** What is confirmed, as in "fail over" or "cancel job-…". */
  action: string;
  /** `--yes` was given. */
  yes: boolean;
}

function ask(io: CliIo, question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const reader = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
    let answered = false;
    reader.on('SIGINT', () => {
      io.stderr.write('\n');
      reader.close();
    });
    reader.on('close', () => {
      if (!answered) resolve(undefined);
    });
    reader.question(question, (answer) => {
      answered = true;
      reader.close();
      resolve(answer);
    });
  });
}

export async function confirm(io: CliIo, output: Output, confirmation: Confirmation): Promise<void> {
  if (confirmation.yes) return;
  if (io.stdin.isTTY !== true)
    throw usageError(
      `refusing to ${confirmation.action} without a terminal to confirm on: add --yes to confirm. Nothing was sent.`,
    );
  const style = output.stderrStyle;
  const answer = await ask(
    io,
    `Type ${style.paint('strong', confirmation.phrase)} to ${confirmation.action}, or press Enter to stop: `,
  );
  if (answer === undefined) throw usageError('stopped at the confirmation: nothing was sent.');
  if (answer.trim() !== confirmation.phrase)
    throw usageError(
      answer.trim() === ''
        ? 'not confirmed: nothing was sent.'
        : `the answer did not match ${confirmation.phrase}: nothing was sent.`,
    );
}

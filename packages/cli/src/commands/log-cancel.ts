/**
 * `eyeglass log <id> [--follow]`, the text log of a failover, rehearsal or DR test job, and
 * `eyeglass cancel <id>`, which asks for the same typed confirmation as a launch and is sent once.
 */
import { EyeglassApiError } from '@eyeglass-jobs/client';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { ExitCode, usageError } from '../exit-codes.js';
import { noAnswerReason } from '../failure.js';
import { confirm } from '../jobs/confirm.js';
import { findJob, track } from '../jobs/tracked-job.js';
import { waitOnJob } from '../jobs/waiting.js';
import { currentStep } from '../render/step-tree.js';
import { type Act, addWaitOptions, durationOption, type WaitFlags, waitSettings } from './command-kit.js';

/** Only the failover list's jobs have a log and can be cancelled; say so for the others. */
async function failoverJobOnly(context: CommandContext, id: string, what: string) {
  const job = await findJob(context.eg, id);
  if (job.family !== 'failover')
    throw usageError(`${job.id} is a ${job.family} job: only failover, rehearsal and DR test jobs ${what}.`, [
      `See its steps with: eyeglass job ${job.id}`,
    ]);
  return job;
}

interface LogFlags {
  follow?: boolean;
  interval: number;
}

async function log(context: CommandContext, id: string, flags: LogFlags): Promise<ExitCode> {
  const { eg, output, io } = context;
  if (!flags.follow) {
    let text: string;
    try {
      text = await eg.failover.log(id);
    } catch (error) {
      if (error instanceof EyeglassApiError && error.status === 404) await failoverJobOnly(context, id, 'have a log');
      throw error;
    }
    output.data({ id, lines: text.split('\n').filter((line) => line !== '') });
    if (!output.json) output.write(io.stdout, text);
    return ExitCode.success;
  }
  await failoverJobOnly(context, id, 'have a log');
  const controller = new AbortController();
  const release = io.onInterrupt(() => controller.abort());
  let pending = '';
  const emit = (text: string) => {
    if (!output.json) return output.write(io.stdout, text);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) output.write(io.stdout, `${JSON.stringify({ line })}\n`);
  };
  try {
    for await (const text of eg.failover.followLog(id, {
      intervalMs: flags.interval,
      maxIntervalMs: Math.max(flags.interval, 10_000),
      signal: controller.signal,
    }))
      emit(text);
    if (pending) emit('\n');
    return ExitCode.success;
  } catch (error) {
    if (controller.signal.aborted) {
      if (pending) emit('\n');
      io.stderr.write(`Stopped following the log. Job ${id} goes on in Eyeglass: eyeglass log ${id} --follow\n`);
      return ExitCode.interrupted;
    }
    throw error;
  } finally {
    release();
  }
}

interface CancelFlags extends WaitFlags {
  yes?: boolean;
}

async function cancel(context: CommandContext, id: string, flags: CancelFlags): Promise<ExitCode> {
  const { eg, output, io } = context;
  const job = await failoverJobOnly(context, id, 'can be cancelled');
  if (job.finished)
    throw usageError(`job ${id} has already finished: there is nothing to cancel.`, [
      `See it with: eyeglass job ${id}`,
    ]);
  const step = currentStep(job.tree);
  output.say(`${output.style.paint('strong', `Cancel ${job.title}`)}  ${job.id}`);
  output.say(`  ${job.tree.state}${step ? `, at ${step.join(' › ')}` : ''}`);
  output.say('  A running job finishes its current step, then stops; the steps not run end CANCELLED.');
  await confirm(io, output, { phrase: job.target || job.id, action: `cancel job ${job.id}`, yes: flags.yes === true });
  let answer: ReturnType<typeof track>;
  try {
    answer = track({ family: 'failover', job: await eg.failover.cancel(id) });
  } catch (error) {
    if ((error as { outcomeUnknown?: unknown }).outcomeUnknown !== true) throw error;
    output.error(
      `the cancel of job ${id} got no answer (${noAnswerReason(error)}): it may have been applied. It was not sent again.`,
      [`See where the job is with: eyeglass job ${id}`],
    );
    return ExitCode.outcomeUnknown;
  }
  if (!flags.wait) {
    output.data(answer.raw);
    output.say(`Cancel requested for job ${id}; it is ${answer.tree.state}. Follow it with: eyeglass wait ${id}`);
    return ExitCode.success;
  }
  output.say(`Cancel requested for job ${id}.`);
  return waitOnJob(context, 'failover', id, waitSettings(flags), 'cancelled');
}

export function registerLogAndCancel(program: Command, act: Act): void {
  program
    .command('log')
    .description('print the log of a failover, rehearsal or DR test job')
    .argument('<id>', 'the job id')
    .option('-f, --follow', 'keep printing new lines until the job is over')
    .option('--interval <duration>', 'the first pause between polls with --follow', durationOption, 2000)
    .action(act(log));
  const command = program
    .command('cancel')
    .description('cancel a running failover, rehearsal or DR test job, after a typed confirmation')
    .argument('<id>', 'the job id')
    .option('-y, --yes', 'confirm without typing (needed without a terminal)')
    .option('--wait', 'wait until the job has stopped; exit 0 once it ends cancelled');
  addWaitOptions(command, false).action(act(cancel));
}

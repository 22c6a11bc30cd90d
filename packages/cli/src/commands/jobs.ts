/**
 * Reading jobs: `eyeglass jobs` (every kind, newest first, with filters), `eyeglass job <id>` (one
 * job with its step tree) and `eyeglass wait <id>` (a job started elsewhere, or a wait that was
 * stopped).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { findJob, type JobKind, jobKinds, type TrackedJob, track } from '../jobs/tracked-job.js';
import { waitOnJob } from '../jobs/waiting.js';
import { formatElapsed, formatTime } from '../render/duration.js';
import { paintLine } from '../render/segments.js';
import { headerLine, outcome, summaryLine, treeLines } from '../render/step-tree.js';
import { statusTone } from '../render/style.js';
import { formatTable, type Row } from '../render/table.js';
import { type Act, addWaitOptions, type WaitFlags, waitSettings } from './command-kit.js';

type StateFilter = 'all' | 'running' | 'finished';

interface JobsFlags {
  state: StateFilter;
  failed?: boolean;
  kind?: JobKind[];
  type?: 'zone' | 'policy';
  limit: number;
}

function kindList(value: string): JobKind[] {
  const kinds = value.split(',').map((kind) => kind.trim().toLowerCase());
  const wrong = kinds.filter((kind) => !jobKinds.includes(kind as JobKind));
  if (wrong.length > 0)
    throw new InvalidArgumentError(`must be one or more of ${jobKinds.join(', ')} (not ${wrong.join(', ')}).`);
  return kinds as JobKind[];
}

function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number (0 lists all).');
  return parsed;
}

/** Newest first; jobs not started yet (started 0) are the newest of all. */
function newestFirst(a: TrackedJob, b: TrackedJob): number {
  return (b.started || Number.POSITIVE_INFINITY) - (a.started || Number.POSITIVE_INFINITY);
}

/** How a finished job ended, in one word; nothing while it runs. */
function resultCell(job: TrackedJob): { text: string; tone: ReturnType<typeof statusTone> } {
  if (!job.finished) return { text: '', tone: 'plain' };
  const result = outcome(job);
  return { text: result.word === 'Finished with warnings' ? 'warnings' : result.word.toLowerCase(), tone: result.tone };
}

/** The job's name, and while it runs the step under way. */
function jobCell(job: TrackedJob): string {
  return job.finished || !job.tree.info ? job.title : `${job.title}: ${job.tree.info}`;
}

async function listJobs(context: CommandContext, flags: JobsFlags): Promise<ExitCode> {
  const { eg, output } = context;
  const kinds = flags.type ? (flags.kind ?? ['failover', 'rehearsal', 'drtest']) : (flags.kind ?? jobKinds);
  const state = flags.state;
  const wants = (kind: JobKind) => kinds.includes(kind);
  const [failover, readiness, replication] = await Promise.all([
    wants('failover') || wants('rehearsal') || wants('drtest')
      ? eg.failover.list({ state, ...(flags.failed && { success: false }) })
      : [],
    wants('readiness') && !flags.type ? eg.readiness.list({ state }) : [],
    wants('replication') && !flags.type ? eg.replication.list({ state }) : [],
  ]);
  let jobs = [
    ...failover.map((job) => track({ family: 'failover', job })),
    ...readiness.map((job) => track({ family: 'readiness', job })),
    ...replication.map((job) => track({ family: 'replication', job })),
  ].filter((job) => wants(job.kind));
  if (flags.type) jobs = jobs.filter((job) => (job.raw as { jobType?: string }).jobType === `${flags.type}_failover`);
  if (flags.failed) jobs = jobs.filter((job) => !job.succeeded);
  jobs.sort(newestFirst);
  const shown = flags.limit > 0 ? jobs.slice(0, flags.limit) : jobs;
  output.data(
    shown.map((job) => ({
      id: job.id,
      kind: job.kind,
      title: job.title,
      state: job.tree.state,
      succeeded: job.succeeded,
      started: job.started,
      finished: job.ended,
      job: job.raw,
    })),
  );
  if (output.json) return ExitCode.success;
  if (shown.length === 0) {
    output.say('No jobs match.');
    return ExitCode.success;
  }
  const rows: Row[] = shown.map((job) => ({
    cells: [
      job.id,
      job.kind,
      { text: job.tree.state, tone: statusTone(job.tree.state) },
      resultCell(job),
      formatTime(job.started, { today: true }),
      job.started && job.ended ? formatElapsed(job.ended - job.started) : '',
      jobCell(job),
    ],
  }));
  output.table(formatTable(['ID', 'KIND', 'STATE', 'RESULT', 'STARTED', 'TOOK', 'JOB'], rows, output.style));
  if (shown.length < jobs.length)
    output.say(`(${jobs.length - shown.length} older jobs not shown: --limit 0 lists all)`);
  return ExitCode.success;
}

/** The job's fields and its step tree, as `eyeglass job` prints them. */
export function jobLines(context: CommandContext, job: TrackedJob): string[] {
  const { style } = context.output;
  const fields: Array<[string, string]> = [
    ['kind', job.family === 'failover' ? `${job.kind} (${(job.raw as { jobType?: string }).jobType})` : job.kind],
    ...(job.target ? [['target', job.target] as [string, string]] : []),
    ...(job.route ? [['clusters', job.route] as [string, string]] : []),
    ['state', job.tree.state],
    ['started', formatTime(job.started) || 'not yet'],
    ['finished', formatTime(job.ended) || 'not yet'],
  ];
  const lines = [paintLine(headerLine(job), style)];
  for (const [name, value] of fields) lines.push(`  ${name.padEnd(9)} ${value}`);
  lines.push('');
  for (const line of treeLines(job, { now: Date.now() })) lines.push(paintLine(line, style));
  lines.push('');
  lines.push(
    job.finished
      ? paintLine(summaryLine(job, style.color), style)
      : `Running${job.tree.info ? `: ${job.tree.info}` : '.'} Follow it with: eyeglass wait ${job.id}`,
  );
  return lines;
}

async function showJob(context: CommandContext, id: string): Promise<ExitCode> {
  const job = await findJob(context.eg, id);
  context.output.data(job.raw);
  context.output.table(jobLines(context, job));
  return ExitCode.success;
}

async function waitJob(context: CommandContext, id: string, flags: WaitFlags): Promise<ExitCode> {
  const job = await findJob(context.eg, id);
  return waitOnJob(context, job.family, job.id, waitSettings(flags));
}

export function registerJobs(program: Command, act: Act): void {
  program
    .command('jobs')
    .description('list jobs of every kind, newest first')
    .addOption(
      new Option('--state <state>', 'running (with pending), finished, or all')
        .choices(['all', 'running', 'finished'])
        .default('all'),
    )
    .option('--failed', 'only jobs that finished, or are going, without success')
    .addOption(
      new Option('--kind <kinds>', `only these kinds, comma-separated: ${jobKinds.join(', ')}`).argParser(kindList),
    )
    .addOption(
      new Option('--type <type>', 'only failover-list jobs of a zone or of policies').choices(['zone', 'policy']),
    )
    .addOption(new Option('--limit <count>', 'at most this many (0 lists all)').argParser(count).default(20))
    .action(act(listJobs));
  program
    .command('job')
    .description('show a job with its step tree')
    .argument('<id>', 'the job id')
    .action(act(showJob));
  addWaitOptions(
    program
      .command('wait')
      .description('wait on a job started elsewhere, or resume a wait that was stopped')
      .argument('<id>', 'the job id'),
    false,
  ).action(act(waitJob));
}

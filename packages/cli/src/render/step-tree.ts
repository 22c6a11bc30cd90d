/**
 * A job's step tree as lines: each step's state or status, its elapsed time and its info, the step
 * running now, and the outcome once the job is over. `eyeglass job` prints it once; the live view
 * redraws it on every change.
 */
import type { JobStatusDetail } from '@eyeglass-jobs/client';
import type { TrackedJob } from '../jobs/tracked-job.js';
import { formatElapsed } from './duration.js';
import { type Line, segment } from './segments.js';
import { statusTone, type Tone } from './style.js';

export interface StepEntry {
  step: JobStatusDetail;
  depth: number;
  /** The names of the steps above it and its own. */
  path: string[];
}

/** The steps under the job's root, depth first, in the order they run. */
export function flattenSteps(root: JobStatusDetail): StepEntry[] {
  const entries: StepEntry[] = [];
  const visit = (steps: JobStatusDetail[], depth: number, path: string[]) => {
    for (const step of steps) {
      const here = [...path, step.name];
      entries.push({ step, depth, path: here });
      visit(step.childrenDetails ?? [], depth + 1, here);
    }
  };
  visit(root.childrenDetails ?? [], 0, []);
  return entries;
}

/** `OK`, `SKIPPED` … once finished; `running` or `pending` before. */
export function stepLabel(step: JobStatusDetail): string {
  if (step.state === 'finished') return step.status || 'done';
  return step.state;
}

/** How long a step took, or has been running (by the local clock); undefined before it starts. */
export function stepElapsed(step: JobStatusDetail, now: number): number | undefined {
  if (!step.started) return undefined;
  if (step.state === 'finished') return step.finished ? step.finished - step.started : undefined;
  return Math.max(0, now - step.started);
}

/** The elapsed time worth showing: none for a step that was skipped or cancelled without running. */
export function ranFor(step: JobStatusDetail, now: number): number | undefined {
  const notRun = /^(SKIPPED|CANCELLED)$/i.test(step.status) && step.finished === step.started;
  return notRun ? undefined : stepElapsed(step, now);
}

export const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A step's mark and its tone. */
type Mark = [string, Tone];

function symbol(step: JobStatusDetail, spinner: string): Mark {
  if (step.state === 'pending') return ['·', 'muted'];
  if (step.state === 'running') return [spinner, 'active'];
  switch (step.status.toUpperCase()) {
    case 'OK':
    case 'INFO':
      return ['✔', statusTone(step.status)];
    case 'WARNING':
      return ['▲', 'warn'];
    case 'SKIPPED':
      return ['–', 'muted'];
    default:
      return ['✖', statusTone(step.status)];
  }
}

/** The deepest running step's path, such as `Final data sync › Run SyncIQ policy finance-sync`. */
export function currentStep(root: JobStatusDetail): string[] | undefined {
  let current: string[] | undefined;
  for (const entry of flattenSteps(root)) if (entry.step.state === 'running') current = entry.path;
  return current;
}

export interface TreeOptions {
  now: number;
  /** The symbol of a running step (a spinner frame in the live view). */
  spinner?: string;
  /** At most this many step lines: finished groups fold, then a window around the running step. */
  maxLines?: number;
  /** The terminal's width: long step names are cut so that the columns stay aligned. */
  width?: number;
}

/** The text padded, or cut with `…`, to exactly `width` characters. */
function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text.padEnd(width) : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

function stepLine(entry: StepEntry, nameWidth: number, options: TreeOptions): Line {
  const { step, depth } = entry;
  const [mark, markTone] = symbol(step, options.spinner ?? '▶');
  const label = stepLabel(step);
  const elapsed = ranFor(step, options.now);
  const line: Line = [
    segment(`${'  '.repeat(depth + 1)}${mark} `, markTone),
    segment(fit(step.name, nameWidth - depth * 2), step.state === 'pending' ? 'muted' : 'plain'),
    segment('  '),
    segment(label.padEnd(9), step.state === 'finished' ? statusTone(label) : statusTone(step.state)),
    segment(elapsed === undefined ? '      ' : formatElapsed(elapsed).padStart(6), 'muted'),
  ];
  if (step.info) line.push(segment(`  ${step.info}`, step.state === 'finished' ? statusTone(label) : 'muted'));
  return line;
}

/** Which steps to show in `maxLines`: all; else top-level steps with the running or failed ones open; else a window. */
function visibleEntries(entries: StepEntry[], maxLines: number | undefined): Array<StepEntry | string> {
  if (maxLines === undefined || entries.length <= maxLines) return entries;
  const open = (entry: StepEntry) =>
    entry.step.state === 'running' || /ERROR|WARNING|CANCELLED/.test(entry.step.status);
  const folded: StepEntry[] = [];
  let openDepth = -1;
  for (const entry of entries) {
    if (entry.depth === 0 || entry.depth <= openDepth + 1) folded.push(entry);
    if (entry.depth === 0) openDepth = open(entry) ? 0 : -1;
    else if (entry.depth <= openDepth + 1 && open(entry)) openDepth = entry.depth;
  }
  if (folded.length <= maxLines) return folded;
  const room = Math.max(1, maxLines - 2);
  const running = folded.findIndex((entry) => entry.step.state === 'running');
  const focus = running >= 0 ? running : folded.findLastIndex((entry) => entry.step.state === 'finished');
  const start = Math.min(Math.max(0, focus - Math.floor(room / 2)), Math.max(0, folded.length - room));
  const shown: Array<StepEntry | string> = folded.slice(start, start + room);
  if (start > 0) shown.unshift(`  … ${start} steps above`);
  const below = folded.length - (start + room);
  if (below > 0) shown.push(`  … ${below} more steps`);
  return shown;
}

/** The lines of a job's step tree. */
export function treeLines(job: TrackedJob, options: TreeOptions): Line[] {
  const entries = flattenSteps(job.tree);
  const widest = Math.max(10, ...entries.map((entry) => entry.step.name.length + entry.depth * 2));
  // On a terminal, long names give way, so that the state, elapsed time and info keep room.
  const nameWidth =
    options.width === undefined ? widest : Math.min(widest, Math.max(24, Math.floor(options.width * 0.55)));
  return visibleEntries(entries, options.maxLines).map((entry) =>
    typeof entry === 'string' ? [segment(entry, 'muted')] : stepLine(entry, nameWidth, options),
  );
}

/** The job's name and id, the header of its tree. */
export function headerLine(job: TrackedJob): Line {
  return [segment(job.title, 'strong'), segment(`  ${job.id}`, 'muted')];
}

export interface Outcome {
  tone: Tone;
  mark: string;
  /** `Succeeded`, `Failed`, `Cancelled`, `Finished with warnings`. */
  word: string;
}

/** How a finished job ended. */
export function outcome(job: TrackedJob): Outcome {
  const status = job.tree.status.toUpperCase();
  if (status === 'CANCELLED') return { tone: 'warn', mark: '✖', word: 'Cancelled' };
  if (!job.succeeded) return { tone: 'bad', mark: '✖', word: 'Failed' };
  if (status === 'WARNING') return { tone: 'warn', mark: '▲', word: 'Finished with warnings' };
  return { tone: 'good', mark: '✔', word: 'Succeeded' };
}

/** The line after a finished job: its outcome, how long it took, and the root's summary. */
export function summaryLine(job: TrackedJob, marks: boolean): Line {
  const result = outcome(job);
  const took = job.started && job.ended ? ` in ${formatElapsed(job.ended - job.started)}` : '';
  return [
    segment(`${marks ? `${result.mark} ` : ''}${result.word}${took}`, result.tone),
    segment(job.tree.info ? `: ${job.tree.info}` : '.'),
  ];
}

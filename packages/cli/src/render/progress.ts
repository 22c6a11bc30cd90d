/**
 * Progress of a job while the CLI waits on it. On a terminal the step tree redraws in place, with
 * a spinner on the running step, elapsed times that tick, and the step running now at the bottom.
 * Anywhere else (a pipe, a CI log, `TERM=dumb`) it prints one line per change, in the order the
 * changes happened.
 */

import type { OutputStream } from '../io.js';
import type { TrackedJob } from '../jobs/tracked-job.js';
import type { Output } from '../output.js';
import { formatElapsed } from './duration.js';
import { type Line, paintLine, segment } from './segments.js';
import {
  currentStep,
  flattenSteps,
  headerLine,
  ranFor,
  type StepEntry,
  spinnerFrames,
  stepLabel,
  summaryLine,
  treeLines,
} from './step-tree.js';
import { statusTone } from './style.js';

export interface ProgressView {
  /** A new state of the job. */
  update(job: TrackedJob): void;
  /** The job is over: its last state, then the summary line. */
  finish(job: TrackedJob): void;
  /** The wait stopped before the job was over; what was drawn stays on the screen. */
  stop(): void;
}

export interface ProgressOptions {
  now?: () => number;
  /** How often the live view redraws between changes (spinner and elapsed times). */
  tickMs?: number;
}

/** Whether the stream gets the redrawn view: a terminal that understands cursor movement. */
export function isLiveTerminal(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createProgressView(
  output: Output,
  env: Readonly<Record<string, string | undefined>>,
  options: ProgressOptions = {},
): ProgressView {
  const now = options.now ?? Date.now;
  return isLiveTerminal(output.messages, env)
    ? new TerminalProgress(output, now, options.tickMs ?? 250)
    : new LineProgress(output, now);
}

const ESC = '\u001b[';

class TerminalProgress implements ProgressView {
  private job: TrackedJob | undefined;
  private drawn = 0;
  private frame = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly stream: OutputStream;

  constructor(
    private readonly output: Output,
    private readonly now: () => number,
    private readonly tickMs: number,
  ) {
    this.stream = output.messages;
  }

  update(job: TrackedJob): void {
    this.job = job;
    if (!this.ticker) {
      this.output.write(this.stream, `${ESC}?25l`);
      this.ticker = setInterval(() => {
        this.frame = (this.frame + 1) % spinnerFrames.length;
        this.draw(true);
      }, this.tickMs);
    }
    this.draw(true);
  }

  finish(job: TrackedJob): void {
    this.job = job;
    this.end();
    this.output.write(this.stream, `${paintLine(summaryLine(job, true), this.output.style, this.width())}\n`);
  }

  stop(): void {
    this.end();
  }

  private end(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.draw(false);
    this.output.write(this.stream, `${ESC}?25h`);
  }

  private width(): number {
    return Math.max(20, (this.stream.columns ?? 80) - 1);
  }

  private footer(job: TrackedJob): Line {
    const spinner = spinnerFrames[this.frame]!;
    const current = currentStep(job.tree);
    const elapsed = job.started ? `  ${formatElapsed(this.now() - job.started)}` : '';
    const doing = current
      ? current.join(' › ')
      : job.tree.state === 'pending'
        ? `pending${job.tree.info ? `: ${job.tree.info}` : ''}`
        : job.tree.info || job.tree.state;
    return [segment(`${spinner} `, 'active'), segment(doing), segment(elapsed, 'muted')];
  }

  private draw(live: boolean): void {
    const job = this.job;
    if (!job) return;
    const rows = this.stream.rows ?? 24;
    const lines: Line[] = [
      headerLine(job),
      ...treeLines(job, {
        now: this.now(),
        ...(live && { spinner: spinnerFrames[this.frame]! }),
        maxLines: Math.max(3, rows - 5),
        width: this.width(),
      }),
      ...(live && !job.finished
        ? [this.footer(job), [segment('Ctrl-C stops waiting; the job goes on.', 'muted')]]
        : []),
    ];
    // Lines are cut to the width: one that wrapped would throw the next redraw off. The whole
    // text of each step is in `eyeglass job <id>` and the log.
    const width = this.width();
    const text = lines.map((line) => `${paintLine(line, this.output.style, width)}\n`).join('');
    const back = this.drawn > 0 ? `${ESC}${this.drawn}A\r` : '';
    // Synchronized output (mode 2026): terminals that know it show the frame whole, others ignore it.
    this.output.write(this.stream, `${ESC}?2026h${back}${ESC}J${text}${ESC}?2026l`);
    this.drawn = lines.length;
  }
}

/** Each step's place in the order steps end: children before their parent (post-order). */
function endOrder(entries: readonly StepEntry[]): number[] {
  const order = new Array<number>(entries.length);
  const open: number[] = [];
  let next = 0;
  entries.forEach((entry, index) => {
    while (open.length > 0 && entries[open.at(-1)!]!.depth >= entry.depth) order[open.pop()!] = next++;
    open.push(index);
  });
  while (open.length > 0) order[open.pop()!] = next++;
  return order;
}

class LineProgress implements ProgressView {
  private readonly seen = new Map<string, string>();
  private started = false;
  private queued = '';

  constructor(
    private readonly output: Output,
    private readonly now: () => number,
  ) {}

  private say(line: Line): void {
    this.output.say(paintLine(line, this.output.style));
  }

  update(job: TrackedJob): void {
    if (!this.started) {
      this.started = true;
      this.say([segment(`Job ${job.id}: `), segment(job.title, 'strong')]);
    }
    if (job.tree.state === 'pending' && job.tree.info && job.tree.info !== this.queued) {
      this.queued = job.tree.info;
      this.say([segment('  pending: ', 'muted'), segment(job.tree.info)]);
    }
    const entries = flattenSteps(job.tree);
    const ends = endOrder(entries);
    const changes: Array<{ at: number; finished: boolean; order: number; line: Line }> = [];
    entries.forEach((entry, index) => {
      const { step } = entry;
      if (step.state === 'pending') return;
      const signature = `${step.state}|${step.status}|${step.info}`;
      if (this.seen.get(step.id) === signature) return;
      this.seen.set(step.id, signature);
      const label = stepLabel(step);
      const finished = step.state === 'finished';
      const elapsed = finished ? ranFor(step, this.now()) : undefined;
      const line: Line = [
        segment(`  ${entry.path.join(' › ')}: `),
        segment(label, statusTone(finished ? label : step.state)),
      ];
      if (elapsed !== undefined) line.push(segment(` in ${formatElapsed(elapsed)}`, 'muted'));
      if (step.info) line.push(segment(` - ${step.info}`));
      const at = (finished ? step.finished : step.started) || 0;
      changes.push({ at, finished, order: finished ? ends[index]! : index, line });
    });
    // At the same moment, steps end before the next ones start, and children end before their parents.
    changes.sort((a, b) => a.at - b.at || Number(b.finished) - Number(a.finished) || a.order - b.order);
    for (const change of changes) this.say(change.line);
  }

  finish(job: TrackedJob): void {
    this.update(job);
    this.say(summaryLine(job, false));
  }

  stop(): void {}
}

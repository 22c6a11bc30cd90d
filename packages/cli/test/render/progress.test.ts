/**
 * The live view and the line view of a job's progress, on streams that act as a terminal or not:
 * redraw in place, fitting the terminal, colour and NO_COLOR, and the order of changes in a log.
 */
import type { Job, JobStatusDetail } from '@eyeglass-jobs/client';
import { describe, expect, test } from 'vitest';
import type { CliIo, OutputStream } from '../../src/io.js';
import { track } from '../../src/jobs/tracked-job.js';
import { Output } from '../../src/output.js';
import { createProgressView } from '../../src/render/progress.js';
import { stripAnsi } from '../../src/render/style.js';

type State = JobStatusDetail['state'];

function step(
  id: string,
  name: string,
  state: State,
  status = '',
  times: [number, number] = [0, 0],
  children: JobStatusDetail[] = [],
): JobStatusDetail {
  return { id, name, state, status, info: '', started: times[0], finished: times[1], childrenDetails: children };
}

function job(root: JobStatusDetail, success = true): ReturnType<typeof track> {
  const node = { id: 'n', ip: '', name: 'production' };
  const raw: Job = {
    id: 'job-1',
    name: 'Zone failover finance (production → dr)',
    jobType: 'zone_failover',
    started: root.started,
    finished: root.finished,
    success,
    sourceNode: node,
    targetNode: { ...node, name: 'dr' },
    failoverTarget: {
      zone: { id: 'z', name: 'finance', failoverReadiness: { status: 'OK' }, readinessDetail: [] },
      policies: [],
    },
    jobStatusDetails: root,
  };
  return track({ family: 'failover', job: raw });
}

class Screen implements OutputStream {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 60,
    readonly rows = 30,
  ) {}
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
}

function view(stream: Screen, env: Record<string, string> = {}) {
  const io: CliIo = {
    stdin: process.stdin,
    stdout: stream,
    stderr: stream,
    env,
    cwd: '/',
    onInterrupt: () => () => {},
  };
  const output = new Output(io, 'table', true);
  return createProgressView(output, env, { now: () => 10_000, tickMs: 60_000 });
}

const running = job(
  step(
    'r',
    'Zone failover finance',
    'running',
    'OK',
    [1000, 0],
    [
      step('r.1', 'Validate failover', 'finished', 'OK', [1000, 1200]),
      step(
        'r.2',
        'Final data sync',
        'running',
        '',
        [1200, 0],
        [step('r.2.1', 'Run SyncIQ policy finance-sync with a name long enough to be cut', 'running', '', [1200, 0])],
      ),
      step('r.3', 'Update Eyeglass inventory', 'pending'),
    ],
  ),
);
const longInfo = 'The zone is active on dr, which this line says at more length than a narrow terminal shows.';
const finished = job(
  step(
    'r',
    'Zone failover finance',
    'finished',
    'OK',
    [1000, 4400],
    [
      step('r.1', 'Validate failover', 'finished', 'OK', [1000, 1200]),
      step(
        'r.2',
        'Final data sync',
        'finished',
        'OK',
        [1200, 3000],
        [
          step(
            'r.2.1',
            'Run SyncIQ policy finance-sync with a name long enough to be cut',
            'finished',
            'OK',
            [1200, 3000],
          ),
        ],
      ),
      { ...step('r.3', 'Update Eyeglass inventory', 'finished', 'OK', [3000, 4400]), info: longInfo },
    ],
  ),
);

describe('on a terminal', () => {
  test('each frame moves back over the last one and clears it, so the tree redraws in place', () => {
    const screen = new Screen(true);
    const progress = view(screen);
    progress.update(running);
    const first = screen.text;
    screen.text = '';
    progress.update(running);
    const frameLines = stripAnsi(first).split('\n').length - 1;
    expect(screen.text.startsWith(`\u001b[?2026h\u001b[${frameLines}A\r\u001b[J`)).toBe(true);
    progress.finish(finished);
    expect(screen.text).toContain('\u001b[?25h');
    expect(stripAnsi(screen.text)).toMatch(/✔ Succeeded in 3\.4s\.\n$/);
  });

  test('every frame is cut to the width of the terminal, long step names first', () => {
    const screen = new Screen(true, 50);
    const progress = view(screen);
    progress.update(running);
    const live = stripAnsi(screen.text).split('\n');
    for (const line of live) expect([...line].length).toBeLessThanOrEqual(49);
    expect(live.some((line) => /Run SyncIQ policy.*…\s+running/.test(line))).toBe(true);
    screen.text = '';
    progress.finish(finished);
    const last = stripAnsi(screen.text).split('\n');
    for (const line of last) expect([...line].length).toBeLessThanOrEqual(49);
    expect(last.find((line) => line.includes('Update Eyeglass inventory'))).toMatch(/OK\s+1\.4s\s+…$/);
  });

  test('a tree taller than the terminal folds finished groups and shows a window around the running step', () => {
    const many = job(
      step(
        'r',
        'Zone failover',
        'running',
        'OK',
        [1, 0],
        [
          ...Array.from({ length: 12 }, (_, index) =>
            step(
              `r.${index}`,
              `Done ${index}`,
              'finished',
              'OK',
              [1, 2],
              [step(`r.${index}.1`, `Child ${index}`, 'finished', 'OK', [1, 2])],
            ),
          ),
          step('r.now', 'Now', 'running', '', [2, 0], [step('r.now.1', 'Now child', 'running', '', [2, 0])]),
          ...Array.from({ length: 8 }, (_, index) => step(`r.p${index}`, `Later ${index}`, 'pending')),
        ],
      ),
    );
    const screen = new Screen(true, 80, 14);
    const progress = view(screen);
    progress.update(many);
    progress.stop();
    const lastFrame = screen.text.slice(screen.text.lastIndexOf('\u001b[J'));
    const lines = stripAnsi(lastFrame).split('\n').filter(Boolean);
    expect(lines.length).toBeLessThanOrEqual(14);
    expect(lines.some((line) => line.includes('Now child'))).toBe(true);
    expect(lines.some((line) => line.includes('Child 3'))).toBe(false);
    expect(lines.some((line) => /… \d+ steps above/.test(line))).toBe(true);
    expect(lines.some((line) => /… \d+ more steps/.test(line))).toBe(true);
  });

  test('colour is used on a terminal, and not with NO_COLOR; the redraw works either way', () => {
    const coloured = new Screen(true);
    view(coloured).finish(finished);
    expect(coloured.text).toContain('\u001b[32m✔ Succeeded');
    const plain = new Screen(true);
    const progress = view(plain, { NO_COLOR: '1' });
    progress.update(running);
    progress.finish(finished);
    // Every colour ends with one of these two codes.
    expect(plain.text).not.toContain('\u001b[39m');
    expect(plain.text).not.toContain('\u001b[22m');
    expect(plain.text).toContain('\u001b[J');
  });
});

describe('without a terminal', () => {
  test('one line per change, steps ending before the next start and children before their parents', () => {
    const log = new Screen(false);
    const progress = view(log);
    progress.update(running);
    progress.update(running);
    progress.finish(finished);
    expect(log.text).not.toContain('\u001b');
    expect(log.text.split('\n')).toEqual([
      'Job job-1: Zone failover finance (production → dr)',
      '  Validate failover: OK in 0.2s',
      '  Final data sync: running',
      '  Final data sync › Run SyncIQ policy finance-sync with a name long enough to be cut: running',
      '  Final data sync › Run SyncIQ policy finance-sync with a name long enough to be cut: OK in 1.8s',
      '  Final data sync: OK in 1.8s',
      `  Update Eyeglass inventory: OK in 1.4s - ${longInfo}`,
      'Succeeded in 3.4s.',
      '',
    ]);
  });

  test('TERM=dumb gets lines even on a terminal', () => {
    const dumb = new Screen(true);
    view(dumb, { TERM: 'dumb' }).finish(finished);
    expect(dumb.text).not.toContain('\u001b[J');
    expect(dumb.text).toContain('Job job-1: ');
  });
});

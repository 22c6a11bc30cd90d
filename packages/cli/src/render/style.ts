/**
 * Colours and symbols. Colour is used only on a terminal, never when `NO_COLOR` is set to anything
 * (https://no-color.org), with `--no-color`, or with `TERM=dumb`; the words carry the meaning, the
 * colour only helps the eye.
 */
import type { OutputStream } from '../io.js';

export type Tone = 'plain' | 'good' | 'info' | 'warn' | 'bad' | 'muted' | 'active' | 'strong';

const codes: Record<Exclude<Tone, 'plain'>, [number, number]> = {
  good: [32, 39],
  info: [36, 39],
  warn: [33, 39],
  bad: [31, 39],
  muted: [2, 22],
  active: [35, 39],
  strong: [1, 22],
};

export interface Style {
  readonly color: boolean;
  paint(tone: Tone, text: string): string;
}

export function createStyle(color: boolean): Style {
  return {
    color,
    paint(tone, text) {
      if (!color || tone === 'plain' || text === '') return text;
      const [open, close] = codes[tone];
      return `\u001b[${open}m${text}\u001b[${close}m`;
    },
  };
}

/** Whether a stream gets colour: a terminal, no `NO_COLOR`, no `TERM=dumb`, and not turned off. */
export function colorFor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>, wanted: boolean) {
  return wanted && stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** The tone of a step or job status (`OK`, `WARNING`, …) or state (`running`, `pending`). */
export function statusTone(status: string): Tone {
  switch (status.toUpperCase()) {
    case 'OK':
      return 'good';
    case 'INFO':
      return 'info';
    case 'WARNING':
    case 'CANCELLED':
      return 'warn';
    case 'ERROR':
      return 'bad';
    case 'SKIPPED':
    case 'PENDING':
      return 'muted';
    case 'RUNNING':
      return 'active';
    default:
      return 'warn';
  }
}

/** The tone of a failover readiness status. */
export function readinessTone(status: string): Tone {
  switch (status) {
    case 'OK':
      return 'good';
    case 'INFO':
      return 'info';
    case 'WARNING':
      return 'warn';
    case 'ERROR':
    case 'NOT_ELIGIBLE':
      return 'bad';
    case 'DISABLED':
      return 'muted';
    default:
      return 'active';
  }
}

/** Removes colour codes, for measuring what a line shows. */
export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point.
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

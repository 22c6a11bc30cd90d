/**
 * A line of output as painted pieces, so that it can be measured and cut to the terminal's width
 * before colour codes are added (a line that wraps would break the redraw of the live view).
 */
import type { Style, Tone } from './style.js';

export interface Segment {
  text: string;
  tone: Tone;
}

export type Line = Segment[];

export function segment(text: string, tone: Tone = 'plain'): Segment {
  return { text, tone };
}

export function lineWidth(line: Line): number {
  return line.reduce((width, piece) => width + [...piece.text].length, 0);
}

/** Paints a line, cut to `width` characters (with `…`) when given. */
export function paintLine(line: Line, style: Style, width?: number): string {
  let room = width ?? Number.POSITIVE_INFINITY;
  let text = '';
  for (const piece of line) {
    if (room <= 0) break;
    const chars = [...piece.text];
    const fits = chars.length <= room;
    const shown = fits ? piece.text : `${chars.slice(0, Math.max(0, room - 1)).join('')}…`;
    room -= fits ? chars.length : room;
    text += style.paint(piece.tone, shown);
  }
  return text.trimEnd();
}

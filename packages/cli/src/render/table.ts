/**
 * Aligned tables, the default output of the listing commands: a header row, one row per item, and
 * optional indented lines under a row (readiness reasons). Cells are measured before colouring.
 */
import type { Style, Tone } from './style.js';

/** A cell: its text, and the tone it is painted in. */
export type Cell = string | { text: string; tone: Tone };

export interface Row {
  cells: Cell[];
  /** Lines printed under the row, indented to its second column. */
  notes?: string[];
}

function text(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function formatTable(headers: string[], rows: Row[], style: Style): string[] {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => text(row.cells[column] ?? '').length)),
  );
  const line = (cells: Cell[], header = false) =>
    cells
      .map((cell, column) => {
        const padded = column === cells.length - 1 ? text(cell) : text(cell).padEnd(widths[column]!);
        if (header) return style.paint('strong', padded);
        return typeof cell === 'string' ? padded : style.paint(cell.tone, padded);
      })
      .join('  ')
      .trimEnd();
  const indent = ' '.repeat((widths[0] ?? 0) + 2);
  return [
    line(headers, true),
    ...rows.flatMap((row) => [line(row.cells), ...(row.notes ?? []).map((note) => `${indent}${note}`)]),
  ];
}

/** Tables of results, printed to the terminal and written to results.md in the same form. */
import os from 'node:os';

export interface Row {
  /** What was measured. */
  subject: string;
  /** The figure, already formatted with its unit. */
  value: string;
  /** The ratio against the section's baseline, or '' for the baseline itself. */
  ratio: string;
}

export interface Section {
  title: string;
  /** What the ratios are against. */
  baseline: string;
  rows: Row[];
  /** Goals the section checks, with whether they are met. */
  goals: Array<{ goal: string; met: boolean; detail: string }>;
  notes: string[];
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export const ratio = (value: number, baseline: number): string => `${(value / baseline).toFixed(2)}×`;
export const ms = (value: number): string => `${value < 10 ? value.toFixed(3) : value.toFixed(0)} ms`;
export const us = (value: number): string => `${(value * 1000).toFixed(1)} µs`;

export function renderSection(section: Section): string {
  const lines = [
    `## ${section.title}`,
    '',
    `Baseline: ${section.baseline}.`,
    '',
    '| subject | median | ratio |',
    '|---|---:|---:|',
    ...section.rows.map((r) => `| ${r.subject} | ${r.value} | ${r.ratio || 'baseline'} |`),
    '',
  ];
  for (const goal of section.goals) lines.push(`- ${goal.met ? 'met' : 'missed'}: ${goal.goal} (${goal.detail})`);
  for (const note of section.notes) lines.push(`- ${note}`);
  if (section.goals.length + section.notes.length > 0) lines.push('');
  return lines.join('\n');
}

export function renderReport(sections: Section[], mode: string, date: Date): string {
  return [
    '# Benchmark results',
    '',
    `Measured ${date.toISOString().slice(0, 10)} on ${machineLine()}, mode: ${mode}.`,
    'Every figure is the median of several runs after a warm-up; ratios compare figures taken in the same run.',
    '',
    ...sections.map(renderSection),
  ].join('\n');
}

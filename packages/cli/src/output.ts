/**
 * Where each kind of output goes. With `--output table` (the default) results and messages go to
 * stdout; with `--output json` stdout carries only JSON and every message goes to stderr. Warnings
 * and errors always go to stderr. The api key is removed from anything written.
 */
import type { CliIo, OutputStream } from './io.js';
import { colorFor, createStyle, type Style } from './render/style.js';

export type OutputFormat = 'table' | 'json';

export const outputFormats: readonly OutputFormat[] = ['table', 'json'];

export class Output {
  /** The stream human messages and live progress go to. */
  readonly messages: OutputStream;
  /** Colours for what goes to `messages`. */
  readonly style: Style;
  /** Colours for what goes to stderr. */
  readonly stderrStyle: Style;
  private secret = '';

  constructor(
    private readonly io: CliIo,
    readonly format: OutputFormat,
    color: boolean,
  ) {
    this.messages = format === 'json' ? io.stderr : io.stdout;
    this.style = createStyle(colorFor(this.messages, io.env, color));
    this.stderrStyle = createStyle(colorFor(io.stderr, io.env, color));
  }

  get json(): boolean {
    return this.format === 'json';
  }

  /** The key to keep out of every line written from now on. */
  hide(secret: string): void {
    this.secret = secret;
  }

  redact(text: string): string {
    return this.secret.length >= 4 ? text.split(this.secret).join('[redacted]') : text;
  }

  /** Writes text as it is (after redaction) to a stream. */
  write(stream: OutputStream, text: string): void {
    stream.write(this.redact(text));
  }

  /** A result in table format: lines on stdout. Ignored in JSON format, where `data` speaks. */
  table(lines: readonly string[]): void {
    if (!this.json) for (const line of lines) this.write(this.io.stdout, `${line}\n`);
  }

  /** A result in JSON format: the value on stdout. */
  data(value: unknown): void {
    if (this.json) this.write(this.io.stdout, `${JSON.stringify(value, null, 2)}\n`);
  }

  /** A message for the person at the terminal. */
  say(line = ''): void {
    this.write(this.messages, `${line}\n`);
  }

  warn(line: string): void {
    this.write(this.io.stderr, `${this.stderrStyle.paint('warn', 'warning:')} ${line}\n`);
  }

  /** One line of error, then what to do next. */
  error(line: string, details: readonly string[] = []): void {
    this.write(this.io.stderr, `${this.stderrStyle.paint('bad', 'eyeglass:')} ${line}\n`);
    for (const detail of details) this.write(this.io.stderr, `  ${detail}\n`);
  }
}

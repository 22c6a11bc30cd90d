/** What a command runs with: the process's io, where output goes, the global options, and the client, made on first use. */
import { type Connection, connect, type GlobalOptions } from './config/connection.js';
import type { CliIo } from './io.js';
import { Output } from './output.js';

export class CommandContext {
  readonly output: Output;
  private made: Connection | undefined;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {
    this.output = new Output(io, options.output, options.color);
  }

  /** The connection to the appliance; resolving it reads the key and may warn (`--insecure`). */
  get connection(): Connection {
    this.made ??= connect(this.options, this.io, this.output);
    return this.made;
  }

  get eg(): Connection['eg'] {
    return this.connection.eg;
  }

  close(): void {
    this.made?.close();
  }
}

/**
 * The simulator's storage failing: its database cannot be written (full, read-only, an I/O
 * error) or read. The store raises it in place of the driver's error, the engine holds a job
 * that cannot record its next event, and the service answers 503 with nothing changed.
 */

/** SQLite result codes (primary, before any `_` extension) that mean the storage, not the request, failed. */
const storageCodes = new Set([
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CANTOPEN',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
]);

export class StorageFailure extends Error {
  override readonly name = 'StorageFailure';

  constructor(
    /** What the store was doing. */
    readonly operation: 'read' | 'write',
    /** The database has no room left (SQLITE_FULL). */
    readonly full: boolean,
    /** The database file, for logs (never for answers). */
    readonly path: string,
    options: ErrorOptions,
  ) {
    const cause = (options.cause as Error | undefined)?.message ?? 'unknown cause';
    super(
      `The database ${path} cannot be ${operation === 'read' ? 'read' : 'written'}: ${full ? 'it is full' : cause}.`,
      options,
    );
  }

  /** The sentence an API answer gives: no path, and what the client may do. */
  get answer(): string {
    if (this.operation === 'read') return 'Storage failed: the simulator cannot read its database; try again later.';
    const what = this.full
      ? "Storage full: the simulator's database has no room left"
      : 'Storage failed: the simulator cannot write its database';
    return `${what}, so nothing was changed. Jobs can still be read; try again once storage is back.`;
  }
}

/** The storage failure a driver error stands for, or undefined when it is another kind of error. */
export function storageFailure(error: unknown, operation: 'read' | 'write', path: string): StorageFailure | undefined {
  if (error instanceof StorageFailure) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const primary = code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1');
  if (!storageCodes.has(primary)) return undefined;
  return new StorageFailure(operation, primary === 'SQLITE_FULL', path, { cause: error });
}

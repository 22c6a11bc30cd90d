/**
 * A request sent straight to undici's Dispatcher, the HTTP client Node's fetch is built on (see
 * ./dispatch.ts for when). The exchange is the dispatcher's handler: it keeps the request's abort
 * once the request has a connection, gathers the status, the raw headers and the body's chunks, and
 * hands the call an Answer when the body is complete. Headers become a `Headers` only when
 * something reads them: a text result, or a failure.
 *
 * The request carries the client's headers and nothing else: no `Accept-Encoding`, so the appliance
 * answers uncompressed. An answer compressed all the same is decoded as fetch decodes it (gzip,
 * deflate, br); the body is read as UTF-8 without a byte-order mark, as `Response.text()` reads it.
 */
import type { Dispatcher, DispatchHandler, PreparedRequest } from './dispatch.js';
import { type Answer, errorBody } from './outcome.js';

/** What the exchange reports to, for the attempt it was sent for. */
export interface Receiver {
  connected(attempt: number, abort: (reason?: unknown) => void): void;
  answered(attempt: number, answer: Answer): void;
  failed(attempt: number, cause: unknown): void;
}

/** The bytes undici hands over: Node Buffers. */
type Bytes = Uint8Array & { toString(encoding?: 'utf8' | 'latin1'): string };

interface NodeBuffer {
  concat(list: readonly Uint8Array[], length: number): Bytes;
}

interface Zlib {
  gunzipSync(data: Uint8Array): Bytes;
  inflateSync(data: Uint8Array): Bytes;
  inflateRawSync(data: Uint8Array): Bytes;
  brotliDecompressSync(data: Uint8Array): Bytes;
}

const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/** A raw header name or value; a repeated header's values may come as one array. */
type RawValue = Bytes | string | Array<Bytes | string>;

function text(value: RawValue): string {
  if (Array.isArray(value)) return value.map(text).join(', ');
  return typeof value === 'string' ? value : value.toString('latin1');
}

/** The zlib module, loaded the first time an answer comes compressed. */
let zlib: Zlib | undefined;

function decompress(body: Bytes, coding: string): Bytes {
  zlib ??= (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.(
    'zlib',
  ) as Zlib | undefined;
  if (!zlib) throw new Error(`cannot decode an answer with Content-Encoding ${coding}`);
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(body);
  if (coding === 'br') return zlib.brotliDecompressSync(body);
  // "deflate" is meant to be zlib-wrapped, but some servers send it raw; fetch reads both.
  return (body[0]! & 0x0f) === 0x08 ? zlib.inflateSync(body) : zlib.inflateRawSync(body);
}

const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** The body as text, after undoing the codings fetch undoes, last applied first. */
function bodyText(chunks: Bytes[], length: number, encoding: string | undefined): string {
  if (chunks.length === 0) return '';
  let body = chunks.length === 1 ? chunks[0]! : nodeBuffer!.concat(chunks, length);
  if (encoding) {
    const codings = encoding
      .toLowerCase()
      .split(',')
      .map((coding) => coding.trim());
    for (let index = codings.length - 1; index >= 0; index--) {
      const coding = codings[index]!;
      // An unknown coding is left as it is, as fetch leaves it.
      if (DECODED.has(coding)) body = decompress(body, coding);
      else if (coding !== 'identity' && coding !== '') break;
    }
  }
  const decoded = body.toString('utf8');
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
}

/** An answer read off the dispatcher; its Headers are built when first read. */
class DirectAnswer implements Answer {
  readonly opaqueRedirect = false;
  readonly data: string | undefined;
  readonly error: unknown;
  #headers: Headers | undefined;

  constructor(
    readonly status: number,
    readonly rawHeaders: RawValue[],
    body: string,
  ) {
    const ok = status >= 200 && status <= 299;
    this.data = ok ? body || undefined : undefined;
    this.error = !ok && body ? errorBody(body) : undefined;
  }

  get headers(): Headers {
    if (!this.#headers) {
      const headers = new Headers();
      const raw = this.rawHeaders;
      for (let index = 0; index + 1 < raw.length; index += 2) {
        const value = raw[index + 1]!;
        try {
          for (const item of Array.isArray(value) ? value : [value]) headers.append(text(raw[index]!), text(item));
        } catch {
          // A header fetch would refuse is left out, as a Response could not hold it either.
        }
      }
      this.#headers = headers;
    }
    return this.#headers;
  }
}

class Exchange implements DispatchHandler {
  status = 0;
  rawHeaders: RawValue[] = [];
  chunks: Bytes[] = [];
  length = 0;
  encoding: string | undefined = undefined;

  constructor(
    readonly receiver: Receiver,
    readonly attempt: number,
  ) {}

  onConnect(abort: (reason?: unknown) => void): void {
    this.receiver.connected(this.attempt, abort);
  }

  onHeaders(status: number, rawHeaders: RawValue[]): boolean {
    this.status = status;
    this.rawHeaders = rawHeaders;
    for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
      const name = rawHeaders[index]!;
      if (name.length === 16 && text(name).toLowerCase() === 'content-encoding') {
        this.encoding = text(rawHeaders[index + 1]!);
      }
    }
    return true;
  }

  onData(chunk: Bytes): boolean {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }

  onComplete(): void {
    let body: string;
    try {
      body = bodyText(this.chunks, this.length, this.encoding);
    } catch (cause) {
      this.receiver.failed(this.attempt, cause);
      return;
    }
    this.receiver.answered(this.attempt, new DirectAnswer(this.status, this.rawHeaders, body));
  }

  onError(error: unknown): void {
    this.receiver.failed(this.attempt, error);
  }
}

/** Sends `request` through `dispatcher`; what happens is reported to `receiver` for `attempt`. */
export function sendDirect(dispatcher: Dispatcher, request: PreparedRequest, receiver: Receiver, attempt: number) {
  const { origin, path, method, headers, body } = request;
  const exchange = new Exchange(receiver, attempt);
  try {
    dispatcher.dispatch({ origin: origin!, path, method, headers, body }, exchange as DispatchHandler);
  } catch (cause) {
    exchange.onError(cause);
  }
}

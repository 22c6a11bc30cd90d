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
import { type Answer, TextAnswer } from './outcome.js';

/** Whether this build can send to a Dispatcher: false in the browsers' stand-in. */
export const canSendDirect = true;

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
  gunzipSync(data: Uint8Array, options: object): Bytes;
  inflateSync(data: Uint8Array, options: object): Bytes;
  inflateRawSync(data: Uint8Array, options: object): Bytes;
  brotliDecompressSync(data: Uint8Array, options: object): Bytes;
  constants: { Z_SYNC_FLUSH: number; BROTLI_OPERATION_FLUSH: number };
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

/**
 * Undoes one coding as fetch does: a stream cut short of its end decodes as far as it goes ("sync"
 * flush), and "deflate" is read zlib-wrapped or raw, as servers send both.
 */
function decompress(body: Bytes, coding: string): Bytes {
  zlib ??= (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.(
    'zlib',
  ) as Zlib | undefined;
  if (!zlib) throw new Error(`cannot decode an answer with Content-Encoding ${coding}`);
  const { Z_SYNC_FLUSH, BROTLI_OPERATION_FLUSH } = zlib.constants;
  const flush = { flush: Z_SYNC_FLUSH, finishFlush: Z_SYNC_FLUSH };
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(body, flush);
  if (coding === 'br') {
    return zlib.brotliDecompressSync(body, { flush: BROTLI_OPERATION_FLUSH, finishFlush: BROTLI_OPERATION_FLUSH });
  }
  return (body[0]! & 0x0f) === 0x08 ? zlib.inflateSync(body, flush) : zlib.inflateRawSync(body, flush);
}

const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
/** The most codings fetch undoes; an answer with more is refused, as fetch words it. */
const MAX_CODINGS = 5;

function tooManyCodings(encoding: string | undefined): Error | undefined {
  const count = encoding ? encoding.split(',').filter((coding) => coding.trim()).length : 0;
  if (count <= MAX_CODINGS) return undefined;
  return new Error(`too many content-encodings in response: ${count}, maximum allowed is ${MAX_CODINGS}`);
}

/**
 * The body as text, after undoing its codings, last applied first. As fetch does, a body with any
 * coding it does not know (`identity` included) is left entirely as it came.
 */
function bodyText(chunks: Bytes[], length: number, encoding: string | undefined): string {
  if (chunks.length === 0) return '';
  let body = chunks.length === 1 ? chunks[0]! : nodeBuffer!.concat(chunks, length);
  if (encoding) {
    const codings = encoding
      .toLowerCase()
      .split(',')
      .map((coding) => coding.trim())
      .filter(Boolean);
    if (codings.every((coding) => DECODED.has(coding))) {
      for (let index = codings.length - 1; index >= 0; index--) body = decompress(body, codings[index]!);
    }
  }
  const decoded = body.toString('utf8');
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
}

/** An answer read off the dispatcher; its Headers are built when first read. */
class DirectAnswer extends TextAnswer {
  #headers: Headers | undefined;

  constructor(
    status: number,
    readonly rawHeaders: RawValue[],
    body: string,
  ) {
    super(status, false, body);
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
    const refused = tooManyCodings(this.encoding);
    if (refused) {
      this.receiver.failed(this.attempt, new TypeError('fetch failed', { cause: refused }));
      return;
    }
    let body: string;
    try {
      body = bodyText(this.chunks, this.length, this.encoding);
    } catch (cause) {
      this.receiver.failed(this.attempt, new TypeError('terminated', { cause }));
      return;
    }
    this.receiver.answered(this.attempt, new DirectAnswer(this.status, this.rawHeaders, body));
  }

  /** A failure reads as fetch words it: "fetch failed" before the answer began, "terminated" after. */
  onError(error: unknown): void {
    const cause = new TypeError(this.status === 0 ? 'fetch failed' : 'terminated', { cause: error });
    this.receiver.failed(this.attempt, cause);
  }
}

/** Sends `request` through `dispatcher`; what happens is reported to `receiver` for `attempt`. */
export function sendDirect(dispatcher: Dispatcher, request: PreparedRequest, receiver: Receiver, attempt: number) {
  const { origin, path, method, headers, body } = request;
  const exchange = new Exchange(receiver, attempt);
  // A fresh header object, as fetch hands over, so that a dispatcher that edits it edits this
  // request's only; and no redirect followed, whatever the dispatcher would do by default (it would
  // send a launch again, and the api key wherever the redirect points).
  const options = { origin: origin!, path, method, headers: { ...headers }, body, maxRedirections: 0 as const };
  try {
    dispatcher.dispatch(options, exchange as DispatchHandler);
  } catch (cause) {
    exchange.onError(cause);
  }
}

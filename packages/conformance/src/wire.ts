/**
 * Checks of what only a real HTTP/1.1 connection can send (RFC 9112), where servers tend to let
 * their HTTP library answer with a bare status: a request without `Host`, an `Expect` other than
 * `100-continue`, `Expect: 100-continue` with a wrong key (no 100 Continue may come before the
 * 403), and a request no operation matches whose body is announced but never sent (the 404 or
 * 405 must come without waiting for it). Each answer must carry the spec's Error shape.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { basePath as specBasePath } from '@eyeglass-jobs/spec';
import { validator } from './check-response.js';

export interface WireCheckOptions {
  /** The server's origin, such as `http://127.0.0.1:8080` (or `https://…` with `ca`). */
  origin: string;
  /** A key the server accepts. */
  apiKey: string;
  basePath?: string;
  ca?: string | Buffer;
  /** How long to wait for each answer, in milliseconds (5 s by default). */
  timeoutMs?: number;
}

export interface WireCheck {
  name: string;
  /** What was sent, as text. */
  request: string;
  /** What came back, as text (cut at 500 characters). */
  answer: string;
  problems: string[];
}

interface RawAnswer {
  /** Every status line received, interim (1xx) ones included, in order. */
  statuses: number[];
  headers: Record<string, string>;
  body: string;
  /** The final answer's body has arrived whole (by its Content-Length, or its last chunk). */
  complete: boolean;
  timedOut: boolean;
}

/** The body of a chunked answer so far, and whether its last chunk has come. */
function dechunk(text: string): { body: string; complete: boolean } {
  let body = '';
  let rest = text;
  for (;;) {
    const line = rest.indexOf('\r\n');
    if (line < 0) return { body, complete: false };
    const size = Number.parseInt(rest.slice(0, line), 16);
    if (Number.isNaN(size)) return { body, complete: false };
    if (size === 0) return { body, complete: true };
    if (rest.length < line + 2 + size + 2) return { body, complete: false };
    body += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}

function open(origin: URL, ca: string | Buffer | undefined): Socket {
  const port = Number(origin.port || (origin.protocol === 'https:' ? 443 : 80));
  const host = origin.hostname.replace(/^\[|\]$/g, '');
  return origin.protocol === 'https:'
    ? connectTls({ host, port, servername: host, ...(ca !== undefined ? { ca } : {}) })
    : connectTcp(port, host);
}

/**
 * Writes `head` and reads up to the end of the first final answer (by its Content-Length) or the
 * close; `body` is written once a 100 Continue arrives.
 */
function exchange(origin: URL, options: WireCheckOptions, head: string, body?: string): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = open(origin, options.ca);
    let text = '';
    let continued = false;
    const finish = (timedOut: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(text, timedOut));
    };
    const timer = setTimeout(() => finish(true), options.timeoutMs ?? 5_000);
    socket.once(origin.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (body !== undefined && !continued && /^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.test(text)) {
        continued = true;
        socket.write(body);
      }
      const answer = parse(text, false);
      if ((answer.statuses.at(-1) ?? 0) >= 200 && answer.complete) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

function parse(text: string, timedOut: boolean): RawAnswer {
  const statuses: number[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(rest)?.[1] ?? 0);
    if (!status) return { statuses, headers: {}, body: '', complete: false, timedOut };
    statuses.push(status);
    if (end < 0) return { statuses, headers: {}, body: '', complete: false, timedOut };
    const head = rest.slice(0, end);
    rest = rest.slice(end + 4);
    if (status >= 200) {
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return { statuses, headers, ...dechunk(rest), timedOut };
      const length = Number(headers['content-length'] ?? Number.NaN);
      return { statuses, headers, body: rest, complete: Buffer.byteLength(rest, 'latin1') >= length, timedOut };
    }
  }
}

/** What is wrong with an answer that should be `status` with an Error body. */
function errorProblems(answer: RawAnswer, status: number, rules: { noInterim?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (answer.timedOut) problems.push('no answer in time');
  const final = answer.statuses.filter((code) => code >= 200);
  if (rules.noInterim && answer.statuses.some((code) => code < 200)) {
    problems.push(`sent ${answer.statuses.filter((code) => code < 200).join(', ')} before its answer`);
  }
  if (final[0] !== status) {
    problems.push(`answered ${final[0] ?? 'nothing'}, expected ${status}`);
    return problems;
  }
  if (!/^application\/json\b/.test(answer.headers['content-type'] ?? '')) {
    problems.push(`Content-Type ${answer.headers['content-type'] ?? '(none)'}, expected application/json`);
    return problems;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [...problems, `the body is not JSON: ${JSON.stringify(answer.body.slice(0, 80))}`];
  }
  for (const v of validator().validate('/components/schemas/Error', body))
    problems.push(`error body${v.path} ${v.message}`);
  const code = (body as { code?: unknown } | null)?.code;
  if (code !== status) problems.push(`error code ${String(code)} differs from the HTTP status ${status}`);
  return problems;
}

/** Runs every wire check against a server over one connection each; returns each check with its problems. */
export async function runWireChecks(options: WireCheckOptions): Promise<WireCheck[]> {
  const origin = new URL(options.origin);
  const base = `${origin.pathname.replace(/\/$/, '')}${options.basePath ?? specBasePath}`;
  const host = `Host: ${origin.host}\r\n`;
  const key = (value: string) => `api_key: ${value}\r\n`;
  const wrongKey = `${options.apiKey}-wrong`;
  const cancel = `DELETE ${base}/v2/jobs/failover/job-0000000000000000 HTTP/1.1\r\n`;
  const announced = 'Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{"a":';

  const checks: Array<{ name: string; head: string; afterContinue?: string; judge: (answer: RawAnswer) => string[] }> =
    [
      {
        name: 'a request without Host answers 400 with an Error body',
        head: `GET ${base}/v2/jobs/failover HTTP/1.1\r\n${key(options.apiKey)}Connection: close\r\n\r\n`,
        judge: (answer) => errorProblems(answer, 400),
      },
      {
        name: 'an Expect other than 100-continue answers 417 with an Error body',
        head: `GET ${base}/v2/jobs/failover HTTP/1.1\r\n${host}${key(options.apiKey)}Expect: bogus\r\nConnection: close\r\n\r\n`,
        judge: (answer) => errorProblems(answer, 417),
      },
      {
        name: 'Expect: 100-continue with a wrong key answers 403 with no 100 Continue before it',
        head: `${cancel}${host}${key(wrongKey)}Expect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n`,
        judge: (answer) => errorProblems(answer, 403, { noInterim: true }),
      },
      {
        name: 'Expect: 100-continue with the right key gets 100 Continue, then its answer',
        head: `${cancel}${host}${key(options.apiKey)}Expect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n`,
        afterContinue: '{}',
        judge: (answer) => {
          if (answer.statuses[0] !== 100)
            return [`answered ${answer.statuses.join(', ') || 'nothing'} before the body was sent`];
          return answer.statuses.length > 1 ? [] : ['no answer after the body was sent'];
        },
      },
      {
        name: 'a wrong method answers 405 without waiting for the body it announces',
        head: `PUT ${base}/v2/jobs/failover HTTP/1.1\r\n${host}${key(options.apiKey)}${announced}`,
        judge: (answer) => errorProblems(answer, 405),
      },
      {
        name: 'an unknown path answers 404 without waiting for the body it announces',
        head: `POST ${base}/v2/no-such/operation HTTP/1.1\r\n${host}${key(options.apiKey)}${announced}`,
        judge: (answer) => errorProblems(answer, 404),
      },
    ];
  const results: WireCheck[] = [];
  for (const check of checks) {
    const answer = await exchange(origin, options, check.head, check.afterContinue);
    const shown = [
      ...answer.statuses.map((status) => `HTTP/1.1 ${status}`),
      ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`),
      answer.body,
    ].join('\n');
    results.push({
      name: check.name,
      request: check.head + (check.afterContinue ?? ''),
      answer: shown.slice(0, 500),
      problems: check.judge(answer),
    });
  }
  return results;
}

/** The failed checks, readably. */
export function formatWireChecks(checks: readonly WireCheck[]): string {
  const failed = checks.filter((check) => check.problems.length > 0);
  return [
    `wire checks: ${checks.length}, failures: ${failed.length}`,
    ...failed.map(
      (check) =>
        `  ${check.name}\n    sent ${JSON.stringify(check.request.slice(0, 200))}\n    got ${JSON.stringify(check.answer.slice(0, 200))}\n` +
        check.problems.map((problem) => `    - ${problem}`).join('\n'),
    ),
  ].join('\n');
}

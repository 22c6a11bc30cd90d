/**
 * Every error the client throws: one base class, one subclass per way a call can fail, and the one
 * factory that turns an HTTP answer into an error. None of them ever holds the api key.
 */

/** Where a failed request was going: the operation, the HTTP method and the URL (which never holds the key). */
export interface RequestContext {
  operationId: string;
  method: string;
  url: string;
}

export interface ErrorDetails {
  cause?: unknown;
  /** A sentence appended to the message: what to check or do next. */
  hint?: string;
  /** The request may have taken effect although it failed (see `EyeglassError.outcomeUnknown`). */
  outcomeUnknown?: boolean;
}

function where(context: RequestContext): string {
  return `${context.operationId} (${context.method} ${context.url})`;
}

/** The base class of every error the client throws. */
export class EyeglassError extends Error {
  override name = 'EyeglassError';
  readonly operationId: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /**
   * True when a request that is not safe to repeat (a launch, run or cancel) failed in a way that
   * does not tell whether Eyeglass acted on it: check before sending it again.
   */
  readonly outcomeUnknown: boolean;

  constructor(message: string, context?: RequestContext, details: ErrorDetails = {}) {
    const text = details.hint ? `${message} ${details.hint}` : message;
    super(text, details.cause === undefined ? undefined : { cause: details.cause });
    this.operationId = context?.operationId;
    this.method = context?.method;
    this.url = context?.url;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  /** The public fields, so that `JSON.stringify` of an error is useful and safe to log. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value === undefined || key === 'cause') continue;
      fields[key] = value instanceof Headers ? Object.fromEntries(value) : value;
    }
    return fields;
  }
}

/** The body of every error answer, as the spec defines it. */
export interface ErrorBody {
  code: number;
  message: string;
}

/** Eyeglass answered with an HTTP error and an Error body. */
export class EyeglassApiError extends EyeglassError {
  override name = 'EyeglassApiError';
  readonly status: number;
  /** The `code` of the Error body. */
  readonly code: number;
  /** The `message` of the Error body. */
  readonly apiMessage: string;
  /** The headers of the answer (such as `retry-after`), the api key redacted from their values. */
  readonly headers: Headers;

  constructor(
    context: RequestContext,
    status: number,
    body: ErrorBody,
    details?: ErrorDetails,
    headers: Headers = new Headers(),
  ) {
    super(`${where(context)} answered ${status}: ${body.message}`, context, details);
    this.status = status;
    this.code = body.code;
    this.apiMessage = body.message;
    this.headers = headers;
  }
}

/** 404: the job, cluster, zone or policy the request names does not exist. */
export class EyeglassNotFoundError extends EyeglassApiError {
  override name = 'EyeglassNotFoundError';
}

/**
 * The id of the running job a 409 message names as the one in the way, as in "Zone finance is
 * already part of running failover job job-3f9a." or "Readiness job r-1 is running". A message that
 * names only the job asked about ("Failover job j-1 is already finished") names no blocking job.
 */
const BLOCKING_JOB =
  /\brunning\b[^.]*?\bjob ([^\s,;:()]+?)\.?(?=[\s,;:()]|$)|\bjob ([^\s,;:()]+?)\.? is (?:still )?running\b/i;

function blockingJob(message: string): string | undefined {
  const match = BLOCKING_JOB.exec(message);
  return match?.[1] ?? match?.[2];
}

/**
 * 409: the request conflicts with the state of the appliance. A launch or run over a zone, policy
 * or job kind that is already in a running job (`blockingJobId` names that job when the message
 * does), or a cancel of a job that is already finished.
 */
export class EyeglassConflictError extends EyeglassApiError {
  override name = 'EyeglassConflictError';
  /** The running job that is in the way, when the answer names one. */
  readonly blockingJobId: string | undefined;

  constructor(context: RequestContext, status: number, body: ErrorBody, details?: ErrorDetails, headers?: Headers) {
    super(context, status, body, details, headers);
    this.blockingJobId = blockingJob(body.message);
  }
}

/**
 * The api key is missing or was refused. The appliance answers 403; mock servers such as Prism
 * answer 401. Both arrive here.
 */
export class EyeglassAuthenticationError extends EyeglassApiError {
  override name = 'EyeglassAuthenticationError';
}

/** The request did not get an answer: DNS, connection, TLS or a reset. */
export class EyeglassNetworkError extends EyeglassError {
  override name = 'EyeglassNetworkError';
  constructor(context: RequestContext, reason: string, details?: ErrorDetails) {
    super(`${where(context)} could not reach Eyeglass: ${reason}.`, context, details);
  }
}

/** What ran out of time: one attempt, the whole call with its retries, or a waiter. */
export type TimeoutScope = 'attempt' | 'deadline' | 'wait';

/** No answer in time. */
export class EyeglassTimeoutError extends EyeglassError {
  override name = 'EyeglassTimeoutError';
  readonly timeoutMs: number;
  readonly scope: TimeoutScope;

  constructor(
    message: string,
    timeoutMs: number,
    scope: TimeoutScope,
    context?: RequestContext,
    details?: ErrorDetails,
  ) {
    super(message, context, details);
    this.timeoutMs = timeoutMs;
    this.scope = scope;
  }

  static forRequest(context: RequestContext, timeoutMs: number, scope: 'attempt' | 'deadline', details?: ErrorDetails) {
    const what =
      scope === 'attempt'
        ? `got no answer within ${timeoutMs} ms`
        : `did not complete within its ${timeoutMs} ms deadline`;
    return new EyeglassTimeoutError(`${where(context)} ${what}.`, timeoutMs, scope, context, details);
  }
}

/** A waiter gave up before the job finished; `lastJob` is the job as it was last seen. */
export class EyeglassWaitTimeoutError<J = unknown> extends EyeglassTimeoutError {
  override name = 'EyeglassWaitTimeoutError';
  readonly jobId: string;
  readonly lastJob: J | undefined;

  constructor(jobId: string, timeoutMs: number, lastJob: J | undefined) {
    super(`Job ${jobId} did not finish within ${timeoutMs} ms.`, timeoutMs, 'wait');
    this.jobId = jobId;
    this.lastJob = lastJob;
  }
}

/** The caller's AbortSignal stopped the call. */
export class EyeglassAbortError extends EyeglassError {
  override name = 'EyeglassAbortError';
  constructor(what: string, reason: unknown, context?: RequestContext, details?: ErrorDetails) {
    const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : '';
    super(`${what} was aborted${why ? `: ${why}` : ''}.`, context, details);
  }
}

/** The answer is not what the spec allows, such as an HTML page from a proxy. */
export class EyeglassUnexpectedResponseError extends EyeglassError {
  override name = 'EyeglassUnexpectedResponseError';
  readonly status: number;
  readonly contentType: string;
  /** The start of the body, for diagnosis. */
  readonly bodySnippet: string;
  /** The headers of the answer, the api key redacted from their values. */
  readonly headers: Headers;

  constructor(context: RequestContext, answer: Answer, problem: string, details?: ErrorDetails) {
    const snippet = bodySnippet(answer.body);
    super(
      `${where(context)} answered ${answer.status} with ${problem} (${answer.contentType || 'no content type'}): ${JSON.stringify(snippet)}.`,
      context,
      details,
    );
    this.status = answer.status;
    this.contentType = answer.contentType;
    this.bodySnippet = snippet;
    this.headers = answer.headers ?? new Headers();
  }
}

/** A waiter was asked to throw when the job finishes without success, and it did. */
export class EyeglassJobFailedError<J = unknown> extends EyeglassError {
  override name = 'EyeglassJobFailedError';
  readonly jobId: string;
  readonly job: J;

  constructor(jobId: string, job: J, summary: string) {
    super(`Job ${jobId} finished without success: ${summary}.`);
    this.jobId = jobId;
    this.job = job;
  }
}

/** An HTTP answer: its status, content type, body (parsed JSON when it parsed, else text) and headers. */
export interface Answer {
  status: number;
  contentType: string;
  body: unknown;
  headers?: Headers;
}

const SNIPPET_LENGTH = 200;

function bodySnippet(body: unknown): string {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
}

/** Reads an Error body; also accepts RFC 9457 problem details, which proxies and mock servers send. */
function errorBody(status: number, body: unknown): ErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if (typeof fields.message === 'string') {
    return { code: typeof fields.code === 'number' ? fields.code : status, message: fields.message };
  }
  if (typeof fields.title === 'string') {
    const detail = typeof fields.detail === 'string' && fields.detail ? fields.detail : fields.title;
    return { code: typeof fields.status === 'number' ? fields.status : status, message: detail };
  }
  return undefined;
}

const AUTHENTICATION_HINT = 'Check the api key: tokens are created in the Eyeglass web UI under Admin → API Tokens.';

/** The one error factory for HTTP answers that are errors, or successes the spec does not allow. */
export function errorFromAnswer(
  context: RequestContext,
  answer: Answer,
  details: ErrorDetails = {},
  problem?: string,
): EyeglassError {
  if (problem) return new EyeglassUnexpectedResponseError(context, answer, problem, details);
  const body = errorBody(answer.status, answer.body);
  if (answer.status === 401 || answer.status === 403) {
    const refusal = body ?? { code: answer.status, message: 'missing or invalid api key' };
    const hinted = { ...details, hint: AUTHENTICATION_HINT };
    return new EyeglassAuthenticationError(context, answer.status, refusal, hinted, answer.headers);
  }
  if (!body) return new EyeglassUnexpectedResponseError(context, answer, 'a body that is not an Error', details);
  const type =
    answer.status === 404 ? EyeglassNotFoundError : answer.status === 409 ? EyeglassConflictError : EyeglassApiError;
  return new type(context, answer.status, body, details, answer.headers);
}

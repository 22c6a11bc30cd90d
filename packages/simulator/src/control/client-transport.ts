/**
 * What the generated control client sends its calls through: plain `fetch`, the control key in
 * `X-Control-Key`, a timeout per call, and one error class for everything that is not a success.
 * Control calls are never retried: a test wants to know at once when one fails.
 */

/** One operation, as the generated client describes it. */
export interface ControlCall {
  operationId: string;
  method: string;
  /** The path template, such as `/v1/readiness/{id}`. */
  path: string;
  /** `json` for a JSON body, `none` for an empty answer (204). */
  result: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** How long the call may take; 30 s by default. */
  timeoutMs?: number;
}

export interface ControlTransport {
  send<T>(
    call: ControlCall,
    input: { path?: Record<string, string>; body?: unknown; query?: Record<string, unknown> },
    options?: RequestOptions,
  ): Promise<T>;
}

export interface ControlTransportOptions {
  /** The control API's root, such as `http://127.0.0.1:8080/control`. */
  url: string;
  /** The control key. It never appears in errors. */
  key: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A control call that did not succeed: the API's answer (`status`, `code`, `apiMessage`), or no answer. */
export class SimulatorControlError extends Error {
  override name = 'SimulatorControlError';
  /** The HTTP status; undefined when no answer came. */
  readonly status: number | undefined;
  /** The `code` of the Error body. */
  readonly code: number | undefined;
  /** The `message` of the Error body. */
  readonly apiMessage: string | undefined;

  constructor(
    readonly operationId: string,
    message: string,
    answer?: { status: number; code?: number; message?: string },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.status = answer?.status;
    this.code = answer?.code;
    this.apiMessage = answer?.message;
  }
}

function fillPath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TypeError(`The path parameter ${name} is missing.`);
    return encodeURIComponent(value);
  });
}

function queryString(query: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function createControlTransport(options: ControlTransportOptions): ControlTransport {
  const root = options.url.replace(/\/+$/, '');
  const send = options.fetch ?? globalThis.fetch;
  return {
    async send<T>(
      call: ControlCall,
      input: { path?: Record<string, string>; body?: unknown; query?: Record<string, unknown> },
      request: RequestOptions = {},
    ): Promise<T> {
      const url = `${root}${fillPath(call.path, input.path)}${queryString(input.query)}`;
      const where = `${call.operationId} (${call.method} ${url})`;
      const timeout = AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? 30_000);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await send(url, {
          method: call.method,
          headers: {
            'x-control-key': options.key,
            ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
          signal,
          redirect: 'manual',
        });
      } catch (error) {
        const reason = timeout.aborted
          ? 'no answer in time'
          : (((error as Error).cause as Error)?.message ?? String(error));
        throw new SimulatorControlError(
          call.operationId,
          `${where} could not reach the control API: ${reason}.`,
          undefined,
          {
            cause: error,
          },
        );
      }
      const text = await response.text();
      if (response.ok) {
        if (call.result === 'none' || text === '') return undefined as T;
        return (call.result === 'json' ? JSON.parse(text) : text) as T;
      }
      let body: { code?: number; message?: string } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // Not an Error body: the status says what there is to say.
      }
      const message = typeof body.message === 'string' ? body.message : text.slice(0, 200) || response.statusText;
      throw new SimulatorControlError(call.operationId, `${where} answered ${response.status}: ${message}`, {
        status: response.status,
        ...(typeof body.code === 'number' ? { code: body.code } : {}),
        ...(typeof body.message === 'string' ? { message: body.message } : {}),
      });
    },
  };
}

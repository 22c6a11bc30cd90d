/**
 * How an error ends a command: one line on stderr that says what failed and why, the lines of
 * what to do next, and the documented exit code. No stack trace, and never the key (the client
 * keeps it out of its errors; `Output` removes it from every line as well).
 */
import {
  EyeglassApiError,
  EyeglassAuthenticationError,
  EyeglassError,
  EyeglassNetworkError,
  EyeglassTimeoutError,
  EyeglassUnexpectedResponseError,
} from '@eyeglass-jobs/client';
import { CliError, ExitCode } from './exit-codes.js';
import type { Output } from './output.js';

/** `GET /sera/v1/nodes`: the request an error is about, without host or query. */
export function requestName(error: EyeglassError): string {
  let path = error.url ?? '';
  try {
    path = new URL(path).pathname;
  } catch {
    // Not a URL: keep what the client said.
  }
  return [error.method, path].filter(Boolean).join(' ');
}

function origin(error: EyeglassError): string {
  try {
    return new URL(error.url ?? '').origin;
  } catch {
    return 'Eyeglass';
  }
}

const tlsCode = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

function causeCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Why a request got no usable answer, in a few words. */
export function noAnswerReason(error: unknown): string {
  if (error instanceof EyeglassTimeoutError) return `no answer within ${Math.round(error.timeoutMs / 100) / 10} s`;
  if (error instanceof EyeglassApiError) return `a gateway answered ${error.status}`;
  if (error instanceof EyeglassUnexpectedResponseError) return `an answer that could not be read (${error.status})`;
  if (error instanceof EyeglassNetworkError) return `the connection failed (${causeCode(error) ?? 'no answer'})`;
  return 'the request was interrupted';
}

/** The line and next steps for an error of the client. */
function describeClientError(error: EyeglassError): CliError {
  const request = requestName(error);
  if (error instanceof EyeglassAuthenticationError) {
    return new CliError(
      `Eyeglass refused the api key (${error.status} on ${request}): ${error.apiMessage}`,
      ExitCode.api,
      ['Check the key: tokens are created in the Eyeglass web UI under Admin → API Tokens.'],
    );
  }
  if (error instanceof EyeglassApiError)
    return new CliError(`Eyeglass answered ${error.status} to ${request}: ${error.apiMessage}`, ExitCode.api);
  if (error instanceof EyeglassTimeoutError)
    return new CliError(`Eyeglass did not answer ${request} in time: ${noAnswerReason(error)}.`, ExitCode.api);
  if (error instanceof EyeglassUnexpectedResponseError) {
    return new CliError(
      `${request} got an answer that is not the Eyeglass API (${error.status}, ${error.contentType || 'no content type'}).`,
      ExitCode.api,
      ['Check --url: it is the API root, such as https://eyeglass.example.com/sera.'],
    );
  }
  if (error instanceof EyeglassNetworkError) {
    const code = causeCode(error);
    if (code && tlsCode.test(code)) {
      return new CliError(`the TLS certificate of ${origin(error)} is not trusted (${code}).`, ExitCode.api, [
        "Give the appliance's CA certificate with --ca <pem> (or EYEGLASS_CA).",
      ]);
    }
    return new CliError(`cannot reach ${origin(error)}: ${code ?? 'no answer'} (${request}).`, ExitCode.api);
  }
  return new CliError(error.message, ExitCode.api);
}

/** Turns anything a command threw into a CliError. */
export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof EyeglassError) return describeClientError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`unexpected error: ${message}`, ExitCode.api);
}

/** Prints the error and returns its exit code. */
export function reportFailure(error: unknown, output: Output): ExitCode {
  const failure = asCliError(error);
  output.error(failure.message.replace(/\s*\n\s*/g, ' '), failure.details);
  return failure.exitCode;
}

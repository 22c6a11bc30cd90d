/**
 * The curl sample of an operation: the method, the URL with the sample's query string, the key
 * header and the JSON body, if any. The base URL and the key come from the environment, so one
 * `export` points every sample at an appliance or at the simulator.
 */
import type { SampleRequest } from './sample-request.js';

/** The environment variables and the header a spec's samples use. */
export interface CurlStyle {
  urlVariable: string;
  keyHeader: string;
  keyVariable: string;
}

/** The appliance's: `EYEGLASS_URL` and `api_key: $EYEGLASS_API_KEY`. */
export const APPLIANCE_CURL: CurlStyle = {
  urlVariable: 'EYEGLASS_URL',
  keyHeader: 'api_key',
  keyVariable: 'EYEGLASS_API_KEY',
};

/**
 * Percent-encodes a query or path value, keeping `:`, `,` and `@`, which read better and are safe
 * in a query, and encoding `!`, which an interactive shell expands even inside double quotes.
 */
function encodeValue(value: string | number | boolean): string {
  return encodeURIComponent(String(value))
    .replace(/%(3A|2C|40)/g, (escaped) => decodeURIComponent(escaped))
    .replaceAll('!', '%21');
}

/** Text for inside single quotes in a shell, where nothing is expanded and only `'` needs care. */
function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function curlSample(request: SampleRequest, style: CurlStyle = APPLIANCE_CURL): string {
  const { operation } = request;
  let path = operation.path;
  for (const { name, value } of request.pathArguments) path = path.replace(`{${name}}`, encodeValue(value));
  const query = request.query.map(({ name, value }) => `${encodeURIComponent(name)}=${encodeValue(value)}`).join('&');
  // Inside double quotes the shell expands only `$`, backquote and backslash; encoding left none.
  const url = `\${${style.urlVariable}:-${request.baseUrl}}${path}${query ? `?${query}` : ''}`;
  const lines = [
    `curl --request ${operation.method.toUpperCase()}`,
    `  --url "${url}"`,
    `  --header "${style.keyHeader}: $${style.keyVariable}"`,
  ];
  if (request.body !== undefined) {
    lines.push('  --header "content-type: application/json"', `  --data ${singleQuoted(JSON.stringify(request.body))}`);
  }
  return lines.join(' \\\n');
}

/**
 * The curl sample of an operation: the method, the URL with the sample's query string, and the
 * `api_key` header. The base URL and the token come from the environment, so one `export` points
 * every sample at an appliance or at the simulator.
 */
import type { SampleRequest } from './sample-request.js';

/**
 * Percent-encodes a query or path value, keeping `:`, `,` and `@`, which read better and are safe
 * in a query, and encoding `!`, which an interactive shell expands even inside double quotes.
 */
function encodeValue(value: string | number | boolean): string {
  return encodeURIComponent(String(value))
    .replace(/%(3A|2C|40)/g, (escaped) => decodeURIComponent(escaped))
    .replaceAll('!', '%21');
}

export function curlSample(request: SampleRequest): string {
  const { operation } = request;
  let path = operation.path;
  for (const { name, value } of request.pathArguments) path = path.replace(`{${name}}`, encodeValue(value));
  const query = request.query.map(({ name, value }) => `${encodeURIComponent(name)}=${encodeValue(value)}`).join('&');
  // Inside double quotes the shell expands only `$`, backquote and backslash; encoding left none.
  const url = `\${EYEGLASS_URL:-${request.baseUrl}}${path}${query ? `?${query}` : ''}`;
  return [
    `curl --request ${operation.method.toUpperCase()} \\`,
    `  --url "${url}" \\`,
    '  --header "api_key: $EYEGLASS_API_KEY"',
  ].join('\n');
}

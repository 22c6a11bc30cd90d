/**
 * The TypeScript sample of an operation, calling it through `@eyeglass-jobs/client`: the group is
 * the operation's tag and the method its `x-client-method`; path parameters come first, then one
 * object with the query parameters.
 */
import type { SampleArgument, SampleRequest } from './sample-request.js';

/** The client package the samples import, and the factory they call. */
export const CLIENT_PACKAGE = '@eyeglass-jobs/client';
export const CLIENT_FACTORY = 'createEyeglassClient';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function literal(value: SampleArgument['value']): string {
  if (typeof value !== 'string') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function member(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${literal(name)}]`;
}

function queryObject(query: SampleArgument[]): string {
  const properties = query.map(
    ({ name, value }) => `  ${IDENTIFIER.test(name) ? name : literal(name)}: ${literal(value)},`,
  );
  return ['{', ...properties, '}'].join('\n');
}

export function typescriptSample(request: SampleRequest): string {
  const { operation, result } = request;
  const args = request.pathArguments.map((a) => literal(a.value));
  if (request.hasQuery && request.query.length > 0) args.push(queryObject(request.query));
  const call = `await eg${member(operation.tag)}${member(operation.clientMethod)}(${args.join(', ')})`;
  const lines = [
    `import { ${CLIENT_FACTORY} } from '${CLIENT_PACKAGE}';`,
    '',
    `const eg = ${CLIENT_FACTORY}({`,
    `  baseUrl: process.env.EYEGLASS_URL ?? ${literal(request.baseUrl)},`,
    "  apiKey: process.env.EYEGLASS_API_KEY ?? '',",
    '});',
    '',
  ];
  if (result.media === 'none') lines.push(`${call};`);
  else lines.push(`const ${result.name} = ${call};`);
  if (result.media === 'json') lines.push(`console.log(JSON.stringify(${result.name}, null, 2));`);
  if (result.media === 'text') lines.push(`console.log(${result.name});`);
  return lines.join('\n');
}

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README shows the example test exactly as it runs', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./testing-your-automation.test.ts', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Testing your automation'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(block).toBe(example);
});

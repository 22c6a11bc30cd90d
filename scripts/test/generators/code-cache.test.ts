/**
 * TypeScript's compiled code is kept between runs of `pnpm generate`, and a cache that does not
 * fit is never used. Each load runs in a process of its own, as each run does: within one
 * process V8 reuses what it compiled before, whatever the cache holds.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const codeCache = pathToFileURL(path.join(import.meta.dirname, '../../pipeline/code-cache.ts')).href;

let dir: string;
let cacheDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'code-cache-'));
  cacheDir = path.join(dir, 'cache');
  await writeFile(path.join(dir, 'greeter.js'), "exports.greet = (name) => 'hello ' + name;\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Loads the greeter with the code cache in a new process; answers whether the cache was used and a greeting. */
async function load(): Promise<{ fromCache: boolean; greeting: string }> {
  const script = `
    import { createRequire } from 'node:module';
    const { requireWithCodeCache } = await import(${JSON.stringify(codeCache)});
    const require = createRequire(${JSON.stringify(path.join(dir, 'index.js'))});
    const loaded = requireWithCodeCache(require, './greeter.js', ${JSON.stringify(cacheDir)});
    loaded.save();
    console.log(JSON.stringify({ fromCache: loaded.fromCache, greeting: require('./greeter.js').greet('eyeglass') }));
  `;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return JSON.parse(stdout) as { fromCache: boolean; greeting: string };
}

describe('loading a dependency with the code cache', () => {
  it('compiles from source the first time, and from the saved cache the next', async () => {
    expect(await load()).toEqual({ fromCache: false, greeting: 'hello eyeglass' });
    expect(await readdir(cacheDir)).toHaveLength(1);
    expect(await load()).toEqual({ fromCache: true, greeting: 'hello eyeglass' });
  });

  it('compiles from source when the cache is damaged, and still loads the module', async () => {
    const [name] = await readdir(cacheDir);
    await writeFile(path.join(cacheDir, name!), 'not compiled code');
    expect(await load()).toEqual({ fromCache: false, greeting: 'hello eyeglass' });
    expect(await load()).toEqual({ fromCache: true, greeting: 'hello eyeglass' });
  });
});

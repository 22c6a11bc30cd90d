/**
 * Loads a large CommonJS dependency (TypeScript, which openapi-typescript prints with) with V8's
 * code cache, as Node 22's `module.enableCompileCache` does: compiling its 9 MB source costs more
 * than generating the types, and on Node 20 no built-in cache exists. The cache holds V8's
 * compiled code of the installed file, nothing derived from a spec; it is keyed by the Node
 * version and the file's path and content, and V8 rejects a cache that does not fit, which then
 * compiles as usual.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { projectPaths } from './paths.js';

const CACHE_DIR = path.join(projectPaths().root, 'node_modules', '.cache', 'eyeglass-jobs', 'code-cache');

interface Loaded {
  /** Whether V8 took the compiled code from the cache. */
  fromCache: boolean;
  /**
   * Writes the cache, once, when the load compiled from source. Called after the module has done
   * its work, the cache holds the functions that work compiled too.
   */
  save(): void;
}

/** Requires `id` (resolved by `require`) into `require.cache`, compiled from the code cache when it fits. */
export function requireWithCodeCache(require: NodeJS.Require, id: string, cacheDir = CACHE_DIR): Loaded {
  const file = require.resolve(id);
  if (require.cache[file]) return { fromCache: false, save: () => undefined };
  const content = readFileSync(file);
  const key = createHash('sha1').update(`${process.version}\n${file}\n`).update(content).digest('hex');
  const cacheFile = path.join(cacheDir, `${path.basename(file, '.js')}-${key.slice(0, 16)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(content.toString('utf8')), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  require.cache[file] = module;
  try {
    script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  let compiledFromSource = cachedData === undefined || script.cachedDataRejected === true;
  return {
    fromCache: !compiledFromSource,
    save() {
      if (!compiledFromSource) return;
      compiledFromSource = false;
      // Written aside and renamed, so a concurrent run never reads half a cache.
      const pending = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(pending, script.createCachedData());
        renameSync(pending, cacheFile);
      } catch {
        // Without a cache the next run compiles from source, as this one did.
      }
    },
  };
}

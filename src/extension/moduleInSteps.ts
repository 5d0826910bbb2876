// Loads a big CommonJS file (a bundle) the way require() does, but in steps that each leave the event loop a
// turn: the file read off the thread, the Node built-ins it needs one group per turn, the compile (from a V8 code
// cache when one is kept), then the run. A require() of the 5 MB cluster bundle is one task of ~130 ms CPU.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface StepsOptions {
  /** Built-ins the file requires at its top level, each group loaded on a turn of its own before it runs. */
  builtins?: string[][];
  /** Where to keep the file's V8 code cache; unset: none. The cache is V8's to check against the source: rejected, it compiles. */
  codeCacheDir?: string;
  /** When to write a new code cache (serializing it takes ~30 ms: not while the first tree loads); default 30 s. */
  saveCacheAfterMs?: number;
  /** Whether to stop early (another path loaded the module meanwhile): resolves undefined. */
  cancelled?: () => boolean;
}

export interface LoadedInSteps<T> {
  exports: T;
  /** What the compile did with a kept code cache. */
  codeCache: 'none' | 'used' | 'rejected';
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The module's exports, or undefined when the file cannot be read (the caller falls back to require()) or when cancelled. */
export async function loadModuleInSteps<T>(file: string, opts: StepsOptions = {}): Promise<LoadedInSteps<T> | undefined> {
  const cancelled = opts.cancelled ?? (() => false);
  let source: string;
  try {
    source = await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const group of opts.builtins ?? []) {
    await nextTurn();
    if (cancelled()) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const id of group) require(id);
  }
  const cacheFile = opts.codeCacheDir ? await codeCacheFile(file, opts.codeCacheDir) : undefined;
  const cachedData = cacheFile ? await fs.promises.readFile(cacheFile).catch(() => undefined) : undefined;
  await nextTurn();
  if (cancelled()) return undefined;
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  await nextTurn();
  if (cancelled()) return undefined;
  const exports = run<T>(script, file);
  if (cacheFile && (!cachedData || script.cachedDataRejected)) saveCodeCacheLater(script, cacheFile, `${path.basename(file)}-`, opts.saveCacheAfterMs ?? 30_000);
  return { exports, codeCache: !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used' };
}

/** The cache belongs to this file's build and this V8: a new build or another VS Code gets a file of its own. */
async function codeCacheFile(file: string, dir: string): Promise<string> {
  const stat = await fs.promises.stat(file);
  return path.join(dir, `${path.basename(file)}-${stat.size}-${Math.round(stat.mtimeMs)}-v8-${process.versions.v8}.cache`);
}

/** The CommonJS wrapper node puts around a module's source. */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/** Runs the compiled file as node would run a module. */
function run<T>(script: vm.Script, file: string): T {
  const requireFromFile = createRequire(file);
  const module = { id: file, filename: file, loaded: false, exports: {} as T, children: [], paths: [], require: requireFromFile };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  fn.call(module.exports, module.exports, requireFromFile, module, file, path.dirname(file));
  module.loaded = true;
  return module.exports;
}

/** Writes the code cache later, and removes the caches of earlier builds or other V8 versions of the same file. */
function saveCodeCacheLater(script: vm.Script, cacheFile: string, prefix: string, afterMs: number): void {
  setTimeout(() => {
    let data: Buffer;
    try {
      data = script.createCachedData();
    } catch {
      return; // No cache: the next start compiles, as without one.
    }
    const dir = path.dirname(cacheFile);
    const stale = (f: string) => f.startsWith(prefix) && f.endsWith('.cache') && f !== path.basename(cacheFile);
    fs.promises
      .mkdir(dir, { recursive: true })
      .then(() => fs.promises.writeFile(cacheFile, data))
      .then(() => fs.promises.readdir(dir))
      .then((files) => Promise.all(files.filter(stale).map((f) => fs.promises.rm(path.join(dir, f), { force: true }))))
      .catch(() => undefined);
  }, afterMs).unref();
}

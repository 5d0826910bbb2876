// The CLI's command bundles (dist/cli-lint.js, cli-top.js, cli-cluster.js, cli-lsp.js) compiled from V8's code cache
// after their first run: compiling the 2.5 MB of cli-top.js took about 50 ms of a `top pods` whose yardstick,
// `kubectl top pods`, takes 200–350 ms in all. Node ≥ 22.1 does this itself (module.enableCompileCache); on Node 20
// the bundle is compiled through vm.Script with the cached data, as Node's own cache does, and the data is
// written when the process exits, so it also holds the functions the command compiled while running.
// The cache is per user (~/.cache/kube-scaling-doctor/compile-cache, mode 0700): compiled code is not read from
// a directory others can write to. Any failure here only means compiling as usual.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { loadBundle } from '../core/missingBundle';

interface Compiled {
  /** The bundle's file name (`cli-top.js`): its cache files start with it and a dash. */
  bundle: string;
  script: Script;
  cacheFile: string;
  /** The cache was missing or V8 refused it (another Node, other flags): write a new one at exit. */
  stale: boolean;
}

const compiled: Compiled[] = [];

/** Where compiled code is kept; undefined when caching is off (NODE_DISABLE_COMPILE_CACHE=1, as for Node's own cache). */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kube-scaling-doctor', 'compile-cache');
}

type NodeModule = typeof Module & { enableCompileCache?: (dir: string) => unknown; wrap(source: string): string; _nodeModulePaths(dir: string): string[] };

/** On Node ≥ 22.1, turns Node's own compile cache on for what is loaded from now on; false when it is not there. */
function enableNodeCompileCache(): boolean {
  const node = Module as NodeModule;
  const dir = compileCacheDir();
  if (typeof node.enableCompileCache !== 'function') return false;
  if (dir) {
    try {
      node.enableCompileCache(dir);
    } catch {
      // compiled as usual
    }
  }
  return true;
}

/**
 * Whether compiled code at `path` (the cache directory, or a file in it) may be run: missing (it will be ours), or
 * owned by this user and writable by no one else. Where Node has no user ids (Windows) the per-user directory is it.
 */
function usable(path: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  try {
    const st = statSync(path);
    return st.uid === uid && (st.mode & 0o022) === 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * Loads the CLI's bundle `bundleFile` (e.g. `cli-top.js`): `load` is a require() the build keeps as a run-time
 * require of dist/bundleFile (scripts/build.mjs LAZY). Compiled from the code cache where this Node has no cache
 * of its own; a missing bundle is a MissingBundleError. From the sources (tests run with tsx) there is no bundle
 * beside this file, and `load` requires the source.
 */
export function loadCliBundle<T>(bundleFile: string, load: () => T): T {
  return loadBundle(bundleFile, () => {
    if (nodeCaches === undefined) nodeCaches = enableNodeCompileCache();
    const file = join(__dirname, bundleFile);
    if (nodeCaches || !compileCacheDir() || !existsSync(file)) return load();
    return requireWithCodeCache(file) as T;
  });
}

/** Whether Node caches compiled code itself (≥ 22.1); known after the first load. */
let nodeCaches: boolean | undefined;

/**
 * `require(file)` of a bundle (an absolute path), compiled with V8's cached data when there is some. Only for
 * our own CommonJS bundles: no other loader features (no .json, no ESM, no hooks) are needed for them.
 */
function requireWithCodeCache(file: string): unknown {
  const loaded = Module['_cache' as keyof typeof Module] as unknown as Record<string, Module | undefined>;
  const existing = loaded[file];
  if (existing) return existing.exports;
  const bytes = readFileSync(file);
  const dir = compileCacheDir();
  // Named by content, not size and mtime: an install need not change a file's mtime, and V8 checks only the length.
  const cacheFile = dir && usable(dir) ? join(dir, `${basename(file)}-${process.versions.v8}-${crc32(bytes).toString(16)}.bin`) : undefined;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile && usable(cacheFile)) cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const node = Module as NodeModule;
  const script = new Script(node.wrap(bytes.toString('utf8')), { filename: file, cachedData });
  if (cacheFile) compiled.push({ bundle: basename(file), script, cacheFile, stale: !cachedData || script.cachedDataRejected === true });
  const m = new Module(file);
  m.filename = file;
  m.paths = node._nodeModulePaths(dirname(file));
  loaded[file] = m;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(m.exports, m.exports, createRequire(file), m, file, dirname(file));
  } catch (err) {
    delete loaded[file];
    throw err;
  }
  m.loaded = true;
  return m.exports;
}

/** Writes the code cache of every bundle loaded without a usable one (at exit; atomically, errors ignored). */
export function saveCodeCaches(): void {
  for (const c of compiled) {
    if (!c.stale) continue;
    const tmp = `${c.cacheFile}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(c.cacheFile), { recursive: true, mode: 0o700 });
      writeFileSync(tmp, c.script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, c.cacheFile);
      // The caches of earlier builds of this bundle (or of another Node) are of no more use.
      const prefix = `${c.bundle}-`;
      for (const old of readdirSync(dirname(c.cacheFile)))
        if (old.startsWith(prefix) && old !== basename(c.cacheFile) && !old.endsWith('.tmp')) rmSync(join(dirname(c.cacheFile), old), { force: true });
    } catch {
      // Compiled as usual next time; a half-written file is not left behind (the clean-up above skips .tmp files).
      rmSync(tmp, { force: true });
    }
  }
  compiled.length = 0;
}

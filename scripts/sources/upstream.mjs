// The upstream source trees the build reads (Kubernetes' OpenAPI, the Karpenter, KEDA and VPA CRDs): Go modules
// fetched from the Go module proxy into the KSD cache's module cache (scripts/cluster/go-env.sh), source only,
// nothing compiled. One place decides which module and version each source comes from.
//
//   node scripts/sources/upstream.mjs            print KEY=DIR for every source (downloading what is missing)
//   node scripts/sources/upstream.mjs karpenter  print one
// @ts-check
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, VERSIONS } from '../cluster/lib/state.mjs';

/**
 * @typedef {object} UpstreamSource
 * @property {string} module Go module path
 * @property {string} version
 * @property {boolean} [newGo] its go.mod needs a newer Go than the machine's: download with NEW_GO_TOOLCHAIN
 */

/** @type {Readonly<Record<string, UpstreamSource>>} */
export const SOURCES = Object.freeze({
  kubernetes: { module: 'k8s.io/kubernetes', version: VERSIONS.KUBE_VERSION },
  karpenter: { module: 'sigs.k8s.io/karpenter', version: VERSIONS.KARPENTER_VERSION, newGo: true },
  'karpenter-aws': { module: 'github.com/aws/karpenter-provider-aws', version: VERSIONS.KARPENTER_AWS_VERSION, newGo: true },
  keda: { module: 'github.com/kedacore/keda/v2', version: VERSIONS.KEDA_VERSION, newGo: true },
  vpa: { module: 'k8s.io/autoscaler/vertical-pod-autoscaler', version: VERSIONS.VPA_VERSION },
  // Removed API versions the linter still reads (schemas only): see versions.env.
  'kubernetes-legacy': { module: 'k8s.io/kubernetes', version: VERSIONS.KUBE_LEGACY_VERSION },
  'karpenter-legacy': { module: 'sigs.k8s.io/karpenter', version: VERSIONS.KARPENTER_LEGACY_VERSION, newGo: true },
  'karpenter-alpha': { module: 'github.com/aws/karpenter-core', version: VERSIONS.KARPENTER_ALPHA_VERSION },
  'karpenter-aws-legacy': { module: 'github.com/aws/karpenter-provider-aws', version: VERSIONS.KARPENTER_AWS_LEGACY_VERSION, newGo: true },
});

/** The Go environment of every download: the same module cache as the cluster build (go-env.sh). */
function goEnv(/** @type {UpstreamSource} */ source) {
  return {
    ...process.env,
    GOMODCACHE: process.env.GOMODCACHE || path.join(CACHE_DIR, 'go', 'mod'),
    GOCACHE: process.env.GOCACHE || path.join(CACHE_DIR, 'go', 'build-cache'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: source.newGo ? VERSIONS.NEW_GO_TOOLCHAIN : process.env.GOTOOLCHAIN || 'local',
  };
}

/**
 * The source tree of one module at its pinned version (`go mod download`; a few seconds once, then cached).
 * @param {UpstreamSource} source
 * @returns {string} the module's directory in the module cache
 */
export function moduleDir(source) {
  const env = goEnv(source);
  const cached = path.join(env.GOMODCACHE, escapeModulePath(source.module) + '@' + source.version);
  if (fs.existsSync(path.join(cached, 'go.mod'))) return cached;
  let out;
  try {
    out = execFileSync('go', ['mod', 'download', '-json', `${source.module}@${source.version}`], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  } catch (e) {
    const err = /** @type {{stdout?: string, stderr?: string, message: string}} */ (e);
    const detail = (err.stdout && safeJson(err.stdout)?.Error) || err.stderr || err.message;
    throw new Error(`cannot download ${source.module}@${source.version} from the Go module proxy: ${String(detail).trim()}`, { cause: e });
  }
  const info = safeJson(out);
  if (!info?.Dir) throw new Error(`go mod download ${source.module}@${source.version} gave no directory: ${info?.Error ?? out.slice(0, 200)}`);
  return info.Dir;
}

/** The module cache spells upper-case letters as "!" + lower case. */
function escapeModulePath(/** @type {string} */ p) {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

function safeJson(/** @type {string} */ text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** @param {keyof typeof SOURCES} key */
export function sourceDir(key) {
  const source = SOURCES[key];
  if (!source) throw new Error(`unknown upstream source ${key}; known: ${Object.keys(SOURCES).join(', ')}`);
  return moduleDir(source);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const keys = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SOURCES);
  try {
    for (const key of keys) console.log(`${key.toUpperCase().replace(/-/g, '_')}=${sourceDir(/** @type {keyof typeof SOURCES} */ (key))}`);
  } catch (e) {
    console.error(`upstream: ${/** @type {Error} */ (e).message}`);
    process.exit(1);
  }
}

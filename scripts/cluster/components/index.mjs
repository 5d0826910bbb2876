// The contract for optional parts of the local cluster (`npm run cluster -- up --with NAME[,NAME]`)
// and their registry: one module per component in this folder, listed in COMPONENTS below.
// @ts-check
import { kubectl } from '../lib/process.mjs';
import { CACHE_DIR, DEFAULT_NAME, VERSIONS, defaultLog, paths } from '../lib/state.mjs';
import coredns from './coredns.mjs';
import crds from './crds.mjs';
import karpenter from './karpenter.mjs';
import customMetrics from './custom-metrics.mjs';
import keda from './keda.mjs';
import vpa from './vpa.mjs';

/**
 * What every step of a component gets.
 * @typedef {object} ComponentContext
 * @property {string} name cluster name
 * @property {import('../lib/state.mjs').ClusterPaths} paths the cluster's state dir: kubeconfig, pidsDir
 *   (`ksd-<component>.pid`, so `down` and `status` treat it as ours), logsDir (`ksd-<component>.log`), dir
 *   (a component's own files under `components/<component>/`)
 * @property {string} cacheDir binaries go to `<cacheDir>/bin/<component>-<version>/`
 * @property {Record<string, string>} versions scripts/cluster/versions.env
 * @property {import('../lib/state.mjs').Log} log
 * @property {(args: string[], options?: {input?: string, allowFail?: boolean, timeoutMs?: number}) => import('../lib/process.mjs').RunResult} kubectl
 *   the cached kubectl against this cluster
 */

/**
 * One optional component. `up --with` runs build → start → waitHealthy after the scenario is ready;
 * `down` runs stop for every registered component before the cluster state is deleted.
 * @typedef {object} ClusterComponent
 * @property {string} name the id `--with` takes (lower-case words joined by `-`)
 * @property {string} description one line, shown when `--with` names an unknown component
 * @property {(ctx: ComponentContext) => Promise<void>} build compiles the component from the Go module proxy
 *   into the cache if its binary is missing (logs that it is present, or that it needs nothing)
 * @property {(ctx: ComponentContext) => Promise<void>} start runs it against the cluster; reuses a running one
 * @property {(ctx: ComponentContext) => Promise<void>} waitHealthy waits, bounded, until it serves; on timeout
 *   or exit throws an error naming the component and its log
 * @property {(ctx: ComponentContext) => Promise<void>} stop stops it; idempotent (nothing running: no error)
 */

/** @type {readonly ClusterComponent[]} */
export const COMPONENTS = Object.freeze([coredns, crds, karpenter, customMetrics, keda, vpa]);

export function componentNames() {
  return COMPONENTS.map((c) => c.name);
}

/**
 * The components `--with` names, in the order given, each once. Takes the option's value ("a,b"), or
 * several values (a repeated `--with`). An unknown or empty name is an error listing the known ones.
 * @param {string | string[] | undefined} value
 * @returns {ClusterComponent[]}
 */
export function parseWith(value) {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  const known = () => COMPONENTS.map((c) => `  ${c.name.padEnd(16)} ${c.description}`).join('\n');
  const names = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v ?? '').split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error(`--with needs a component name (--with NAME[,NAME]); known components:\n${known()}`);
  /** @type {ClusterComponent[]} */
  const out = [];
  for (const n of names) {
    const c = COMPONENTS.find((x) => x.name === n);
    if (!c) throw new Error(`unknown component "${n}" in --with; known components:\n${known()}`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * @param {{name?: string, log?: import('../lib/state.mjs').Log}} [options]
 * @returns {ComponentContext}
 */
export function componentContext({ name = DEFAULT_NAME, log = defaultLog } = {}) {
  return {
    name,
    paths: paths({ name }),
    cacheDir: CACHE_DIR,
    versions: VERSIONS,
    log,
    kubectl: (args, options = {}) => kubectl(args, { name, ...options }),
  };
}

/**
 * build → start → waitHealthy for each component, in order; the first failure stops `up`.
 * @param {ClusterComponent[]} components
 * @param {ComponentContext} ctx
 */
export async function startComponents(components, ctx) {
  for (const c of components) {
    const t0 = Date.now();
    await c.build(ctx);
    await c.start(ctx);
    await c.waitHealthy(ctx);
    ctx.log(`component ${c.name} healthy in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}

/**
 * Stops every registered component (stop is idempotent, so components that never ran cost nothing).
 * @param {ComponentContext} ctx
 */
export async function stopComponents(ctx) {
  for (const c of [...COMPONENTS].reverse()) await c.stop(ctx);
}

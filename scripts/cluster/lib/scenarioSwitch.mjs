// Switching a running cluster to a scenario (../scenarios.mjs): other scenarios' namespaces go,
// metrics-server is applied with the scenario's arguments, and the scenario's readiness checks are awaited.
// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { componentContext, parseWith, startComponents } from '../components/index.mjs';
import { getItems } from '../karpenter-scenarios.mjs';
import { SCENARIOS, scenarioNames } from '../scenarios.mjs';
import { removeStaleRecords } from './clusterAutoscalerRecords.mjs';
import { apis, isNotFound, kubectl } from './process.mjs';
import { metricsServerLogs, runnerStatus } from './runner.mjs';
import { profile } from './profiles.mjs';
import { DEFAULT_NAME, HERE, VERSIONS, defaultLog, paths, readState, waitFor, writeState } from './state.mjs';

const SCENARIO_LABEL = 'ksd.dev/scenario';

// kwok serves every simulated kubelet from one process, and metrics-server scrapes all nodes at once. At
// 2,000 nodes the upstream manifest's 15 s resolution timed out nearly every scrape (TLS handshakes to
// kwok, 10 s); at metrics-server's own default of 60 s, with 50 s per scrape, only a handful of scrapes
// failed after the first round and 21,992–22,004 of 22,007 pods had metrics. The first scrapes of a
// large cluster take minutes, hence the longer wait.
const LARGE_CLUSTER_NODES = 1000;
const LARGE_CLUSTER_METRICS_ARGS = { '--metric-resolution': '60s', '--kubelet-request-timeout': '50s' };
const LARGE_CLUSTER_READY_MS = 600_000;

async function nodeCount(core) {
  const l = await core.listNode({ limit: 1 });
  return l.items.length + (l.metadata?.remainingItemCount ?? 0);
}

/**
 * A scenario's metrics-server variant (scenarios.mjs; null: not installed) with the cluster's timing args: the
 * profile's (profiles.mjs), or on a large cluster the longer loop it needs whatever the profile.
 * @param {{setArgs?: Record<string, string | true>, removeArgs?: string[]} | null} variant
 * @param {{large: boolean, profileName?: string}} cluster
 */
export function metricsServerVariant(variant, { large, profileName }) {
  if (!variant) return variant;
  const timingArgs = large ? LARGE_CLUSTER_METRICS_ARGS : profile(profileName).metricsServerArgs;
  // A flag the scenario sets itself (metrics-server-warmup's --metric-resolution) is the point of that scenario: it wins.
  return { ...variant, setArgs: { ...timingArgs, ...variant.setArgs } };
}

export function metricsServerManifest(variant) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(HERE, 'manifests', `metrics-server-${VERSIONS.METRICS_SERVER_VERSION}.yaml`), 'utf8'))
    .map((d) => d.toJSON())
    .filter(Boolean);
  for (const d of docs) {
    if (d.kind === 'Deployment') {
      const c = d.spec.template.spec.containers.find((x) => x.name === 'metrics-server');
      let args = c.args || [];
      for (const flag of variant.removeArgs || []) args = args.filter((a) => a !== flag && !a.startsWith(`${flag}=`));
      for (const [flag, value] of Object.entries(variant.setArgs || {})) {
        const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
        const v = value === true ? flag : `${flag}=${value}`;
        if (i >= 0) args[i] = v;
        else args.push(v);
      }
      c.args = args;
    }
  }
  return docs;
}

async function applyMetricsServer(p, variant, { log }) {
  const { core, apireg } = apis({ name: p.name });
  if (!variant) {
    log('removing metrics-server (scenario without metrics API)');
    // Every object of the manifest (a cluster that never had metrics-server), in one go.
    kubectl(['delete', '-f', path.join(HERE, 'manifests', `metrics-server-${VERSIONS.METRICS_SERVER_VERSION}.yaml`), '--ignore-not-found', '--wait=true', '--timeout=60s'], {
      name: p.name,
      timeoutMs: 90_000,
    });
    return;
  }
  const docs = metricsServerManifest(variant);
  // Service and APIService are created once and then re-wired by the runner (ExternalName to
  // the local process, like kwokctl does); re-applying the ClusterIP Service would fight it.
  const keep = [];
  for (const d of docs) {
    if (d.kind === 'Service') {
      try {
        await core.readNamespacedService({ name: d.metadata.name, namespace: d.metadata.namespace });
        continue;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    if (d.kind === 'APIService') {
      try {
        await apireg.readAPIService({ name: d.metadata.name });
        continue;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    keep.push(d);
  }
  log(`applying metrics-server ${VERSIONS.METRICS_SERVER_VERSION} manifests (args: ${JSON.stringify(docs.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].args)})`);
  kubectl(['apply', '-f', '-'], { name: p.name, input: keep.map((d) => YAML.stringify(d)).join('---\n') });
}

// Cluster-scoped objects a scenario may create (labelled ksd.dev/scenario like its namespace): NodePools before their
// NodeClasses, nodes last. Kinds the API does not serve (no Karpenter CRDs) are skipped.
const CLUSTER_SCOPED_KINDS = ['nodepools.karpenter.sh', 'kwoknodeclasses.karpenter.kwok.sh', 'nodes'];
const STALE_NODES_TIMEOUT_MS = 180_000;

/**
 * Deletes the cluster-scoped objects of other scenarios, and waits (bounded) until Karpenter has terminated the
 * NodeClaims of their NodePools: a node of another scenario's pool would otherwise take this scenario's pods.
 * @param {string} scenario
 * @param {{name: string, log: import('./state.mjs').Log}} options
 */
async function removeOtherScenariosClusterObjects(scenario, { name, log }) {
  const ctx = { kubectl: (/** @type {string[]} */ a, /** @type {any} */ o = {}) => kubectl(a, { name, ...o }) };
  const selector = `${SCENARIO_LABEL},${SCENARIO_LABEL}!=${scenario}`;
  const stale = CLUSTER_SCOPED_KINDS.flatMap((kind) => getItems(ctx, [kind, '-l', selector]).map((o) => ({ kind, name: o.metadata.name })));
  if (!stale.length) return;
  // Their NodeClaims carry Karpenter's finalizer: it must run to let them go (after a restart of the cluster it may not).
  if (stale.some((o) => o.kind === CLUSTER_SCOPED_KINDS[0])) await startComponents(parseWith('karpenter'), componentContext({ name, log }));
  log(`removing cluster-scoped objects of other scenarios: ${stale.map((o) => `${o.kind.split('.')[0]}/${o.name}`).join(', ')}`);
  for (const kind of CLUSTER_SCOPED_KINDS) {
    const names = stale.filter((o) => o.kind === kind).map((o) => o.name);
    // --wait=false: a NodeClaim's finalizer is Karpenter's to remove; the wait below names what is left.
    if (names.length) kubectl(['delete', kind, ...names, '--ignore-not-found', '--wait=false'], { name, timeoutMs: 60_000 });
  }
  const pools = stale.filter((o) => o.kind === CLUSTER_SCOPED_KINDS[0]).map((o) => o.name);
  if (!pools.length) return;
  const selectorOfPools = `karpenter.sh/nodepool in (${pools.join(',')})`;
  await waitFor(
    `Karpenter to terminate the NodeClaims and nodes of NodePool(s) ${pools.join(', ')} (its log: logs/ksd-karpenter.log in the cluster's dir)`,
    () => getItems(ctx, ['nodeclaims.karpenter.sh', '-l', selectorOfPools]).length === 0 && getItems(ctx, ['nodes', '-l', selectorOfPools]).length === 0,
    { timeoutMs: STALE_NODES_TIMEOUT_MS, intervalMs: 1000 },
  );
}

function scenarioManifestFiles(scenario) {
  const dir = path.join(HERE, 'scenarios', scenario);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('recorded-')) // recorded-*.yaml: what lib/clusterAutoscalerRecords.mjs writes
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Switches the running cluster to `scenario`: deletes the namespaces and cluster-scoped objects of other scenarios,
 * sets metrics-server as the scenario wants it (absent, or the official manifest with the scenario's
 * arguments), starts the components it needs, applies its manifests, and waits until it shows its symptom.
 * @param {string} scenario
 * @param {{name?: string, log?: import('./state.mjs').Log, wait?: boolean, timeoutMs?: number}} [options]
 */
export async function switchScenario(scenario, { name = DEFAULT_NAME, log = defaultLog, wait = true, timeoutMs } = {}) {
  const def = SCENARIOS[scenario];
  if (!def) throw new Error(`unknown scenario "${scenario}"; known: ${scenarioNames().join(', ')}`);
  const p = paths({ name });
  const t0 = Date.now();
  const { core } = apis({ name });
  // metrics-server first: a scenario that broke it (metrics-server-rbac's ClusterRole) leaves metrics.k8s.io
  // unavailable, and the namespace controller deletes nothing while an aggregated API fails discovery.
  const large = (await nodeCount(core)) >= LARGE_CLUSTER_NODES;
  await applyMetricsServer(p, metricsServerVariant(def.metricsServer, { large, profileName: readState(p).profile }), { log });
  // Cluster-scoped objects a scenario labelled as its own (custom-metrics-unavailable's APIService) go first: an
  // unavailable aggregated API would keep the namespace controller from deleting the namespaces below.
  kubectl(['delete', 'apiservices', '-l', `${SCENARIO_LABEL},${SCENARIO_LABEL}!=${scenario}`, '--ignore-not-found', '--wait=true', '--timeout=60s'], { name, timeoutMs: 90_000 });
  // Remove other scenarios' namespaces.
  const nsList = await core.listNamespace({ labelSelector: SCENARIO_LABEL });
  const stale = nsList.items.filter((n) => n.metadata.labels[SCENARIO_LABEL] !== scenario).map((n) => n.metadata.name);
  if (stale.length) {
    log(`removing namespaces of other scenarios: ${stale.join(', ')}`);
    kubectl(['delete', 'namespace', ...stale, '--ignore-not-found', '--wait=true', '--timeout=120s'], { name, timeoutMs: 150_000 });
  }
  await removeOtherScenariosClusterObjects(scenario, { name, log });
  // What Cluster Autoscaler scenarios wrote outside their namespaces (kube-system, events on nodes).
  removeStaleRecords((a, o = {}) => kubectl(a, { name, ...o }), scenario);
  // The scenario's components first: its YAML may hold their kinds (a NodePool needs Karpenter's CRDs).
  await startComponents(parseWith(def.components ?? []), componentContext({ name, log }));
  // What the scenario needs beyond its manifests, before they are applied: a component started or its APIServices
  // removed (custom-metrics-*), a status the YAML cannot hold (karpenter-nodeclass-not-ready).
  if (def.prepare) await def.prepare({ name, log, kubectl: (/** @type {string[]} */ a, /** @type {any} */ o = {}) => kubectl(a, { name, ...o }) });
  const files = scenarioManifestFiles(scenario);
  if (files.length) {
    log(`applying scenario "${scenario}" (${files.map((f) => path.basename(f)).join(', ')})`);
    // The scenario may have been "repaired" by a previous run: re-applying restores its state.
    kubectl(['apply', ...files.flatMap((f) => ['-f', f])], { name });
  }
  writeState(p, { scenario });
  if (wait) await waitForScenario(scenario, { name, log, timeoutMs: timeoutMs ?? (large ? LARGE_CLUSTER_READY_MS : undefined) });
  log(`scenario "${scenario}" ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

/**
 * Waits until the scenario shows its intended state (its symptom, or health for `healthy`).
 * @param {string} scenario
 * @param {{name?: string, log?: import('./state.mjs').Log, timeoutMs?: number}} [options]
 */
export async function waitForScenario(scenario, { name = DEFAULT_NAME, log = defaultLog, timeoutMs } = {}) {
  const def = SCENARIOS[scenario];
  const ctx = { name, apis: apis({ name }), kubectl: (a, o = {}) => kubectl(a, { name, ...o }), metricsServerLogs: () => metricsServerLogs({ name }), runnerStatus: () => runnerStatus({ name }) };
  for (const check of def.ready) {
    await waitFor(`scenario "${scenario}": ${check.what}`, () => check.test(ctx), { timeoutMs: timeoutMs ?? check.timeoutMs ?? 180_000, intervalMs: 1000 });
    log(`  ✓ ${check.what}`);
  }
}

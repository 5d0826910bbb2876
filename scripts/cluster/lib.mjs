// Local Kubernetes cluster for tests, demos and benchmarks: a real kube-apiserver, etcd,
// kube-controller-manager (HPA controller), kube-scheduler, kwok-simulated nodes and a real
// metrics-server that follows the `kube-system/metrics-server` Deployment.
//
// Public API (documented in scripts/cluster/README.md):
//   up({scenario, nodes, podsPerNode, name, log}) -> {kubeconfig, name, scenario, dir}
//   down({name, log}), status({name}), switchScenario(scenario, {name, log, podsPerNode})
//   waitForScenario(scenario, {name}), kubeConfig({name}), kubectl(args, {name})
//   paths({name}), SCENARIOS, runnerLogPath, metricsServerLogs({name})
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { SCENARIOS, scenarioNames } from './scenarios.mjs';
import { criToText } from './metrics-server-runner.mjs';

export { SCENARIOS, scenarioNames };

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_NAME = process.env.KSD_CLUSTER_NAME || 'ksd';
export const CACHE_DIR =
  process.env.KSD_CACHE_DIR ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kube-scaling-doctor');

export const VERSIONS = Object.fromEntries(
  fs
    .readFileSync(path.join(HERE, 'versions.env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split('=')),
);

export const BIN = {
  kubeApiserver: path.join(CACHE_DIR, 'bin', `kubernetes-${VERSIONS.KUBE_VERSION}`, 'kube-apiserver'),
  kubeControllerManager: path.join(CACHE_DIR, 'bin', `kubernetes-${VERSIONS.KUBE_VERSION}`, 'kube-controller-manager'),
  kubeScheduler: path.join(CACHE_DIR, 'bin', `kubernetes-${VERSIONS.KUBE_VERSION}`, 'kube-scheduler'),
  kubectl: path.join(CACHE_DIR, 'bin', `kubernetes-${VERSIONS.KUBE_VERSION}`, 'kubectl'),
  etcd: path.join(CACHE_DIR, 'bin', `etcd-${VERSIONS.ETCD_VERSION}`, 'etcd'),
  kwok: path.join(CACHE_DIR, 'bin', `kwok-${VERSIONS.KWOK_VERSION}`, 'kwok'),
  kwokctl: path.join(CACHE_DIR, 'bin', `kwok-${VERSIONS.KWOK_VERSION}`, 'kwokctl'),
  metricsServer: path.join(CACHE_DIR, 'bin', `metrics-server-${VERSIONS.METRICS_SERVER_VERSION}`, 'metrics-server'),
};

const NODE_CPU = '8';
const NODE_MEMORY = '32Gi';
const NODE_PODS = '110';
const SCENARIO_LABEL = 'ksd.dev/scenario';
const LOAD_NAMESPACE = 'ksd-load';

export function paths({ name = DEFAULT_NAME } = {}) {
  const dir = path.join(CACHE_DIR, 'clusters', name);
  return {
    name,
    dir,
    kubeconfig: path.join(dir, 'kubeconfig.yaml'),
    pki: path.join(dir, 'pki'),
    caCert: path.join(dir, 'pki', 'ca.crt'),
    kwokctlConfig: path.join(dir, 'ksd-kwokctl.yaml'),
    kwokConfig: path.join(dir, 'kwok.yaml'),
    state: path.join(dir, 'ksd-state.json'),
    runnerPid: path.join(dir, 'pids', 'ksd-metrics-server-runner.pid'),
    runnerLog: path.join(dir, 'logs', 'ksd-metrics-server-runner.log'),
    runnerStatus: path.join(dir, 'ksd-runner-status.json'),
    msDir: path.join(dir, 'metrics-server'),
    pidsDir: path.join(dir, 'pids'),
    logsDir: path.join(dir, 'logs'),
  };
}

const defaultLog = (msg) => process.stderr.write(`[cluster] ${msg}\n`);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value; throws a clear error naming `what` on timeout. */
export async function waitFor(what, fn, { timeoutMs = 120_000, intervalMs = 1000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  let lastVal;
  while (Date.now() < deadline) {
    try {
      lastVal = await fn();
      if (lastVal) return lastVal;
    } catch (e) {
      lastErr = e;
    }
    await sleep(intervalMs);
  }
  const detail = lastErr ? `; last error: ${lastErr.message || lastErr}` : '';
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${detail}`);
}

function readState(p) {
  try {
    return JSON.parse(fs.readFileSync(p.state, 'utf8'));
  } catch {
    return {};
  }
}
function writeState(p, patch) {
  const s = { ...readState(p), ...patch };
  fs.mkdirSync(path.dirname(p.state), { recursive: true });
  fs.writeFileSync(p.state, JSON.stringify(s, null, 2));
  return s;
}

export function pidAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0: look at its state.
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

function readPid(file) {
  try {
    const n = parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Binaries

export function binariesPresent() {
  return Object.values(BIN).every((b) => {
    try {
      fs.accessSync(b, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Builds missing binaries with scripts/cluster/build.sh (progress on stderr). */
export async function ensureBinaries({ log = defaultLog } = {}) {
  if (binariesPresent()) return BIN;
  log(`building missing binaries into ${path.join(CACHE_DIR, 'bin')} (first run on this machine: 15-30 min)`);
  await new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(HERE, 'build.sh')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KSD_CACHE_DIR: CACHE_DIR },
    });
    const fwd = (d) => String(d).split('\n').filter(Boolean).forEach((l) => log(l));
    child.stdout.on('data', fwd);
    child.stderr.on('data', fwd);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build.sh failed with exit code ${code}`))));
  });
  if (!binariesPresent()) throw new Error('build.sh finished but some binaries are still missing');
  return BIN;
}

// ---------------------------------------------------------------------------------------------
// Process helpers

function run(cmd, args, { env = {}, timeoutMs = 120_000, input, allowFail = false } = {}) {
  const r = spawnSync(cmd, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) {
    if (allowFail) return { code: -1, stdout: r.stdout || '', stderr: String(r.error.message) };
    throw new Error(`${path.basename(cmd)} ${args.join(' ')}: ${r.error.message}`);
  }
  if (r.status !== 0 && !allowFail) {
    throw new Error(`${path.basename(cmd)} ${args.slice(0, 4).join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim().slice(-2000)}`);
  }
  return { code: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

/** Runs the cached kubectl against the cluster (never the user's ~/.kube/config). */
export function kubectl(args, { name = DEFAULT_NAME, input, allowFail = false, timeoutMs = 120_000 } = {}) {
  const p = paths({ name });
  return run(BIN.kubectl, args, { env: { KUBECONFIG: p.kubeconfig }, input, allowFail, timeoutMs });
}

function kwokctl(args, { name = DEFAULT_NAME, timeoutMs = 300_000, allowFail = false } = {}) {
  return run(BIN.kwokctl, ['--name', name, ...args], {
    env: {
      KWOK_WORKDIR: CACHE_DIR,
      // kwokctl would otherwise add a context to the default kubeconfig.
      KUBECONFIG: paths({ name }).kubeconfig,
    },
    timeoutMs,
    allowFail,
  });
}

export function kubeConfig({ name = DEFAULT_NAME } = {}) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(paths({ name }).kubeconfig);
  return kc;
}

export function apis({ name = DEFAULT_NAME } = {}) {
  const kc = kubeConfig({ name });
  return {
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    apireg: kc.makeApiClient(k8s.ApiregistrationV1Api),
    events: kc.makeApiClient(k8s.EventsV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
  };
}

export function isNotFound(e) {
  return e && (e.code === 404 || e.statusCode === 404 || /HTTP-Code: 404|NotFound/.test(String(e.message || e.body || '')));
}

// ---------------------------------------------------------------------------------------------
// Cluster lifecycle

function clusterExists(p) {
  return fs.existsSync(p.kwokConfig);
}

function apiserverReady(name) {
  if (!fs.existsSync(paths({ name }).kubeconfig)) return false;
  const r = kubectl(['get', '--raw', '/readyz'], { name, allowFail: true, timeoutMs: 10_000 });
  return r.code === 0 && r.stdout.trim() === 'ok';
}

function componentPids(p) {
  const out = [];
  try {
    for (const f of fs.readdirSync(p.pidsDir)) {
      if (!f.endsWith('.pid')) continue;
      const pid = readPid(path.join(p.pidsDir, f));
      out.push({ name: f.replace(/\.pid$/, ''), pid, alive: pidAlive(pid) });
    }
  } catch {
    /* no pids dir */
  }
  return out;
}

function kwokctlConfiguration(p) {
  const api = (key, value) => ({ key, value, override: false });
  const override = (key, value) => ({ key, value, override: true });
  return {
    apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
    kind: 'KwokctlConfiguration',
    options: {
      runtime: 'binary',
      kubeApiserverBinary: BIN.kubeApiserver,
      kubeControllerManagerBinary: BIN.kubeControllerManager,
      kubeSchedulerBinary: BIN.kubeScheduler,
      kubectlBinary: BIN.kubectl,
      etcdBinary: BIN.etcd,
      kwokControllerBinary: BIN.kwok,
      metricsServerBinary: BIN.metricsServer,
      kubeVersion: VERSIONS.KUBE_VERSION,
      etcdVersion: VERSIONS.ETCD_VERSION.replace(/^v/, ''),
      kwokVersion: VERSIONS.KWOK_VERSION,
      cacheDir: path.join(CACHE_DIR, 'kwokctl-cache'),
      bindAddress: '127.0.0.1',
      kubeAuthorization: true,
      kubeAdmission: true,
      disableQPSLimits: true,
      // metrics-server is NOT a kwokctl component here: our runner starts it from the
      // Deployment object. The CRDs let us create kwok Logs/Metric/usage objects through the API.
      enableCRDs: ['Logs', 'ClusterLogs', 'Metric', 'ClusterResourceUsage', 'ResourceUsage'],
    },
    componentsPatches: [
      {
        // Real aggregation layer: metrics-server authenticates the aggregator's proxy client
        // certificate through requestheader-client-ca-file (published in
        // kube-system/extension-apiserver-authentication) like on a kubeadm cluster.
        name: 'kube-apiserver',
        extraArgs: [
          api('requestheader-client-ca-file', p.caCert),
          api('requestheader-username-headers', 'X-Remote-User'),
          api('requestheader-group-headers', 'X-Remote-Group'),
          api('requestheader-extra-headers-prefix', 'X-Remote-Extra-'),
          // kubeadm's value: reach kubelets (kwok) by InternalIP; node names do not resolve.
          // Used for kubectl logs/exec/port-forward.
          api('kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname'),
        ],
      },
      {
        // Simulated kubelets serve a self-signed certificate (not signed by the cluster CA), as
        // real kubelets do unless serverTLSBootstrap is configured: kwok falls back to its
        // built-in self-signed certificate when no --tls-cert-file is given.
        name: 'kwok-controller',
        extraArgs: [override('tls-cert-file', ''), override('tls-private-key-file', '')],
      },
    ],
  };
}

async function createCluster(p, { log }) {
  fs.mkdirSync(p.dir, { recursive: true });
  const conf = kwokctlConfiguration(p);
  // kwokctl copies the KwokConfiguration into the cluster's kwok.yaml, which kwok-controller reads.
  const kwokConf = { apiVersion: 'config.kwok.x-k8s.io/v1alpha1', kind: 'KwokConfiguration', options: { disregardStatusWithLabelSelector: LOAD_POD_SELECTOR } };
  fs.writeFileSync(p.kwokctlConfig, [conf, kwokConf].map((d) => YAML.stringify(d)).join('---\n'));
  log(`creating cluster "${p.name}" (kwokctl, runtime binary) in ${p.dir}`);
  const t0 = Date.now();
  const r = kwokctl(
    ['create', 'cluster', '--config', p.kwokctlConfig, '--kubeconfig', '', '--wait', '120s', '--timeout', '240s'],
    { name: p.name, timeoutMs: 300_000, allowFail: true },
  );
  fs.mkdirSync(p.logsDir, { recursive: true });
  fs.writeFileSync(path.join(p.logsDir, 'ksd-kwokctl-create.log'), r.stdout + r.stderr);
  if (r.code !== 0) {
    throw new Error(`kwokctl create cluster failed (exit ${r.code}); see ${path.join(p.logsDir, 'ksd-kwokctl-create.log')}:\n${(r.stderr || r.stdout).trim().slice(-3000)}`);
  }
  log(`control plane up in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

async function ensureControlPlane(p, { log }) {
  if (clusterExists(p)) {
    if (apiserverReady(p.name) && componentPids(p).every((c) => c.alive || c.name.startsWith('ksd-'))) {
      log(`cluster "${p.name}" already running`);
      return 'reused';
    }
    log(`cluster "${p.name}" exists but is not fully running; starting it`);
    const r = kwokctl(['start', 'cluster', '--wait', '60s', '--timeout', '120s'], { name: p.name, allowFail: true });
    if (r.code === 0) {
      try {
        await waitFor('kube-apiserver /readyz', () => apiserverReady(p.name), { timeoutMs: 60_000 });
        return 'restarted';
      } catch {
        /* fall through */
      }
    }
    log('restart failed; deleting and recreating the cluster');
    await destroyCluster(p, { log });
  }
  await createCluster(p, { log });
  await waitFor('kube-apiserver /readyz', () => apiserverReady(p.name), { timeoutMs: 120_000 });
  return 'created';
}

async function destroyCluster(p, { log }) {
  stopRunner(p, { log });
  const pids = componentPids(p);
  if (fs.existsSync(BIN.kwokctl) && clusterExists(p)) {
    // --kubeconfig names the file kwokctl removes its context from: a scratch file of ours.
    const r = kwokctl(['delete', 'cluster', '--kubeconfig', path.join(p.dir, 'ksd-contexts.yaml')], { name: p.name, allowFail: true, timeoutMs: 120_000 });
    if (r.code !== 0) log(`kwokctl delete cluster: ${(r.stderr || r.stdout).trim().slice(-500)}`);
  }
  // Belt and braces: stop anything recorded in a pid file that is still alive.
  const left = pids.filter((c) => pidAlive(c.pid));
  for (const c of left) {
    log(`stopping leftover ${c.name} (pid ${c.pid})`);
    killTree(c.pid, 'SIGTERM');
  }
  const deadline = Date.now() + 15_000;
  while (left.some((c) => pidAlive(c.pid)) && Date.now() < deadline) await sleep(200);
  for (const c of left.filter((x) => pidAlive(x.pid))) {
    log(`killing ${c.name} (pid ${c.pid})`);
    killTree(c.pid, 'SIGKILL');
  }
  fs.rmSync(p.dir, { recursive: true, force: true });
}

function killTree(pid, signal = 'SIGTERM') {
  try {
    process.kill(-pid, signal);
  } catch {
    /* not a group leader */
  }
  try {
    process.kill(pid, signal);
  } catch {
    /* gone */
  }
}

// ---------------------------------------------------------------------------------------------
// Base objects: kwok metrics/usage configuration and nodes

function nodeName(i) {
  return `ksd-node-${i}`;
}

function nodeObject(name, i) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'ksd.sim-8x32',
        type: 'kwok',
      },
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        // Where metrics-server scrapes this "kubelet": kwok serves it on its own port.
        'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${name}/metrics/resource`,
      },
    },
    spec: { podCIDR: `10.${64 + (i >> 8)}.${i & 255}.0/24` },
    status: {
      capacity: { cpu: NODE_CPU, memory: NODE_MEMORY, pods: NODE_PODS },
      allocatable: { cpu: NODE_CPU, memory: NODE_MEMORY, pods: NODE_PODS },
      // InternalIP reaches kwok on this machine; Hostname is the node name, which does not
      // resolve (like EC2/GKE node names seen from a pod with a broken DNS path).
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

async function pool(items, concurrency, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (i < items.length) {
      const item = items[i++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

async function ensureNodes(p, nodes, { log }) {
  const { core } = apis({ name: p.name });
  const list = await core.listNode({ labelSelector: 'type=kwok' });
  const existing = new Set(list.items.map((n) => n.metadata.name));
  const wanted = [];
  for (let i = 1; i <= nodes; i++) wanted.push(nodeName(i));
  const missing = wanted.filter((n) => !existing.has(n));
  const extra = [...existing].filter((n) => n.startsWith('ksd-node-') && !wanted.includes(n));
  if (missing.length) {
    log(`creating ${missing.length} node(s)`);
    await pool(missing, 16, async (n) => {
      const i = parseInt(n.slice('ksd-node-'.length), 10);
      try {
        await core.createNode({ body: nodeObject(n, i) });
      } catch (e) {
        if (!/AlreadyExists|409/.test(String(e.message || e.body))) throw e;
      }
    });
  }
  if (extra.length) {
    log(`deleting ${extra.length} extra node(s)`);
    await pool(extra, 16, async (n) => core.deleteNode({ name: n }).catch(() => {}));
  }
  await waitFor(`${nodes} nodes Ready`, async () => {
    const l = await core.listNode({ labelSelector: 'type=kwok' });
    const ready = l.items.filter((n) => (n.status?.conditions || []).some((c) => c.type === 'Ready' && c.status === 'True'));
    return ready.length >= nodes;
  }, { timeoutMs: 60_000 + nodes * 100, intervalMs: 1000 });
}

function ensureBaseObjects(p) {
  kubectl(['apply', '-f', path.join(HERE, 'manifests', 'kwok-metrics.yaml'), '-f', path.join(HERE, 'manifests', 'base.yaml')], { name: p.name });
}

async function ensureLoad(p, nodes, podsPerNode, { log }) {
  const total = nodes * podsPerNode;
  if (total <= 0) {
    kubectl(['delete', 'namespace', LOAD_NAMESPACE, '--ignore-not-found', '--wait=false'], { name: p.name, allowFail: true });
    return;
  }
  const per = 100;
  const count = Math.ceil(total / per);
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: LOAD_NAMESPACE } },
  ];
  for (let d = 0; d < count; d++) {
    const replicas = Math.min(per, total - d * per);
    const name = `filler-${String(d + 1).padStart(4, '0')}`;
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: LOAD_NAMESPACE, labels: { app: 'filler' } },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'filler', filler: name } },
        template: {
          metadata: {
            labels: { app: 'filler', filler: name },
            annotations: { 'kwok.x-k8s.io/usage-cpu': '5m', 'kwok.x-k8s.io/usage-memory': '20Mi' },
          },
          spec: {
            containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '32Mi' } } }],
          },
        },
      },
    });
  }
  log(`ensuring ${total} load pods (${count} Deployments in namespace ${LOAD_NAMESPACE})`);
  kubectl(['apply', '-f', '-'], { name: p.name, input: docs.map((d) => YAML.stringify(d)).join('---\n'), timeoutMs: 300_000 });
  const t0 = Date.now();
  await markLoadPodsRunning(p, total, { log });
  log(`load pods running after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

// kwok v0.7.0 runs every pod event through its stage selectors (gojq) on one goroutine. With 20,000
// pods it falls behind, the API server closes its pod watch as too slow (apiserver_terminated_watchers_total),
// and the re-list replays every pod: kwok never catches up and bound pods stay Pending. So kwok leaves the
// load pods' status alone (LOAD_POD_SELECTOR in the KwokConfiguration) and this sets it as kwok's pod-ready
// stage would. kwok still serves their metrics (it tracks every pod on its nodes). Scaling the load
// Deployments down would leave their pods Terminating: there is no kubelet to finish the deletion.
const LOAD_POD_SELECTOR = 'app=filler';

async function markLoadPodsRunning(p, total, { log }) {
  const { core } = apis({ name: p.name });
  const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
  let ip = 0;
  let marked = 0;
  const podIp = () => {
    const n = ip++;
    return `10.${128 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`;
  };
  const markRunning = async (pod) => {
    const now = new Date().toISOString();
    const condition = (type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    const address = podIp();
    const status = {
      phase: 'Running',
      conditions: [condition('Initialized'), condition('Ready'), condition('ContainersReady'), condition('PodScheduled')],
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      podIP: address,
      podIPs: [{ ip: address }],
      startTime: now,
      containerStatuses: pod.spec.containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } })),
    };
    try {
      await core.patchNamespacedPodStatus({ name: pod.metadata.name, namespace: LOAD_NAMESPACE, body: { status } }, mergePatch);
      marked++;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  };
  await waitFor(`${total} load pods Running in namespace ${LOAD_NAMESPACE}`, async () => {
    const bound = [];
    let _continue;
    do {
      const l = await core.listNamespacedPod({ namespace: LOAD_NAMESPACE, limit: 5000, _continue, fieldSelector: 'status.phase=Pending' });
      for (const pod of l.items) if (pod.spec?.nodeName) bound.push(pod);
      _continue = l.metadata?._continue;
    } while (_continue);
    await pool(bound, 16, markRunning);
    if (bound.length) log(`load pods: ${marked} marked Running`);
    const all = await core.listNamespacedPod({ namespace: LOAD_NAMESPACE, limit: 1 });
    const count = all.items.length + (all.metadata?.remainingItemCount ?? 0);
    const pending = await core.listNamespacedPod({ namespace: LOAD_NAMESPACE, limit: 1, fieldSelector: 'status.phase!=Running' });
    return count >= total && pending.items.length === 0;
  }, { timeoutMs: 120_000 + total * 50, intervalMs: 5000 });
}

// ---------------------------------------------------------------------------------------------
// metrics-server runner (background process)

function runnerAlive(p) {
  return pidAlive(readPid(p.runnerPid));
}

function startRunner(p, { log }) {
  if (runnerAlive(p)) return readPid(p.runnerPid);
  fs.mkdirSync(p.logsDir, { recursive: true });
  fs.mkdirSync(p.pidsDir, { recursive: true });
  const out = fs.openSync(p.runnerLog, 'a');
  const child = spawn(
    process.execPath,
    [path.join(HERE, 'metrics-server-runner.mjs'), '--cluster-dir', p.dir, '--metrics-server', BIN.metricsServer, '--kubectl', BIN.kubectl],
    {
      detached: true,
      stdio: ['ignore', out, out],
      cwd: p.dir,
      env: { ...process.env, KUBECONFIG: p.kubeconfig, KSD_METRICS_SERVER_VERSION: VERSIONS.METRICS_SERVER_VERSION },
    },
  );
  child.unref();
  fs.closeSync(out);
  fs.writeFileSync(p.runnerPid, String(child.pid));
  log(`metrics-server runner started (pid ${child.pid}, log ${p.runnerLog})`);
  return child.pid;
}

function stopRunner(p, { log = defaultLog } = {}) {
  const pid = readPid(p.runnerPid);
  if (pidAlive(pid)) {
    log(`stopping metrics-server runner (pid ${pid})`);
    killTree(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (pidAlive(pid) && Date.now() < deadline) spawnSync('sleep', ['0.2']);
    if (pidAlive(pid)) killTree(pid, 'SIGKILL');
  }
  // The runner kills its metrics-server children on SIGTERM; kill any survivor by pid file.
  try {
    for (const f of fs.readdirSync(p.msDir)) {
      const pidFile = path.join(p.msDir, f, 'metrics-server.pid');
      const msPid = readPid(pidFile);
      if (pidAlive(msPid)) killTree(msPid, 'SIGKILL');
    }
  } catch {
    /* none */
  }
  fs.rmSync(p.runnerPid, { force: true });
}

export function runnerStatus({ name = DEFAULT_NAME } = {}) {
  const p = paths({ name });
  try {
    return JSON.parse(fs.readFileSync(p.runnerStatus, 'utf8'));
  } catch {
    return null;
  }
}

/** Returns the current log text of the locally running metrics-server (what `kubectl logs` shows). */
export function metricsServerLogs({ name = DEFAULT_NAME } = {}) {
  const st = runnerStatus({ name });
  if (!st?.logFile) return '';
  try {
    return criToText(fs.readFileSync(st.logFile, 'utf8'));
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

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

function metricsServerManifest(variant) {
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
    kubectl(['delete', '-f', path.join(HERE, 'manifests', `metrics-server-${VERSIONS.METRICS_SERVER_VERSION}.yaml`), '--ignore-not-found', '--wait=true', '--timeout=60s'], { name: p.name, timeoutMs: 90_000 });
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

function scenarioManifestFiles(scenario) {
  const dir = path.join(HERE, 'scenarios', scenario);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Switches the running cluster to `scenario`: deletes the namespaces of other scenarios, sets
 * metrics-server as the scenario wants it (absent, or the official manifest with the scenario's
 * arguments), applies the scenario's manifests, and waits until the scenario shows its symptom.
 */
export async function switchScenario(scenario, { name = DEFAULT_NAME, log = defaultLog, wait = true, timeoutMs } = {}) {
  const def = SCENARIOS[scenario];
  if (!def) throw new Error(`unknown scenario "${scenario}"; known: ${scenarioNames().join(', ')}`);
  const p = paths({ name });
  const t0 = Date.now();
  const { core } = apis({ name });
  // Remove other scenarios' namespaces.
  const nsList = await core.listNamespace({ labelSelector: SCENARIO_LABEL });
  const stale = nsList.items.filter((n) => n.metadata.labels[SCENARIO_LABEL] !== scenario).map((n) => n.metadata.name);
  if (stale.length) {
    log(`removing namespaces of other scenarios: ${stale.join(', ')}`);
    kubectl(['delete', 'namespace', ...stale, '--ignore-not-found', '--wait=true', '--timeout=120s'], { name, timeoutMs: 150_000 });
  }
  const large = (await nodeCount(core)) >= LARGE_CLUSTER_NODES;
  const metricsServer = def.metricsServer && large ? { ...def.metricsServer, setArgs: { ...def.metricsServer.setArgs, ...LARGE_CLUSTER_METRICS_ARGS } } : def.metricsServer;
  await applyMetricsServer(p, metricsServer, { log });
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

/** Waits until the scenario shows its intended state (its symptom, or health for `healthy`). */
export async function waitForScenario(scenario, { name = DEFAULT_NAME, log = defaultLog, timeoutMs } = {}) {
  const def = SCENARIOS[scenario];
  const ctx = { name, apis: apis({ name }), kubectl: (a, o = {}) => kubectl(a, { name, ...o }), metricsServerLogs: () => metricsServerLogs({ name }), runnerStatus: () => runnerStatus({ name }) };
  for (const check of def.ready) {
    await waitFor(`scenario "${scenario}": ${check.what}`, () => check.test(ctx), { timeoutMs: timeoutMs ?? check.timeoutMs ?? 180_000, intervalMs: 2000 });
    log(`  ✓ ${check.what}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Public commands

export async function up({ scenario = 'healthy', nodes, podsPerNode = 0, name = DEFAULT_NAME, log = defaultLog } = {}) {
  if (!SCENARIOS[scenario]) throw new Error(`unknown scenario "${scenario}"; known: ${scenarioNames().join(', ')}`);
  nodes = Number(nodes ?? SCENARIOS[scenario].nodes ?? 3);
  podsPerNode = Number(podsPerNode || 0);
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`--nodes must be a positive integer (got ${nodes})`);
  if (!Number.isInteger(podsPerNode) || podsPerNode < 0 || podsPerNode > 100) throw new Error('--pods-per-node must be an integer between 0 and 100');
  const p = paths({ name });
  const t0 = Date.now();
  await ensureBinaries({ log });
  const how = await ensureControlPlane(p, { log });
  ensureBaseObjects(p);
  await ensureNodes(p, nodes, { log });
  startRunner(p, { log });
  await ensureLoad(p, nodes, podsPerNode, { log });
  writeState(p, { nodes, podsPerNode, kubeconfig: p.kubeconfig, versions: VERSIONS });
  await switchScenario(scenario, { name, log });
  const seconds = (Date.now() - t0) / 1000;
  log(`cluster "${name}" ${how}, scenario "${scenario}", ${nodes} node(s), ${nodes * podsPerNode} load pod(s): up in ${seconds.toFixed(1)}s`);
  writeState(p, { lastUpSeconds: seconds });
  return { kubeconfig: p.kubeconfig, name, scenario, dir: p.dir, seconds, how };
}

export async function down({ name = DEFAULT_NAME, log = defaultLog } = {}) {
  const p = paths({ name });
  if (!fs.existsSync(p.dir)) {
    log(`cluster "${name}" does not exist`);
    return false;
  }
  await destroyCluster(p, { log });
  log(`cluster "${name}" deleted`);
  return true;
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export async function status({ name = DEFAULT_NAME } = {}) {
  const p = paths({ name });
  const exists = clusterExists(p);
  const state = readState(p);
  const components = componentPids(p).filter((c) => !c.name.startsWith('ksd-')).map((c) => ({ ...c, rssMiB: Math.round(rssKiB(c.pid) / 1024) }));
  const runnerPid = readPid(p.runnerPid);
  const rs = runnerStatus({ name });
  const msPid = rs?.pid && pidAlive(rs.pid) ? rs.pid : 0;
  return {
    name,
    exists,
    ready: exists && apiserverReady(name),
    dir: p.dir,
    kubeconfig: exists ? p.kubeconfig : null,
    scenario: state.scenario || null,
    nodes: state.nodes ?? null,
    podsPerNode: state.podsPerNode ?? null,
    components,
    runner: { pid: runnerPid, alive: pidAlive(runnerPid), rssMiB: Math.round(rssKiB(runnerPid) / 1024) },
    metricsServer: rs ? { ...rs, alive: !!msPid, rssMiB: msPid ? Math.round(rssKiB(msPid) / 1024) : 0 } : null,
    versions: VERSIONS,
  };
}

// `--with custom-metrics`: sigs.k8s.io/custom-metrics-apiserver's test-adapter, a real aggregated API server for
// custom.metrics.k8s.io (v1beta1, v1beta2) and external.metrics.k8s.io (v1beta1), run as a local process with its own
// serving certificate and routed like metrics-server (metrics-server-runner.mjs): an ExternalName Service `localhost`
// on the process's port, and APIServices that trust the certificate's CA. Values are written through the adapter's
// POST /write-metrics endpoint (writeMetric below); its external metrics are the fixed ones of test-adapter's provider.
// The objects are upstream's test-adapter-deploy/testing-adapter.yaml (v1.36.0, the same in v1.37.0) less the Deployment.
// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, killTree, logTail, pidAlive, readPid, runBuildScript } from '../lib/process.mjs';
import { HERE, VERSIONS, paths, sleep } from '../lib/state.mjs';
import { serviceAccountKubeconfig, servingCertificate } from '../lib/serving.mjs';

const HEALTHY_TIMEOUT_MS = 90_000;
export const NAMESPACE = 'custom-metrics';
export const SERVICE = 'custom-metrics-apiserver';
export const APISERVICES = Object.freeze([
  { name: 'v1beta1.custom.metrics.k8s.io', group: 'custom.metrics.k8s.io', version: 'v1beta1', versionPriority: 100 },
  { name: 'v1beta2.custom.metrics.k8s.io', group: 'custom.metrics.k8s.io', version: 'v1beta2', versionPriority: 200 },
  { name: 'v1beta1.external.metrics.k8s.io', group: 'external.metrics.k8s.io', version: 'v1beta1', versionPriority: 100 },
]);

/** @typedef {import('./index.mjs').ComponentContext} ComponentContext */

/** @param {Pick<ComponentContext, 'paths' | 'cacheDir' | 'versions'>} ctx */
function files(ctx) {
  const dir = path.join(ctx.paths.dir, 'components', 'custom-metrics');
  return {
    binary: path.join(ctx.cacheDir, 'bin', `custom-metrics-${ctx.versions.CUSTOM_METRICS_APISERVER_VERSION}`, 'test-adapter'),
    dir,
    ports: path.join(dir, 'ports.json'),
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    cert: path.join(dir, 'serving.crt'),
    key: path.join(dir, 'serving.key'),
    kubeconfig: path.join(dir, 'serviceaccount.kubeconfig'),
    pid: path.join(ctx.paths.pidsDir, 'ksd-custom-metrics.pid'),
    log: path.join(ctx.paths.logsDir, 'ksd-custom-metrics.log'),
  };
}

/**
 * The adapter's objects: namespace, ServiceAccount, RBAC, the Service routed to the local port, the APIServices.
 * @param {number} port
 * @param {string} caBundle base64 PEM
 */
export function manifest(port, caBundle) {
  const sa = { kind: 'ServiceAccount', name: SERVICE, namespace: NAMESPACE };
  const labels = { 'app.kubernetes.io/name': 'custom-metrics-test-adapter', 'app.kubernetes.io/managed-by': 'ksd-cluster' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SERVICE, namespace: NAMESPACE, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'custom-metrics:system:auth-delegator', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [sa],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'custom-metrics-auth-reader', namespace: 'kube-system', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: [sa],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'custom-metrics-resource-reader', labels },
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods', 'services'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'custom-metrics-resource-reader', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'custom-metrics-resource-reader' },
      subjects: [sa],
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: SERVICE, namespace: NAMESPACE, labels },
      spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ name: 'https', port, protocol: 'TCP', targetPort: port }] },
    },
    ...APISERVICES.map((a) => ({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: a.name, labels },
      spec: { service: { name: SERVICE, namespace: NAMESPACE, port }, group: a.group, version: a.version, caBundle, groupPriorityMinimum: 100, versionPriority: a.versionPriority },
    })),
  ];
}

/**
 * Writes one value to the running adapter (test-adapter's POST /write-metrics/namespaces/NS/RESOURCE/NAME/METRIC).
 * What the custom metrics API then serves for that object: test-adapter keeps the last value written.
 * @param {{name: string, namespace: string, resource: string, object: string, metric: string, value: string | number}} what
 *   name: the cluster; resource: plural (pods, services…); value: a quantity ("300", "250m")
 */
export async function writeMetric({ name, namespace, resource, object, metric, value }) {
  const ports = readPorts(name);
  const url = `http://127.0.0.1:${ports.write}/write-metrics/namespaces/${encodeURIComponent(namespace)}/${encodeURIComponent(resource)}/${encodeURIComponent(object)}/${encodeURIComponent(metric)}`;
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(String(value)) });
  if (!res.ok) throw new Error(`custom-metrics: POST ${url} answered ${res.status}: ${(await res.text()).trim()}`);
}

/** @param {string} name cluster name @returns {{secure: number, write: number}} */
function readPorts(name) {
  const file = path.join(paths({ name }).dir, 'components', 'custom-metrics', 'ports.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`custom-metrics is not running on cluster "${name}" (no ${file}): start it with \`npm run cluster -- up --with custom-metrics\``);
  }
}

/**
 * Removes the adapter's APIServices (the process keeps running): custom.metrics.k8s.io and external.metrics.k8s.io are
 * then not served, as on a cluster without an adapter. `start` registers them again.
 * @param {Pick<ComponentContext, 'kubectl' | 'log'>} ctx
 * @param {{allowFail?: boolean}} [options]
 */
export function unregister(ctx, { allowFail = false } = {}) {
  const names = APISERVICES.filter((a) => !(a.group === 'external.metrics.k8s.io' && kedaServesExternal(ctx))).map((a) => a.name);
  ctx.log(`custom-metrics: deleting APIServices ${names.join(', ')}`);
  ctx.kubectl(['delete', 'apiservice', ...names, '--ignore-not-found', '--wait=true', '--timeout=60s'], { timeoutMs: 90_000, allowFail });
}

/**
 * Points v1beta1.external.metrics.k8s.io at the running adapter even when KEDA holds it: what installing a second adapter
 * after KEDA does (the keda-adapter-conflict scenario). KEDA's component start takes it back.
 * @param {ComponentContext} ctx
 */
export function takeExternalMetrics(ctx) {
  const f = files(ctx);
  const ports = readPorts(ctx.name);
  const external = manifest(ports.secure, fs.readFileSync(f.caCert).toString('base64')).filter((o) => o.kind === 'APIService' && o.spec.group === 'external.metrics.k8s.io');
  ctx.log('custom-metrics: taking APIService v1beta1.external.metrics.k8s.io');
  ctx.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: external }) });
}

/** Whether v1beta1.external.metrics.k8s.io is KEDA's (the labels components/keda.mjs gives it, as KEDA's manifests do). @param {Pick<ComponentContext, 'kubectl'>} ctx */
function kedaServesExternal(ctx) {
  const r = ctx.kubectl(['get', 'apiservice', 'v1beta1.external.metrics.k8s.io', '-o', 'jsonpath={.metadata.labels.app\\.kubernetes\\.io/part-of}'], { allowFail: true });
  return r.code === 0 && r.stdout.trim() === 'keda-operator';
}

/** @param {ComponentContext} ctx @param {string} name */
function apiServiceAvailable(ctx, name) {
  const r = ctx.kubectl(['get', 'apiservice', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status} {.status.conditions[?(@.type=="Available")].reason}'], { allowFail: true });
  return r.code === 0 ? r.stdout.trim() : `not found (${r.stderr.trim()})`;
}

/** @type {import('./index.mjs').ClusterComponent} */
export default {
  name: 'custom-metrics',
  description: `custom-metrics-apiserver ${VERSIONS.CUSTOM_METRICS_APISERVER_VERSION} test-adapter serving custom.metrics.k8s.io and external.metrics.k8s.io`,

  async build(ctx) {
    const f = files(ctx);
    if (fs.existsSync(f.binary)) {
      ctx.log(`custom-metrics test-adapter ${ctx.versions.CUSTOM_METRICS_APISERVER_VERSION} present: ${f.binary}`);
      return;
    }
    ctx.log(`building the custom-metrics test-adapter ${ctx.versions.CUSTOM_METRICS_APISERVER_VERSION} with scripts/custom-metrics/build.sh (docs/benchmarks.md: cold build)`);
    await runBuildScript(path.join(HERE, '..', 'custom-metrics', 'build.sh'), ctx);
    if (!fs.existsSync(f.binary)) throw new Error(`scripts/custom-metrics/build.sh finished but ${f.binary} is missing`);
  },

  async start(ctx) {
    const f = files(ctx);
    fs.mkdirSync(f.dir, { recursive: true });
    fs.mkdirSync(ctx.paths.pidsDir, { recursive: true });
    fs.mkdirSync(ctx.paths.logsDir, { recursive: true });
    const running = readPid(f.pid);
    /** @type {{secure: number, write: number}} */
    let ports;
    if (pidAlive(running) && fs.existsSync(f.ports)) {
      ports = JSON.parse(fs.readFileSync(f.ports, 'utf8'));
      ctx.log(`custom-metrics already running (pid ${running}, port ${ports.secure})`);
    } else {
      ports = { secure: await freePort(), write: await freePort() };
      fs.writeFileSync(f.ports, JSON.stringify(ports, null, 2));
    }
    servingCertificate({ dir: f.dir, caName: 'ksd-custom-metrics-ca', services: [`${SERVICE}.${NAMESPACE}`], cert: f.cert, key: f.key, caCert: f.caCert, caKey: f.caKey });
    // Applied every time (also for a running adapter): a scenario may have deleted the APIServices (unregister).
    const caBundle = fs.readFileSync(f.caCert).toString('base64');
    // KEDA's APIService for external.metrics.k8s.io stays (components/keda.mjs): KEDA takes it when both run.
    const items = manifest(ports.secure, caBundle).filter((o) => !(o.kind === 'APIService' && o.spec.group === 'external.metrics.k8s.io' && kedaServesExternal(ctx)));
    ctx.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
    if (pidAlive(running)) return;
    serviceAccountKubeconfig(ctx, { namespace: NAMESPACE, serviceAccount: SERVICE, file: f.kubeconfig });
    const args = [
      `--secure-port=${ports.secure}`,
      '--bind-address=127.0.0.1',
      `--tls-cert-file=${f.cert}`,
      `--tls-private-key-file=${f.key}`,
      `--lister-kubeconfig=${f.kubeconfig}`,
      `--authentication-kubeconfig=${f.kubeconfig}`,
      `--authorization-kubeconfig=${f.kubeconfig}`,
      `--write-address=127.0.0.1:${ports.write}`,
      '--v=2',
    ];
    const out = fs.openSync(f.log, 'a');
    const child = spawn(f.binary, args, { detached: true, stdio: ['ignore', out, out], cwd: f.dir });
    fs.closeSync(out);
    if (!child.pid) {
      const failed = await new Promise((resolve) => child.once('error', resolve));
      throw new Error(`custom-metrics: could not start ${f.binary}: ${/** @type {Error} */ (failed).message}`);
    }
    child.unref();
    fs.writeFileSync(f.pid, String(child.pid));
    ctx.log(`custom-metrics test-adapter started (pid ${child.pid}, https 127.0.0.1:${ports.secure}, writes http://127.0.0.1:${ports.write}/write-metrics, log ${f.log})`);
  },

  async waitHealthy(ctx) {
    const f = files(ctx);
    const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
    /** @type {string[]} */
    let states;
    for (;;) {
      const pid = readPid(f.pid);
      if (!pidAlive(pid)) throw new Error(`custom-metrics test-adapter (pid ${pid}) exited; ${f.log}:\n${logTail(f.log)}`);
      states = APISERVICES.map((a) => `${a.name}: ${apiServiceAvailable(ctx, a.name)}`);
      if (states.every((s) => /: True\b/.test(s))) break;
      if (Date.now() > deadline) throw new Error(`custom-metrics APIServices not Available within ${HEALTHY_TIMEOUT_MS / 1000}s (${states.join('; ')}); ${f.log}:\n${logTail(f.log)}`);
      await sleep(1000);
    }
    ctx.log(`custom-metrics ready: ${states.join('; ')}`);
  },

  async stop(ctx) {
    const f = files(ctx);
    const pid = readPid(f.pid);
    if (pidAlive(pid)) {
      // Its APIServices first: an aggregated API left unavailable stops the namespace controller from deleting anything.
      unregister(ctx, { allowFail: true });
      ctx.log(`stopping custom-metrics test-adapter (pid ${pid})`);
      killTree(pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (pidAlive(pid) && Date.now() < deadline) await sleep(200);
      if (pidAlive(pid)) killTree(pid, 'SIGKILL');
    }
    fs.rmSync(f.pid, { force: true });
  },
};

// `--with keda`: real KEDA (operator, metrics API server, admission webhooks) built from the Go module proxy
// (scripts/keda/build.sh) and run as local processes against the cluster, like the other components. KEDA's own
// manifests give the rest: its CRDs (config/crd/bases, as the crds component reads them), ServiceAccount and RBAC
// (config/service_account, config/rbac, config/metrics-server role files), so the processes run with the rights a
// KEDA install grants (a ServiceAccount token, not the cluster admin). Routed like custom-metrics: ExternalName Services
// `localhost` on each process's port, one CA for the APIService v1beta1.external.metrics.k8s.io, the validating
// webhooks and the operator ↔ metrics server gRPC link (KEDA's --enable-cert-rotation off: our CA instead of its own).
// The operator runs with --leader-elect as KEDA's manifests run it (its Lease operator.keda.sh), and through
// lib/criLog.mjs: its log, in the CRI format, is what kwok serves as the log of the pod of a stand-in Deployment
// keda/keda-operator (KEDA's labels and container name; replicas 0 while the process is stopped), so `kubectl logs` and
// the doctor read the real operator's log as in a cluster.
// KEDA takes v1beta1.external.metrics.k8s.io: with `--with custom-metrics,keda` (any order) custom-metrics serves
// custom.metrics.k8s.io only, which is the adapter-conflict scenario's starting point (scenarios-keda.mjs).
// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { freePort, logTail, pidAlive, readPid, runBuildScript, stopPidFile } from '../lib/process.mjs';
import { serviceAccountKubeconfig, servingCertificate } from '../lib/serving.mjs';
import { HERE, VERSIONS, sleep } from '../lib/state.mjs';
import { sourceDir } from '../../sources/upstream.mjs';
import { CRD_FILES } from './crds.mjs';

const CRI_LOG = path.join(HERE, 'lib', 'criLog.mjs');

const HEALTHY_TIMEOUT_MS = 120_000;
export const NAMESPACE = 'keda';
export const SERVICE_ACCOUNT = 'keda-operator';
export const METRICS_SERVICE = 'keda-metrics-apiserver';
export const WEBHOOKS_SERVICE = 'keda-admission-webhooks';
export const APISERVICE = 'v1beta1.external.metrics.k8s.io';
/** The operator's leader Lease (cmd/operator/main.go: --leader-election-id default). */
export const LEADER_LEASE = 'operator.keda.sh';
/** The labels KEDA's manifests put on its objects (config/metrics-server/api_service.yaml and others). */
const PART_OF = { 'app.kubernetes.io/part-of': 'keda-operator', 'app.kubernetes.io/managed-by': 'ksd-cluster' };
/** KEDA's own manifest files applied as they are. */
const RBAC_FILES = [
  'config/service_account/service_account.yaml',
  'config/rbac/role.yaml',
  'config/rbac/role_binding.yaml',
  'config/metrics-server/role.yaml',
  'config/metrics-server/role_binding.yaml',
];
const WEBHOOKS_FILE = 'config/webhooks/validation_webhooks.yaml';
/** The operator also watches CloudEventSources (its eventing controllers): without their CRDs it logs an error a second. */
const EVENTING_CRDS = ['config/crd/bases/eventing.keda.sh_cloudeventsources.yaml', 'config/crd/bases/eventing.keda.sh_clustercloudeventsources.yaml'];
export const PROCESSES = /** @type {const} */ (['operator', 'adapter', 'webhooks']);

/** @typedef {import('./index.mjs').ComponentContext} ComponentContext */
/** @typedef {{grpc: number, operatorHealth: number, operatorMetrics: number, adapterSecure: number, adapterMetrics: number, webhooks: number, webhooksHealth: number, webhooksMetrics: number}} Ports */

/** @param {Pick<ComponentContext, 'paths' | 'cacheDir' | 'versions'>} ctx */
function files(ctx) {
  const dir = path.join(ctx.paths.dir, 'components', 'keda');
  const certs = path.join(dir, 'certs');
  return {
    binDir: path.join(ctx.cacheDir, 'bin', `keda-${ctx.versions.KEDA_VERSION}`),
    dir,
    certs,
    ports: path.join(dir, 'ports.json'),
    // The names KEDA's processes read from their --cert-dir (pkg/metricsservice/utils/tls.go; the webhook server's defaults).
    caCert: path.join(certs, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    cert: path.join(certs, 'tls.crt'),
    key: path.join(certs, 'tls.key'),
    kubeconfig: path.join(dir, 'serviceaccount.kubeconfig'),
    /** @param {string} p */
    pid: (p) => path.join(ctx.paths.pidsDir, `ksd-keda-${p}.pid`),
    /** @param {string} p */
    log: (p) => path.join(ctx.paths.logsDir, `ksd-keda-${p}.log`),
  };
}

/** The KEDA manifest files in the module cache (downloading the module if it is missing). */
function kedaFile(/** @type {string} */ rel) {
  const p = path.join(sourceDir('keda'), rel);
  if (!fs.existsSync(p)) throw new Error(`keda: ${rel} is missing from the KEDA module: has it moved?`);
  return p;
}

/** The operator's stand-in Deployment (kwok runs its pod): labelled and named as KEDA's manifests name theirs. */
export const OPERATOR_DEPLOYMENT = 'keda-operator';
/** Its image names no release: the version the doctor reads is the one KEDA itself writes (on its HPAs). */
const OPERATOR_IMAGE = 'ksd-local/keda-operator';

/**
 * Our objects: the namespace, the Services routed to the local ports, the APIService, the validating webhooks (KEDA's
 * file, pointed at our Service port and CA), and the operator's Deployment (config/manager/manager.yaml's labels and
 * container name) whose kwok pod serves the real operator's log (ClusterLogs → its CRI log file): `kubectl logs` and
 * the doctor read it as in a cluster. Its replicas follow the process (stopProcess scales it to 0).
 * @param {Ports} ports
 * @param {string} caBundle base64 PEM
 * @param {string} operatorLog the operator's log file (CRI format, scripts/cluster/lib/criLog.mjs)
 */
export function manifest(ports, caBundle, operatorLog) {
  const service = (/** @type {string} */ name, /** @type {number} */ port) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': name, ...PART_OF } },
    spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ name: 'https', port, protocol: 'TCP', targetPort: port }] },
  });
  const webhooks = parseAllDocuments(fs.readFileSync(kedaFile(WEBHOOKS_FILE), 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o?.kind === 'ValidatingWebhookConfiguration');
  for (const w of webhooks) {
    w.metadata.labels = { ...w.metadata.labels, ...PART_OF };
    for (const hook of w.webhooks ?? []) hook.clientConfig = { service: { ...hook.clientConfig.service, namespace: NAMESPACE, port: ports.webhooks }, caBundle };
  }
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: PART_OF } },
    service(METRICS_SERVICE, ports.adapterSecure),
    service(WEBHOOKS_SERVICE, ports.webhooks),
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: APISERVICE, labels: { 'app.kubernetes.io/name': APISERVICE, ...PART_OF } },
      spec: {
        service: { name: METRICS_SERVICE, namespace: NAMESPACE, port: ports.adapterSecure },
        group: 'external.metrics.k8s.io',
        version: 'v1beta1',
        caBundle,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
    ...webhooks,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: OPERATOR_DEPLOYMENT, namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': OPERATOR_DEPLOYMENT, ...PART_OF } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: OPERATOR_DEPLOYMENT } },
        template: {
          metadata: { labels: { app: OPERATOR_DEPLOYMENT, 'app.kubernetes.io/name': OPERATOR_DEPLOYMENT } },
          spec: { serviceAccountName: SERVICE_ACCOUNT, containers: [{ name: OPERATOR_DEPLOYMENT, image: OPERATOR_IMAGE }] },
        },
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'ksd-keda-operator', labels: PART_OF },
      spec: { selector: { matchNamespaces: [NAMESPACE] }, logs: [{ containers: [OPERATOR_DEPLOYMENT], logsFile: operatorLog, follow: true }] },
    },
  ];
}

/**
 * Each process's arguments, as KEDA's Deployments pass them (config/manager, config/metrics-server, config/webhooks),
 * with loopback ports of their own instead of the pod's fixed ones; their kubeconfig comes from KUBECONFIG (controller-runtime's
 * GetConfig), like in-cluster config in a pod.
 * @param {ReturnType<typeof files>} f
 * @param {Ports} ports
 */
function commands(f, ports) {
  const log = ['--zap-log-level=info', '--zap-encoder=console', '--zap-time-encoding=rfc3339'];
  return {
    operator: [
      '--leader-elect',
      ...log,
      `--cert-dir=${f.certs}`,
      `--metrics-bind-address=127.0.0.1:${ports.operatorMetrics}`,
      `--health-probe-bind-address=127.0.0.1:${ports.operatorHealth}`,
      `--metrics-service-bind-address=127.0.0.1:${ports.grpc}`,
    ],
    adapter: [
      `--secure-port=${ports.adapterSecure}`,
      '--bind-address=127.0.0.1',
      `--port=${ports.adapterMetrics}`,
      `--tls-cert-file=${f.cert}`,
      `--tls-private-key-file=${f.key}`,
      `--cert-dir=${f.certs}`,
      `--lister-kubeconfig=${f.kubeconfig}`,
      `--authentication-kubeconfig=${f.kubeconfig}`,
      `--authorization-kubeconfig=${f.kubeconfig}`,
      `--metrics-service-address=127.0.0.1:${ports.grpc}`,
      '--zap-log-level=info',
    ],
    webhooks: [
      ...log,
      `--cert-dir=${f.certs}`,
      `--port=${ports.webhooks}`,
      `--metrics-bind-address=127.0.0.1:${ports.webhooksMetrics}`,
      `--health-probe-bind-address=127.0.0.1:${ports.webhooksHealth}`,
    ],
  };
}

/** @param {ComponentContext} ctx */
function apiServiceState(ctx) {
  const r = ctx.kubectl(['get', 'apiservice', APISERVICE, '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status} {.status.conditions[?(@.type=="Available")].reason}'], {
    allowFail: true,
  });
  return r.code === 0 ? r.stdout.trim() : `not found (${r.stderr.trim()})`;
}

/** @param {number} port */
async function probe(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? 'ok' : `readyz answered ${res.status}`;
  } catch (err) {
    return `readyz: ${/** @type {Error} */ (err).message}`;
  }
}

/**
 * Removes KEDA's finalizer (finalizer.keda.sh) from every ScaledObject and ScaledJob. Only the operator removes it, so
 * with the operator stopped a namespace holding one never finishes deleting, and a scenario switch waits on it.
 * @param {Pick<ComponentContext, 'kubectl' | 'log'>} ctx
 */
function releaseFinalizers(ctx) {
  const r = ctx.kubectl(['get', 'scaledobjects.keda.sh,scaledjobs.keda.sh', '-A', '-o', 'json'], { allowFail: true });
  if (r.code !== 0) return; // CRDs not installed: nothing holds a finalizer
  for (const o of JSON.parse(r.stdout).items ?? []) {
    if (!(o.metadata.finalizers ?? []).length) continue;
    ctx.log(`keda: removing the finalizers of ${o.kind} ${o.metadata.namespace}/${o.metadata.name} (no operator will)`);
    ctx.kubectl(['-n', o.metadata.namespace, 'patch', o.kind.toLowerCase() + '.keda.sh', o.metadata.name, '--type=merge', '-p', '{"metadata":{"finalizers":null}}'], { allowFail: true });
  }
}

/**
 * Stops one KEDA process (the operator, for the operator-down scenario; its finalizers released, so the scenario's
 * namespace can still be deleted); `start` runs it again.
 * @param {Pick<ComponentContext, 'paths' | 'cacheDir' | 'versions' | 'log' | 'kubectl'>} ctx
 * @param {typeof PROCESSES[number]} which
 */
export async function stopProcess(ctx, which) {
  await stopPidFile(files(ctx).pid(which), { what: `keda ${which}`, log: ctx.log });
  if (which !== 'operator') return;
  // Its pod goes too, as a crashed operator's would: no ready replica is what the doctor reads with the stale Lease.
  ctx.kubectl(['-n', NAMESPACE, 'scale', 'deployment', OPERATOR_DEPLOYMENT, '--replicas=0'], { allowFail: true });
  releaseFinalizers(ctx);
}

/** @type {import('./index.mjs').ClusterComponent} */
export default {
  name: 'keda',
  description: `KEDA ${VERSIONS.KEDA_VERSION} operator, metrics API server (external.metrics.k8s.io) and admission webhooks`,

  async build(ctx) {
    const f = files(ctx);
    if (PROCESSES.every((p) => fs.existsSync(path.join(f.binDir, p)))) {
      ctx.log(`keda ${ctx.versions.KEDA_VERSION} present: ${f.binDir}`);
      return;
    }
    ctx.log(`building keda ${ctx.versions.KEDA_VERSION} with scripts/keda/build.sh (large: docs/benchmarks.md has the cold figure)`);
    await runBuildScript(path.join(HERE, '..', 'keda', 'build.sh'), ctx);
    for (const p of PROCESSES) if (!fs.existsSync(path.join(f.binDir, p))) throw new Error(`scripts/keda/build.sh finished but ${path.join(f.binDir, p)} is missing`);
  },

  async start(ctx) {
    const f = files(ctx);
    for (const d of [f.dir, f.certs, ctx.paths.pidsDir, ctx.paths.logsDir]) fs.mkdirSync(d, { recursive: true });
    // The CRDs first (server-side: larger than the last-applied annotation allows), then KEDA's RBAC.
    const crds = [...CRD_FILES.keda, ...EVENTING_CRDS].map(kedaFile);
    const applied = ctx.kubectl(['apply', '--server-side', '--force-conflicts', ...crds.flatMap((p) => ['-f', p])], { allowFail: true, timeoutMs: 120_000 });
    if (applied.code !== 0) throw new Error(`keda: applying KEDA's CRDs failed: ${applied.stderr.trim()}`);
    const running = PROCESSES.filter((p) => pidAlive(readPid(f.pid(p))));
    /** @type {Ports} */
    let ports;
    if (running.length && fs.existsSync(f.ports)) ports = JSON.parse(fs.readFileSync(f.ports, 'utf8'));
    else {
      const [grpc, operatorHealth, operatorMetrics, adapterSecure, adapterMetrics, webhooks, webhooksHealth, webhooksMetrics] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
      ports = { grpc, operatorHealth, operatorMetrics, adapterSecure, adapterMetrics, webhooks, webhooksHealth, webhooksMetrics };
      fs.writeFileSync(f.ports, JSON.stringify(ports, null, 2));
    }
    servingCertificate({
      dir: f.dir,
      caName: 'ksd-keda-ca',
      services: [`keda-operator.${NAMESPACE}`, `${METRICS_SERVICE}.${NAMESPACE}`, `${WEBHOOKS_SERVICE}.${NAMESPACE}`],
      cert: f.cert,
      key: f.key,
      caCert: f.caCert,
      caKey: f.caKey,
      clientAuth: true,
    });
    const caBundle = fs.readFileSync(f.caCert).toString('base64');
    // Applied every time (also with KEDA running): a scenario may have replaced the APIService with another adapter's.
    ctx.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifest(ports, caBundle, f.log('operator')).slice(0, 1) }) });
    const rbac = ctx.kubectl(['apply', ...RBAC_FILES.flatMap((r) => ['-f', kedaFile(r)])], { allowFail: true });
    if (rbac.code !== 0) throw new Error(`keda: applying KEDA's RBAC failed: ${rbac.stderr.trim()}`);
    ctx.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifest(ports, caBundle, f.log('operator')).slice(1) }) });
    if (PROCESSES.every((p) => running.includes(p))) {
      ctx.log(`keda already running (${PROCESSES.map((p) => `${p} pid ${readPid(f.pid(p))}`).join(', ')})`);
      return;
    }
    serviceAccountKubeconfig(ctx, { namespace: NAMESPACE, serviceAccount: SERVICE_ACCOUNT, file: f.kubeconfig });
    // What the pods get from their Deployments' env (config/manager/manager.yaml, config/metrics-server/deployment.yaml).
    const env = {
      ...process.env,
      WATCH_NAMESPACE: '',
      POD_NAMESPACE: NAMESPACE,
      KEDA_CLUSTER_OBJECT_NAMESPACE: NAMESPACE,
      POD_NAME: `ksd-keda-${ctx.name}`,
      OPERATOR_NAME: 'keda-operator',
      KUBECONFIG: f.kubeconfig,
    };
    const args = commands(f, ports);
    for (const p of PROCESSES) {
      if (running.includes(p)) continue;
      // The operator's log in the CRI format, which kwok serves as its pod's (`kubectl logs`, the doctor); the others plain.
      const out = p === 'operator' ? 'ignore' : fs.openSync(f.log(p), 'a');
      const [command, argv] = p === 'operator' ? [process.execPath, [CRI_LOG, f.log(p), path.join(f.binDir, p), ...args[p]]] : [path.join(f.binDir, p), args[p]];
      const child = spawn(command, argv, { detached: true, stdio: ['ignore', out, out], cwd: f.dir, env });
      if (typeof out === 'number') fs.closeSync(out);
      if (!child.pid) {
        const failed = await new Promise((resolve) => child.once('error', resolve));
        throw new Error(`keda: could not start ${p}: ${/** @type {Error} */ (failed).message}`);
      }
      child.unref();
      fs.writeFileSync(f.pid(p), String(child.pid));
      ctx.log(`keda ${p} started (pid ${child.pid}, log ${f.log(p)})`);
    }
  },

  async waitHealthy(ctx) {
    const f = files(ctx);
    const ports = /** @type {Ports} */ (JSON.parse(fs.readFileSync(f.ports, 'utf8')));
    const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
    /** @type {string[]} */
    let states;
    for (;;) {
      for (const p of PROCESSES) {
        const pid = readPid(f.pid(p));
        if (!pidAlive(pid)) throw new Error(`keda ${p} (pid ${pid}) exited; ${f.log(p)}:\n${logTail(f.log(p))}`);
      }
      states = [`operator: ${await probe(ports.operatorHealth)}`, `webhooks: ${await probe(ports.webhooksHealth)}`, `${APISERVICE}: ${apiServiceState(ctx)}`];
      if (states[0].endsWith('ok') && states[1].endsWith('ok') && /: True\b/.test(states[2])) break;
      if (Date.now() > deadline) throw new Error(`keda not ready within ${HEALTHY_TIMEOUT_MS / 1000}s (${states.join('; ')}); logs: ${PROCESSES.map((p) => f.log(p)).join(', ')}`);
      await sleep(1000);
    }
    ctx.log(`keda ready: ${states.join('; ')}`);
  },

  async stop(ctx) {
    const f = files(ctx);
    const ran = PROCESSES.some((p) => pidAlive(readPid(f.pid(p))));
    if (ran) {
      // The APIService and webhooks first (only while KEDA's: another adapter may hold external.metrics.k8s.io now): an
      // aggregated API left unavailable stops the namespace controller from deleting anything.
      ctx.kubectl(['delete', 'apiservice,validatingwebhookconfiguration', '-l', 'app.kubernetes.io/part-of=keda-operator', '--ignore-not-found', '--timeout=60s'], {
        allowFail: true,
        timeoutMs: 90_000,
      });
      // The operator's stand-in Deployment and its log routing go with it (a later scenario's ScaledObject has no operator).
      ctx.kubectl(['delete', 'clusterlogs.kwok.x-k8s.io', '-l', 'app.kubernetes.io/part-of=keda-operator', '--ignore-not-found'], { allowFail: true });
      ctx.kubectl(['-n', NAMESPACE, 'delete', 'deployment', OPERATOR_DEPLOYMENT, '--ignore-not-found', '--wait=false'], { allowFail: true });
    }
    for (const p of [...PROCESSES].reverse()) await stopPidFile(f.pid(p), { what: `keda ${p}`, log: ctx.log });
    if (ran) releaseFinalizers(ctx);
  },
};

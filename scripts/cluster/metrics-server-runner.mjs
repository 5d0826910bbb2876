#!/usr/bin/env node
// Runs the REAL metrics-server binary as a local process on behalf of the simulated pod of the
// Deployment kube-system/metrics-server, so that everything a user (or our doctor) changes on
// that Deployment takes effect exactly as it would on a real cluster.
// Long (~480 lines): a standalone process (it outlives the CLI that starts it), so it carries its own pod watch, TLS files and restart loop.
//
//   node metrics-server-runner.mjs --cluster-dir DIR --metrics-server BIN
//
// Every 2 s it reads the Deployment, its newest ReplicaSet and its pods (kwok "runs" the pod:
// it is scheduled and Running, but no container exists). It starts the metrics-server binary
// with the container's command/args of the current pod, rewritten only where a local process
// must differ from a container (see rewriteArgs below and docs/cluster.md), restarts it when the
// current pod changes (template patch, rollout restart, pod deleted) or when it exits (with
// back-off, like CrashLoopBackOff), serves its output as the pod's logs through a kwok `Logs`
// object (so `kubectl logs -n kube-system deploy/metrics-server` shows it), and routes the
// APIService to it the way kwokctl does: the Service becomes ExternalName `localhost` on the
// process's port and the APIService points at that port.
// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';

const NAMESPACE = 'kube-system';
const DEPLOYMENT = 'metrics-server';
const APISERVICE = 'v1beta1.metrics.k8s.io';
const CONTAINER = 'metrics-server';

/**
 * Flags a local process cannot take verbatim from the container spec. Everything else in the
 * container's command/args is passed unchanged (including --kubelet-insecure-tls,
 * --kubelet-preferred-address-types, --kubelet-use-node-status-port, --kubelet-port,
 * --metric-resolution, -v...).
 */
export const REWRITTEN_FLAGS = {
  '--secure-port': 'a free local port: every pod has its own network namespace, local processes share one',
  '--bind-address': '127.0.0.1: serve only on loopback (the ExternalName Service points at localhost)',
  '--cert-dir': "a per-pod directory in the cluster state dir (the container's emptyDir /tmp)",
  '--kubeconfig': "a kubeconfig with a token of the pod's ServiceAccount (what in-cluster config gives a pod)",
  '--authentication-kubeconfig': 'same ServiceAccount kubeconfig (in-cluster config in a pod)',
  '--authorization-kubeconfig': 'same ServiceAccount kubeconfig (in-cluster config in a pod)',
  '--tls-cert-file': 'dropped: a path inside the container; metrics-server then self-signs into --cert-dir',
  '--tls-private-key-file': 'dropped: a path inside the container',
};
const FLAGS_WITH_VALUE = new Set(Object.keys(REWRITTEN_FLAGS));
// Flags naming files inside the container that we cannot provide: dropped with a warning.
const CONTAINER_FILE_FLAGS = new Set(['--kubelet-certificate-authority', '--kubelet-client-certificate', '--kubelet-client-key', '--requestheader-client-ca-file', '--client-ca-file']);

/** Expands $(VAR) references like the kubelet does, with the container's literal env values. */
function expandVars(s, env) {
  return s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v) => (v in env ? env[v] : m));
}

/**
 * Turns the container spec into the argv of a local process.
 * Returns {argv, env, notes}. `notes` lists every change, for the runner log and docs.
 */
export function rewriteArgs(container, { port, certDir, kubeconfig }) {
  const env = {};
  for (const e of container.env || []) if (typeof e.value === 'string') env[e.name] = e.value;
  // No command: the image entrypoint (/metrics-server) runs with args. With a command, its first
  // element is the binary and the rest are arguments, followed by args.
  const tokens = [...(container.command || []).slice(1), ...(container.args || [])].map((t) => expandVars(t, env));
  const out = [];
  const notes = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const m = /^(--?[A-Za-z0-9-]+)(?:=(.*))?$/s.exec(t);
    if (!m) {
      out.push(t);
      continue;
    }
    const flag = m[1].startsWith('--') ? m[1] : `-${m[1]}`; // -flag and --flag are the same to pflag
    let value = m[2];
    const takesValue = FLAGS_WITH_VALUE.has(flag) || CONTAINER_FILE_FLAGS.has(flag);
    if (takesValue && value === undefined && i + 1 < tokens.length && !tokens[i + 1].startsWith('-')) value = tokens[++i];
    if (FLAGS_WITH_VALUE.has(flag)) {
      notes.push(`${flag}${value !== undefined ? `=${value}` : ''} rewritten (${REWRITTEN_FLAGS[flag]})`);
      continue; // re-added below
    }
    if (CONTAINER_FILE_FLAGS.has(flag)) {
      notes.push(`${flag}=${value} dropped: a file inside the container that a local process cannot read`);
      continue;
    }
    out.push(t); // verbatim
  }
  out.push(
    `--secure-port=${port}`,
    '--bind-address=127.0.0.1',
    `--cert-dir=${certDir}`,
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
  );
  return { argv: out, env, notes };
}

// ---------------------------------------------------------------------------------------------

function parseCli(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cluster-dir') o.clusterDir = argv[++i];
    else if (argv[i] === '--metrics-server') o.binary = argv[++i];
    else if (argv[i] === '--kubectl') o.kubectl = argv[++i];
    else if (argv[i] === '--once') o.once = true;
  }
  return o;
}

const ts = () => new Date().toISOString();
// RFC3339Nano as the kubelet writes it (millisecond precision padded to nanoseconds).
const criTimestamp = () => new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

/** Strips the CRI log prefix: returns the plain output lines. */
export function criToText(text) {
  return text
    .split('\n')
    .map((l) => l.replace(/^\S+ (stdout|stderr) [FP] /, ''))
    .join('\n');
}
const say = (msg) => process.stdout.write(`${ts()} ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3);
    return state !== 'Z';
  } catch {
    return false;
  }
}

class Runner {
  constructor({ clusterDir, binary, kubectl }) {
    this.dir = clusterDir;
    this.binary = binary;
    this.adminKubeconfig = path.join(clusterDir, 'kubeconfig.yaml');
    this.kubectlBin = kubectl;
    this.kc = new k8s.KubeConfig();
    this.kc.loadFromFile(this.adminKubeconfig);
    this.core = this.kc.makeApiClient(k8s.CoreV1Api);
    this.apps = this.kc.makeApiClient(k8s.AppsV1Api);
    this.apireg = this.kc.makeApiClient(k8s.ApiregistrationV1Api);
    this.current = null; // {podName, podUid, child, pid, port, logFile, restarts, nextStartAt, ...}
    this.logsApplied = new Map();
    this.statusFile = path.join(clusterDir, 'ksd-runner-status.json');
    this.stopping = false;
  }

  kubectl(args, input) {
    const r = spawnSync(this.kubectlBin, args, {
      env: { ...process.env, KUBECONFIG: this.adminKubeconfig },
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (r.status !== 0) throw new Error(`kubectl ${args.slice(0, 3).join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`);
    return r.stdout;
  }

  async desiredPod() {
    let dep;
    try {
      dep = await this.apps.readNamespacedDeployment({ name: DEPLOYMENT, namespace: NAMESPACE });
    } catch (e) {
      if (e.code === 404) return { dep: null, pod: null };
      throw e;
    }
    const sel = Object.entries(dep.spec.selector.matchLabels || {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const [rsList, podList] = await Promise.all([
      this.apps.listNamespacedReplicaSet({ namespace: NAMESPACE, labelSelector: sel }),
      this.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: sel }),
    ]);
    const owned = rsList.items.filter((rs) => (rs.metadata.ownerReferences || []).some((o) => o.uid === dep.metadata.uid));
    const rev = (rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] || 0);
    owned.sort((a, b) => rev(b) - rev(a));
    const newest = owned[0];
    const running = podList.items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && p.spec.nodeName);
    const ofRs = (rs) => running.filter((p) => (p.metadata.ownerReferences || []).some((o) => o.uid === rs?.metadata.uid));
    const byAge = (a, b) => new Date(a.metadata.creationTimestamp).getTime() - new Date(b.metadata.creationTimestamp).getTime();
    // The newest ReplicaSet's pod once it runs; during a rollout, the old pod until then.
    let pod = ofRs(newest).sort(byAge)[0];
    if (!pod && this.current) pod = running.find((p) => p.metadata.uid === this.current.podUid);
    if (!pod) pod = running.sort(byAge)[0];
    return { dep, pod: pod || null };
  }

  async serviceAccountKubeconfig(pod, podDir) {
    const sa = pod.spec.serviceAccountName || 'default';
    const tr = await this.core.createNamespacedServiceAccountToken({
      name: sa,
      namespace: pod.metadata.namespace,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        // audiences left out: the API server's own audience, as for a pod's projected token.
        spec: /** @type {k8s.V1TokenRequestSpec} */ ({
          expirationSeconds: 86400,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
        }),
      },
    });
    const cluster = this.kc.getCurrentCluster();
    const file = path.join(podDir, 'serviceaccount.kubeconfig');
    const caFile = path.join(this.dir, 'pki', 'ca.crt');
    const yaml = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: in-cluster`,
      '  cluster:',
      `    server: ${cluster.server}`,
      `    certificate-authority: ${caFile}`,
      'users:',
      `- name: ${pod.metadata.namespace}-${sa}`,
      '  user:',
      `    token: ${tr.status.token}`,
      'contexts:',
      '- name: in-cluster',
      '  context:',
      '    cluster: in-cluster',
      `    user: ${pod.metadata.namespace}-${sa}`,
      `    namespace: ${pod.metadata.namespace}`,
      'current-context: in-cluster',
      '',
    ].join('\n');
    fs.writeFileSync(file, yaml, { mode: 0o600 });
    return file;
  }

  async start(pod, reason) {
    const container = pod.spec.containers.find((c) => c.name === CONTAINER) || pod.spec.containers[0];
    const podDir = path.join(this.dir, 'metrics-server', pod.metadata.name);
    const certDir = path.join(podDir, 'certs');
    fs.mkdirSync(certDir, { recursive: true });
    const prev = this.current && this.current.podUid === pod.metadata.uid ? this.current : null;
    const port = prev?.port || (await freePort());
    const kubeconfig = await this.serviceAccountKubeconfig(pod, podDir);
    const { argv, env, notes } = rewriteArgs(container, { port, certDir, kubeconfig });
    const logFile = path.join(podDir, 'metrics-server.log');
    const previousLogFile = path.join(podDir, 'metrics-server.previous.log');
    if (prev && fs.existsSync(logFile)) fs.renameSync(logFile, previousLogFile);
    const child = spawn(this.binary, argv, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: podDir, ...env },
      cwd: podDir,
    });
    // The file is in the CRI container log format (what kubelets write under /var/log/pods and
    // what kwok's Logs resource reads): "<RFC3339Nano> <stream> F <line>".
    const out = fs.createWriteStream(logFile, { flags: 'w' });
    let open = 2;
    for (const [name, stream] of /** @type {[string, import('node:stream').Readable][]} */ ([
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ])) {
      const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
      rl.on('line', (line) => out.write(`${criTimestamp()} ${name} F ${line}\n`));
      rl.on('close', () => {
        if (--open === 0) out.end();
      });
    }
    fs.writeFileSync(path.join(podDir, 'metrics-server.pid'), String(child.pid));
    const restarts = prev ? prev.restarts + 1 : 0;
    this.current = {
      podName: pod.metadata.name,
      podUid: pod.metadata.uid,
      node: pod.spec.nodeName,
      image: container.image,
      child,
      pid: child.pid,
      port,
      argv,
      originalArgs: [...(container.command || []), ...(container.args || [])],
      notes,
      logFile,
      previousLogFile: prev ? previousLogFile : undefined,
      restarts,
      startedAt: ts(),
      exited: null,
    };
    child.on('exit', (code, signal) => {
      if (this.current?.child === child) {
        this.current.exited = { code, signal, at: Date.now() };
        say(`metrics-server for pod ${pod.metadata.name} exited (code ${code}, signal ${signal})`);
      }
    });
    say(`started metrics-server for pod ${NAMESPACE}/${pod.metadata.name} (${reason}); pid ${child.pid}, port ${port}`);
    say(`  container args: ${JSON.stringify(this.current.originalArgs)}`);
    for (const n of notes) say(`  ${n}`);
    say(`  local argv: ${JSON.stringify(argv.map((a) => (a.includes('kubeconfig=') ? a.replace(/=.*/, '=<serviceaccount kubeconfig>') : a)))}`);
    const tag = /:(v[0-9.]+)$/.exec(container.image || '')?.[1];
    if (tag && tag !== process.env.KSD_METRICS_SERVER_VERSION && process.env.KSD_METRICS_SERVER_VERSION) {
      say(`  note: pod image tag ${tag} differs from the local binary ${process.env.KSD_METRICS_SERVER_VERSION}`);
    }
  }

  async stop(why) {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    if (alive(cur.pid)) {
      say(`stopping metrics-server for pod ${cur.podName} (${why})`);
      try {
        process.kill(-cur.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      for (let i = 0; i < 50 && alive(cur.pid); i++) await sleep(100);
      if (alive(cur.pid)) {
        try {
          process.kill(-cur.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  }

  async ensureLogs(pod) {
    const cur = this.current;
    const key = `${pod.metadata.name}|${cur.logFile}|${cur.previousLogFile || ''}`;
    if (this.logsApplied.get(pod.metadata.name) === key) return;
    const log = { containers: [CONTAINER], logsFile: cur.logFile, follow: true };
    if (cur.previousLogFile) log.previousLogsFile = cur.previousLogFile;
    const obj = {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, labels: { 'app.kubernetes.io/managed-by': 'ksd-metrics-server-runner' } },
      spec: { logs: [log] },
    };
    this.kubectl(['apply', '-f', '-'], JSON.stringify(obj));
    this.logsApplied.set(pod.metadata.name, key);
  }

  async ensureRouting(port) {
    let apisvc;
    try {
      apisvc = await this.apireg.readAPIService({ name: APISERVICE });
    } catch (e) {
      if (e.code === 404) return;
      throw e;
    }
    const ref = apisvc.spec.service;
    if (!ref) return;
    let svc;
    try {
      svc = await this.core.readNamespacedService({ name: ref.name, namespace: ref.namespace });
    } catch (e) {
      if (e.code !== 404) throw e;
      return; // a missing Service is a real, reportable misconfiguration: leave it alone
    }
    const p0 = svc.spec.ports?.[0];
    if (svc.spec.type !== 'ExternalName' || svc.spec.externalName !== 'localhost' || !p0 || p0.port !== port || svc.spec.ports.length !== 1) {
      say(`routing Service ${ref.namespace}/${ref.name} to the local process: ExternalName localhost:${port}`);
      const patch = {
        spec: {
          type: 'ExternalName',
          externalName: 'localhost',
          ports: [{ name: p0?.name || 'https', port, protocol: 'TCP', targetPort: port }],
        },
      };
      this.kubectl(['-n', ref.namespace, 'patch', 'service', ref.name, '--type', 'merge', '-p', JSON.stringify(patch)]);
    }
    if (ref.port !== port) {
      say(`pointing APIService ${APISERVICE} at port ${port}`);
      this.kubectl(['patch', 'apiservice', APISERVICE, '--type', 'merge', '-p', JSON.stringify({ spec: { service: { port } } })]);
    }
  }

  writeStatus(extra = {}) {
    const c = this.current;
    /** @type {Record<string, unknown>} */
    const st = c
      ? {
          pod: c.podName,
          podUid: c.podUid,
          node: c.node,
          image: c.image,
          pid: c.exited ? 0 : c.pid,
          port: c.port,
          originalArgs: c.originalArgs,
          argv: c.argv.map((a) => (a.includes('kubeconfig=') ? a.replace(/=.*/, '=<serviceaccount kubeconfig>') : a)),
          rewrites: c.notes,
          logFile: c.logFile,
          previousLogFile: c.previousLogFile,
          restarts: c.restarts,
          startedAt: c.startedAt,
          exited: c.exited,
          ...extra,
        }
      : { pod: null, ...extra };
    st.updatedAt = ts();
    const tmp = `${this.statusFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(st, null, 2));
    fs.renameSync(tmp, this.statusFile);
  }

  async tick() {
    const { dep, pod } = await this.desiredPod();
    if (!dep || !pod) {
      if (this.current) await this.stop(dep ? 'no running pod of the Deployment' : 'Deployment deleted');
      this.writeStatus({ deployment: dep ? 'present' : 'absent' });
      return;
    }
    const cur = this.current;
    if (!cur || cur.podUid !== pod.metadata.uid) {
      if (cur) await this.stop(`pod ${cur.podName} replaced by ${pod.metadata.name}`);
      await this.start(pod, cur ? 'new pod of the Deployment' : 'pod is running');
    } else if (cur.exited) {
      // Back-off like the kubelet's CrashLoopBackOff (10s doubling, capped), shortened.
      const delay = Math.min(5000 * 2 ** Math.min(cur.restarts, 4), 60_000);
      if (Date.now() - cur.exited.at >= delay) await this.start(pod, `restart after exit ${cur.exited.code ?? cur.exited.signal}`);
    }
    await this.ensureLogs(pod);
    await this.ensureRouting(this.current.port);
    this.writeStatus({ deployment: 'present' });
  }

  async loop() {
    const shutdown = async (sig) => {
      if (this.stopping) return;
      this.stopping = true;
      say(`received ${sig}, shutting down`);
      await this.stop('runner shutdown');
      process.exit(0);
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
    say(`metrics-server runner for ${this.dir} (binary ${this.binary})`);
    let failures = 0;
    while (!this.stopping) {
      if (!fs.existsSync(this.adminKubeconfig)) {
        say('cluster directory is gone; exiting');
        await this.stop('cluster deleted');
        process.exit(0);
      }
      try {
        await this.tick();
        failures = 0;
      } catch (e) {
        failures++;
        if (failures === 1 || failures % 30 === 0) say(`tick failed (${failures}x): ${String(e.message || e).slice(0, 500)}`);
      }
      await sleep(2000);
    }
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const o = parseCli(process.argv.slice(2));
  if (!o.clusterDir || !o.binary) {
    process.stderr.write('usage: metrics-server-runner.mjs --cluster-dir DIR --metrics-server BIN [--kubectl BIN]\n');
    process.exit(2);
  }
  if (!o.kubectl) o.kubectl = path.join(path.dirname(path.dirname(o.binary)), `kubernetes-${process.env.KSD_KUBE_VERSION || 'v1.33.13'}`, 'kubectl');
  new Runner(o).loop();
}

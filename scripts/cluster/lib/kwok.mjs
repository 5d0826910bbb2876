// Cluster lifecycle through kwokctl (runtime binary): create, reuse or restart, and destroy the
// control plane; every binary is given as a local path, so nothing is downloaded.
// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { BIN } from './binaries.mjs';
import { LOAD_POD_SELECTOR } from './load.mjs';
import { profile } from './profiles.mjs';
import { kubectl, kwokctl, killTree, pidAlive, readPid } from './process.mjs';
import { stopRunner } from './runner.mjs';
import { CACHE_DIR, VERSIONS, paths, readState, sleep, waitFor, writeState } from './state.mjs';

export function clusterExists(p) {
  return fs.existsSync(p.kwokConfig);
}

export function apiserverReady(name) {
  if (!fs.existsSync(paths({ name }).kubeconfig)) return false;
  const r = kubectl(['get', '--raw', '/readyz'], { name, allowFail: true, timeoutMs: 10_000 });
  return r.code === 0 && r.stdout.trim() === 'ok';
}

export function componentPids(p) {
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

/**
 * `up --apiserver-arg` values (`--name=value`, or `--name` for a boolean), checked and split for kwokctl's extraArgs.
 * @param {string[] | string | undefined} args
 * @returns {{key: string, value: string}[]}
 */
export function parseApiserverArgs(args) {
  const list = args === undefined ? [] : Array.isArray(args) ? args : [args];
  return list.map((arg) => {
    const m = /^--([a-z0-9][a-z0-9-]*)(?:=(.*))?$/.exec(String(arg));
    if (!m) throw new Error(`--apiserver-arg takes one kube-apiserver flag as --name=value (got "${arg}")`);
    return { key: m[1], value: m[2] ?? 'true' };
  });
}

/**
 * @param {import('./state.mjs').ClusterPaths} p
 * @param {string} profileName
 * @param {string[]} [apiserverArgs] extra kube-apiserver flags (`--name=value`): one of ours with the same name is
 *   replaced, others are appended after kwokctl's own (the last of a repeated single-value flag wins; map and list
 *   flags such as --runtime-config add up)
 */
export function kwokctlConfiguration(p, profileName, apiserverArgs = []) {
  const api = (key, value) => ({ key, value, override: false });
  const override = (key, value) => ({ key, value, override: true });
  const controllerManagerArgs = Object.entries(profile(profileName).controllerManagerArgs).map(([k, v]) => api(k, v));
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
        extraArgs: withExtraArgs(
          [
            api('requestheader-client-ca-file', p.caCert),
            api('requestheader-username-headers', 'X-Remote-User'),
            api('requestheader-group-headers', 'X-Remote-Group'),
            api('requestheader-extra-headers-prefix', 'X-Remote-Extra-'),
            // kubeadm's value: reach kubelets (kwok) by InternalIP; node names do not resolve.
            // Used for kubectl logs/exec/port-forward.
            api('kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname'),
          ],
          parseApiserverArgs(apiserverArgs).map(({ key, value }) => api(key, value)),
        ),
      },
      {
        // Simulated kubelets serve a self-signed certificate (not signed by the cluster CA), as
        // real kubelets do unless serverTLSBootstrap is configured: kwok falls back to its
        // built-in self-signed certificate when no --tls-cert-file is given.
        name: 'kwok-controller',
        extraArgs: [override('tls-cert-file', ''), override('tls-private-key-file', '')],
      },
      ...(controllerManagerArgs.length ? [{ name: 'kube-controller-manager', extraArgs: controllerManagerArgs }] : []),
    ],
  };
}

/**
 * Our flags with the user's: a user flag named like one of ours takes its place, the rest follow in order.
 * @param {{key: string, value: string, override: boolean}[]} ours
 * @param {{key: string, value: string, override: boolean}[]} extra
 */
function withExtraArgs(ours, extra) {
  const replaced = new Set(extra.map((a) => a.key));
  return [...ours.filter((a) => !replaced.has(a.key)), ...extra];
}

/** The rule for an existing cluster: its kube-apiserver flags are fixed at creation; another set is refused. */
export function checkApiserverArgs(p, apiserverArgs) {
  const created = readState(p).apiserverArgs ?? [];
  if (JSON.stringify(created) === JSON.stringify(apiserverArgs)) return;
  const shown = (args) => (args.length ? args.join(' ') : '(none)');
  throw new Error(
    `cluster "${p.name}" was created with kube-apiserver flags ${shown(created)}, not ${shown(apiserverArgs)}; ` +
      `flags are fixed at creation: \`npm run cluster -- down --name ${p.name}\` first, or use another --name`,
  );
}

export async function createCluster(p, { log, profileName, apiserverArgs = [] }) {
  fs.mkdirSync(p.dir, { recursive: true });
  const conf = kwokctlConfiguration(p, profileName, apiserverArgs);
  // kwokctl copies the KwokConfiguration into the cluster's kwok.yaml, which kwok-controller reads.
  const kwokConf = { apiVersion: 'config.kwok.x-k8s.io/v1alpha1', kind: 'KwokConfiguration', options: { disregardStatusWithLabelSelector: LOAD_POD_SELECTOR } };
  fs.writeFileSync(p.kwokctlConfig, [conf, kwokConf].map((d) => YAML.stringify(d)).join('---\n'));
  log(`creating cluster "${p.name}" (kwokctl, runtime binary) in ${p.dir}`);
  const t0 = Date.now();
  const r = kwokctl(['create', 'cluster', '--config', p.kwokctlConfig, '--kubeconfig', '', '--wait', '120s', '--timeout', '240s'], {
    name: p.name,
    timeoutMs: 300_000,
    allowFail: true,
    oneAtATime: true,
  });
  fs.mkdirSync(p.logsDir, { recursive: true });
  fs.writeFileSync(path.join(p.logsDir, 'ksd-kwokctl-create.log'), r.stdout + r.stderr);
  if (r.code !== 0) {
    throw new Error(`kwokctl create cluster failed (exit ${r.code}); see ${path.join(p.logsDir, 'ksd-kwokctl-create.log')}:\n${(r.stderr || r.stdout).trim().slice(-3000)}`);
  }
  writeState(p, { profile: profileName, apiserverArgs });
  log(`control plane up in ${((Date.now() - t0) / 1000).toFixed(1)}s (profile ${profileName}${apiserverArgs.length ? `, kube-apiserver ${apiserverArgs.join(' ')}` : ''})`);
}

/**
 * Creates the control plane, or reuses/restarts the existing one. The profile (profiles.mjs) is fixed at
 * creation: an existing cluster keeps its own, and a different request is only logged (`down` to change it).
 * Extra kube-apiserver flags are fixed at creation too, but a different set is refused (checkApiserverArgs): a
 * test that asks for `--runtime-config=autoscaling/v2=false` must never run against a server that serves v2.
 * @param {import('./state.mjs').ClusterPaths} p
 * @param {{log: import('./state.mjs').Log, profileName: string, apiserverArgs?: string[]}} options
 */
export async function ensureControlPlane(p, { log, profileName, apiserverArgs = [] }) {
  if (clusterExists(p)) {
    checkApiserverArgs(p, apiserverArgs);
    const created = readState(p).profile ?? 'default';
    if (created !== profileName) log(`cluster "${p.name}" was created with profile "${created}" and keeps it (asked for "${profileName}"; \`down\` first to change it)`);
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
  await createCluster(p, { log, profileName, apiserverArgs });
  await waitFor('kube-apiserver /readyz', () => apiserverReady(p.name), { timeoutMs: 120_000 });
  return 'created';
}

export async function destroyCluster(p, { log }) {
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

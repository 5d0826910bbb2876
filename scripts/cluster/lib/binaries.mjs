// The pinned binaries in the cache and their build (scripts/cluster/build.sh, once per machine).
// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, HERE, VERSIONS, defaultLog } from './state.mjs';

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

/**
 * Builds missing binaries with scripts/cluster/build.sh (progress on stderr).
 * @param {{log?: import('./state.mjs').Log}} [options]
 */
export async function ensureBinaries({ log = defaultLog } = {}) {
  if (binariesPresent()) return BIN;
  log(`building missing binaries into ${path.join(CACHE_DIR, 'bin')} (first run on this machine: 10-20 min)`);
  await new Promise((resolve, reject) => {
    // --core: what `up` needs; a component's binary is built by its own build step (`up --with`).
    const child = spawn('bash', [path.join(HERE, 'build.sh'), '--core'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KSD_CACHE_DIR: CACHE_DIR },
    });
    const fwd = (d) =>
      String(d)
        .split('\n')
        .filter(Boolean)
        .forEach((l) => log(l));
    child.stdout.on('data', fwd);
    child.stderr.on('data', fwd);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build.sh failed with exit code ${code}`))));
  });
  if (!binariesPresent()) throw new Error('build.sh finished but some binaries are still missing');
  return BIN;
}

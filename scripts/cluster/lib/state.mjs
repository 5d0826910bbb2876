// Where a local cluster lives (cache dir, pinned versions, per-cluster paths) and its saved state,
// plus the bounded wait every step uses. The bottom of scripts/cluster/lib/: imports nothing of it.
// @ts-check
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** scripts/cluster: manifests/, scenarios/, build.sh and versions.env are found from here. */
export const HERE = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_NAME = process.env.KSD_CLUSTER_NAME || 'ksd';
export const CACHE_DIR = process.env.KSD_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kube-scaling-doctor');

export const VERSIONS = Object.fromEntries(
  fs
    .readFileSync(path.join(HERE, 'versions.env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split('=')),
);

/** @typedef {(message: string) => void} Log progress output; the CLI prefixes `[cluster]` */
/** @typedef {ReturnType<typeof paths>} ClusterPaths every file of one cluster's state dir */

/**
 * @param {{name?: string}} [options]
 */
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

/** @param {string} msg */
export const defaultLog = (msg) => process.stderr.write(`[cluster] ${msg}\n`);

/** @type {(ms: number) => Promise<void>} */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls fn until it returns a truthy value; throws a clear error naming `what` on timeout.
 * @template T
 * @param {string} what
 * @param {() => T | Promise<T>} fn
 * @param {{timeoutMs?: number, intervalMs?: number}} [options]
 * @returns {Promise<T>}
 */
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

export function readState(p) {
  try {
    return JSON.parse(fs.readFileSync(p.state, 'utf8'));
  } catch {
    return {};
  }
}
export function writeState(p, patch) {
  const s = { ...readState(p), ...patch };
  fs.mkdirSync(path.dirname(p.state), { recursive: true });
  fs.writeFileSync(p.state, JSON.stringify(s, null, 2));
  return s;
}

// Running things: child processes (kubectl, kwokctl), API clients for the cluster, pids and signals.
// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { BIN } from './binaries.mjs';
import { CACHE_DIR, DEFAULT_NAME, paths } from './state.mjs';

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

export function readPid(file) {
  try {
    const n = parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} [env] added to process.env
 * @property {number} [timeoutMs]
 * @property {string} [input] stdin
 * @property {boolean} [allowFail] return a non-zero exit instead of throwing
 */
/** @typedef {{code: number, stdout: string, stderr: string}} RunResult */

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {RunResult}
 */
export function run(cmd, args, { env = {}, timeoutMs = 120_000, input, allowFail = false } = {}) {
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

/**
 * Runs the cached kubectl against the cluster (never the user's ~/.kube/config).
 * @param {string[]} args
 * @param {{name?: string, input?: string, allowFail?: boolean, timeoutMs?: number}} [options]
 * @returns {RunResult}
 */
export function kubectl(args, { name = DEFAULT_NAME, input, allowFail = false, timeoutMs = 120_000 } = {}) {
  const p = paths({ name });
  return run(BIN.kubectl, args, { env: { KUBECONFIG: p.kubeconfig }, input, allowFail, timeoutMs });
}

/**
 * @param {string[]} args
 * @param {{name?: string, timeoutMs?: number, allowFail?: boolean, oneAtATime?: boolean}} [options] oneAtATime: hold a
 *   machine-wide lock while it runs. `create cluster` needs it: kwokctl picks its ports from the other clusters' saved
 *   configs and the ports in use, so two creates at once (the test shards of scripts/run-tests.mjs) take the same ports.
 * @returns {RunResult}
 */
export function kwokctl(args, { name = DEFAULT_NAME, timeoutMs = 300_000, allowFail = false, oneAtATime = false } = {}) {
  const argv = [BIN.kwokctl, '--name', name, ...args];
  // In the temp dir, not the cache dir: ports are the machine's, whichever cache dir (KSD_CACHE_DIR) a cluster lives in.
  // --close: the cluster's processes, started by kwokctl, must not inherit the lock (it would be held while they run).
  const [cmd, ...cmdArgs] = oneAtATime ? ['flock', '--close', '--wait', String(Math.ceil(timeoutMs / 1000)), path.join(os.tmpdir(), 'ksd-kwokctl-create.lock'), ...argv] : argv;
  return run(cmd, cmdArgs, {
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

export function killTree(pid, signal = 'SIGTERM') {
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

export function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * A loopback port nothing listens on now (the kernel picks it), for a component's own listeners.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/**
 * The last lines of a component's log, for an error message.
 * @param {string} file
 * @param {number} [lines]
 */
export function logTail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Runs a component's build script (bash), each output line to `log`; rejects on a non-zero exit.
 * @param {string} script
 * @param {{cacheDir: string, log: (msg: string) => void}} ctx
 */
export function runBuildScript(script, ctx) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KSD_CACHE_DIR: ctx.cacheDir } });
    /** @param {Buffer} d */
    const forward = (d) =>
      String(d)
        .split('\n')
        .filter(Boolean)
        .forEach((l) => ctx.log(l));
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`${path.basename(script)} failed with exit code ${code}`))));
  });
}

/**
 * Stops the process (group) a component's pid file names: SIGTERM, then SIGKILL after `graceMs`; removes the file.
 * Idempotent: no file or no process is no error.
 * @param {string} pidFile
 * @param {{what: string, log: (msg: string) => void, graceMs?: number}} options
 */
export async function stopPidFile(pidFile, { what, log, graceMs = 10_000 }) {
  const pid = readPid(pidFile);
  if (pidAlive(pid)) {
    log(`stopping ${what} (pid ${pid})`);
    killTree(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (pidAlive(pid)) killTree(pid, 'SIGKILL');
  }
  fs.rmSync(pidFile, { force: true });
}

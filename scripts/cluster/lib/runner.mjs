// The metrics-server runner (../metrics-server-runner.mjs) as a detached background process: start,
// stop, its status file and the log of the metrics-server it runs.
// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { criToText } from '../metrics-server-runner.mjs';
import { BIN } from './binaries.mjs';
import { killTree, pidAlive, readPid } from './process.mjs';
import { DEFAULT_NAME, HERE, VERSIONS, defaultLog, paths } from './state.mjs';

export function runnerAlive(p) {
  return pidAlive(readPid(p.runnerPid));
}

export function startRunner(p, { log }) {
  if (runnerAlive(p)) return readPid(p.runnerPid);
  fs.mkdirSync(p.logsDir, { recursive: true });
  fs.mkdirSync(p.pidsDir, { recursive: true });
  const out = fs.openSync(p.runnerLog, 'a');
  const child = spawn(process.execPath, [path.join(HERE, 'metrics-server-runner.mjs'), '--cluster-dir', p.dir, '--metrics-server', BIN.metricsServer, '--kubectl', BIN.kubectl], {
    detached: true,
    stdio: ['ignore', out, out],
    cwd: p.dir,
    env: { ...process.env, KUBECONFIG: p.kubeconfig, KSD_METRICS_SERVER_VERSION: VERSIONS.METRICS_SERVER_VERSION },
  });
  child.unref();
  fs.closeSync(out);
  fs.writeFileSync(p.runnerPid, String(child.pid));
  log(`metrics-server runner started (pid ${child.pid}, log ${p.runnerLog})`);
  return child.pid;
}

/**
 * @param {import('./state.mjs').ClusterPaths} p
 * @param {{log?: import('./state.mjs').Log}} [options]
 */
export function stopRunner(p, { log = defaultLog } = {}) {
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

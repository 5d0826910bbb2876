// How far the local cluster is on its way up, for people: build.sh's progress file ($CACHE_DIR/build/progress.json,
// packages compiled of the known total) and its recorded timings (build/timings.json) turned into a fraction and a
// time estimate, and the cluster's own progress file (clusters/<name>/ksd-progress.json) that `npm start` writes and
// the extension reads (src/extension/cluster/localCluster.ts) to show the build in the status bar and Cluster view.
// @ts-check
import fs from 'node:fs';
import path from 'node:path';

/**
 * What build.sh writes while it builds (see its header).
 * @typedef {{phase: 'listing' | 'compiling' | 'done' | 'failed', group: string, done: number, total: number, compileSeconds: number, listSeconds: number, log: string}} BuildProgress
 * What a finished build took: the estimate of the next one.
 * @typedef {{packages: number, compileSeconds: number, listSeconds: number}} BuildTimings
 * The cluster's progress file. `phase`: building (the binaries), starting (control plane, nodes, scenario), ready,
 * failed. `pid`: the process that writes it (npm start); a reader treats the file of a process that is gone as stale.
 * @typedef {{phase: 'building' | 'starting' | 'ready' | 'failed', done?: number, total?: number, etaSeconds?: number, message: string, log?: string, pid: number, updatedAt: string}} ClusterProgress
 */

/** The name of the progress file in a cluster's state dir (beside its kubeconfig.yaml). */
export const CLUSTER_PROGRESS_FILE = 'ksd-progress.json';

const count = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined);

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * build.sh's progress, or undefined when the file is missing or not what build.sh writes.
 * @param {unknown} raw
 * @returns {BuildProgress | undefined}
 */
export function parseBuildProgress(raw) {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = /** @type {Record<string, unknown>} */ (raw);
  if (!['listing', 'compiling', 'done', 'failed'].includes(/** @type {string} */ (r.phase))) return undefined;
  const total = count(r.total) ?? 0;
  return {
    phase: /** @type {BuildProgress['phase']} */ (r.phase),
    group: typeof r.group === 'string' ? r.group : '',
    done: Math.min(count(r.done) ?? 0, total),
    total,
    compileSeconds: count(r.compileSeconds) ?? 0,
    listSeconds: count(r.listSeconds) ?? 0,
    log: typeof r.log === 'string' ? r.log : '',
  };
}

/**
 * @param {unknown} raw
 * @returns {BuildTimings | undefined}
 */
export function parseTimings(raw) {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = /** @type {Record<string, unknown>} */ (raw);
  const packages = count(r.packages);
  const compileSeconds = count(r.compileSeconds);
  if (!packages || compileSeconds === undefined) return undefined;
  return { packages, compileSeconds, listSeconds: count(r.listSeconds) ?? 0 };
}

/** @param {string} cacheDir */
export const readBuildProgress = (cacheDir) => parseBuildProgress(readJson(path.join(cacheDir, 'build', 'progress.json')));
/** @param {string} cacheDir */
export const readTimings = (cacheDir) => parseTimings(readJson(path.join(cacheDir, 'build', 'timings.json')));

/** Before this share of the packages is compiled, the rate says little (the first packages are the small std ones). */
const RATE_NEEDS = 0.03;

/**
 * Seconds the build has left, or undefined when there is nothing to go on yet. With the timings of an earlier build
 * (the first run on this machine records them), its seconds per package; otherwise the rate of this build so far.
 * @param {BuildProgress} p
 * @param {BuildTimings | undefined} timings
 * @param {number} listingSeconds how long this build has been listing (phase listing only)
 * @returns {number | undefined}
 */
export function estimateSecondsLeft(p, timings, listingSeconds = 0) {
  if (p.phase === 'done') return 0;
  if (p.phase === 'failed') return undefined;
  if (p.phase === 'listing') return timings ? Math.max(0, timings.listSeconds - listingSeconds) + timings.compileSeconds : undefined;
  const left = p.total - p.done;
  if (timings) return Math.round((timings.compileSeconds * left) / timings.packages);
  if (p.total === 0 || p.done < p.total * RATE_NEEDS || p.compileSeconds === 0) return undefined;
  return Math.round((p.compileSeconds / p.done) * left);
}

/** Whole percent, never 100 before the build is done (the link steps come after the last package). */
export function percent(done, total) {
  if (!total) return 0;
  return Math.min(99, Math.floor((done * 100) / total));
}

/** "≈ 9 min left", "less than a minute left", "≈ 1 h 5 min left"; undefined seconds: "estimating the time left". */
export function timeLeftText(seconds) {
  if (seconds === undefined) return 'estimating the time left';
  if (seconds < 60) return 'less than a minute left';
  const min = Math.round(seconds / 60);
  return min < 60 ? `≈ ${min} min left` : `≈ ${Math.floor(min / 60)} h ${min % 60} min left`;
}

/**
 * One line for the terminal.
 * @param {BuildProgress} p
 * @param {number | undefined} eta
 */
export function buildProgressLine(p, eta) {
  if (p.phase === 'listing') return `building the local cluster: downloading modules and counting packages (${timeLeftText(eta)})`;
  if (p.phase === 'failed') return `building the local cluster failed (log: ${p.log})`;
  if (p.phase === 'done') return 'building the local cluster: done';
  return `building the local cluster: ${percent(p.done, p.total)} % (${p.done} of ${p.total} packages), ${timeLeftText(eta)}`;
}

/**
 * Writes the cluster's progress file, replaced at once (a reader never sees half of it).
 * @param {string} clusterDir
 * @param {Omit<ClusterProgress, 'pid' | 'updatedAt'>} progress
 */
export function writeClusterProgress(clusterDir, progress) {
  fs.mkdirSync(clusterDir, { recursive: true });
  const file = path.join(clusterDir, CLUSTER_PROGRESS_FILE);
  /** @type {ClusterProgress} */
  const full = { ...progress, pid: process.pid, updatedAt: new Date().toISOString() };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(full) + '\n');
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * The cluster progress for a build progress.
 * @param {BuildProgress} p
 * @param {number | undefined} eta
 * @returns {Omit<ClusterProgress, 'pid' | 'updatedAt'>}
 */
export function clusterProgressOfBuild(p, eta) {
  if (p.phase === 'failed') return { phase: 'failed', message: buildProgressLine(p, eta), log: p.log };
  return { phase: 'building', done: p.done, total: p.total, etaSeconds: eta, message: buildProgressLine(p, eta), log: p.log };
}

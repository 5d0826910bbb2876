// `npm start`: builds, installs code-server if it is missing, serves a real VS Code on 127.0.0.1 with the extension
// loaded (development mode, or the packaged .vsix with --vsix), examples/ open and the extension pointed at the local
// cluster's kubeconfig (user setting kubeScalingDoctor.kubeconfig), and prints the URL at once. The local cluster
// (scripts/cluster, scenario `healthy` unless told otherwise) comes up in the background: its binaries' first build
// (build.sh --core, no CoreDNS) shows its progress here every 30 s and, through the cluster's progress file
// (cluster/lib/progress.mjs), in VS Code's status bar and Cluster view, which connects once the cluster is up.
// Stays in the foreground until Ctrl-C, which stops code-server and a build in progress; a cluster that is up keeps
// running (reused by the next start in seconds) until `npm run cluster -- down`.
//
//   npm start                          # port 8080 (or the next free one), extension from this checkout
//   npm start -- --no-cluster          # no local cluster: the extension uses your KUBECONFIG / ~/.kube/config
//   npm start -- --port 9000           # another port (also: KSD_PORT)
//   npm start -- --vsix                # package the .vsix and install it instead of development mode
//   npm start -- --folder ~/k8s        # open another folder instead of examples/
//   npm start -- --scenario metrics-server-tls   # bring the cluster to a failure scenario
//   npm start -- --cluster-name demo   # another local cluster (default ksd, or KSD_CLUSTER_NAME)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildProgressLine, CLUSTER_PROGRESS_FILE, clusterProgressOfBuild, estimateSecondsLeft, readBuildProgress, readTimings, writeClusterProgress } from './cluster/lib/progress.mjs';
import { cacheDir, codeServerBin, configFile, ensureCodeServer, freePort, repoRoot, startCodeServer, workbenchUrl } from './setup-code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KSD_PORT },
    folder: { type: 'string', default: join(repoRoot, 'examples') },
    vsix: { type: 'boolean', default: false },
    scenario: { type: 'string', default: 'healthy' },
    'cluster-name': { type: 'string' },
    'no-cluster': { type: 'boolean', default: false },
  },
});

function run(script, args = []) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', script), ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function pickPort() {
  if (opts.port) return Number(opts.port);
  // 8080 when free, as code-server's own default; otherwise any free port.
  const { createServer } = await import('node:net');
  const free = await new Promise((res) => {
    const s = createServer()
      .once('error', () => res(false))
      .listen(8080, '127.0.0.1', () => s.close(() => res(true)));
  });
  return free ? 8080 : freePort();
}

const folder = resolve(opts.folder);
if (!existsSync(folder)) {
  console.error(`no such folder: ${folder}`);
  process.exit(1);
}

const clusterLib = opts['no-cluster'] ? undefined : await import('./cluster/lib.mjs');
if (clusterLib && !clusterLib.SCENARIOS[opts.scenario]) {
  console.error(`unknown scenario "${opts.scenario}"; known: ${clusterLib.scenarioNames().join(', ')}`);
  process.exit(2);
}

/** The cluster build in progress (its process group), stopped with us. */
let build;
function stopBuild() {
  if (!build) return;
  try {
    process.kill(-build.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}
process.once('exit', stopBuild);

run('build.mjs');
ensureCodeServer();
const cluster = clusterLib && prepareCluster();
const state = join(cacheDir(), 'code-server', 'start');
const userDataDir = join(state, opts.vsix ? 'user-data-vsix' : 'user-data');
const extensionsDir = join(state, opts.vsix ? 'extensions-vsix' : 'extensions');
mkdirSync(state, { recursive: true });

if (opts.vsix) {
  run('package.mjs');
  const { version, name } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  const r = spawnSync(process.execPath, [codeServerBin(), '--config', configFile(), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--force', '--install-extension', vsix], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = await pickPort();
const logFile = join(state, 'code-server.log');
// The guided start (walkthrough) opens on the first start of this code-server profile.
const settings = { 'kubeScalingDoctor.walkthrough.openOnStartup': true, ...(cluster ? { 'kubeScalingDoctor.kubeconfig': cluster.paths.kubeconfig } : {}) };
const server = await startCodeServer({ folder, userDataDir, extensionsDir, port, logFile, settings });
const url = workbenchUrl({ port, folder, extensionDevelopmentPath: opts.vsix ? undefined : repoRoot });

console.log(`
Scaling Doctor for Kubernetes in VS Code (code-server), extension ${opts.vsix ? 'installed from the .vsix' : 'in development mode'}:

  ${url}

Open it in a browser on this machine. Folder: ${folder}
Server log: ${logFile}
${clusterNote()}
${opts.vsix ? 'After changing the code: stop, then npm start -- --vsix again.' : 'After changing the code: npm run build, then reload the window (F1 → "Developer: Reload Window").'}
Ctrl-C stops code-server${
  cluster
    ? ` and a cluster build in progress; a cluster that is up keeps running (the next npm start reuses it). Stop it with:
  npm run cluster -- down${cluster.name === 'ksd' ? '' : ` --name ${cluster.name}`}`
    : '.'
}
`);
if (cluster) void bringUpCluster(cluster);

/** The local cluster to bring up: its name and paths, and its progress file saying where it is. */
function prepareCluster() {
  const name = opts['cluster-name'] || clusterLib.DEFAULT_NAME;
  const paths = clusterLib.paths({ name });
  const build = !clusterLib.binariesPresent();
  writeClusterProgress(paths.dir, build ? { phase: 'building', message: 'building the local cluster' } : { phase: 'starting', message: 'starting the local cluster' });
  return { name, paths, build };
}

/** Builds what is missing (in the background, with progress), then brings the cluster up; on failure, says why. */
async function bringUpCluster(c) {
  const say = (m) => process.stderr.write(`[start] ${m}\n`);
  try {
    if (c.build) await buildCluster(c, say);
    writeClusterProgress(c.paths.dir, { phase: 'starting', message: `starting the local cluster "${c.name}", scenario "${opts.scenario}"` });
    const r = await clusterLib.up({ scenario: opts.scenario, name: c.name, log: (m) => process.stderr.write(`[cluster] ${m}\n`) });
    writeClusterProgress(c.paths.dir, { phase: 'ready', message: `local cluster "${c.name}" is up, scenario "${r.scenario}"` });
    say(`local cluster "${c.name}" is up (scenario "${r.scenario}"): the Cluster view connects by itself.
  kubectl on it: KUBECONFIG=${r.kubeconfig} ${clusterLib.BIN.kubectl} top pods -A`);
  } catch (err) {
    if (stopping) return; // Ctrl-C stopped the build: nothing failed
    const why = err instanceof Error ? err.message : String(err);
    writeClusterProgress(c.paths.dir, { phase: 'failed', message: `the local cluster did not come up: ${why}` });
    say(`the local cluster did not come up: ${why}\n[start] VS Code stays up; see docs/cluster.md, or restart with --no-cluster.`);
  }
}

/**
 * Runs build.sh --core in a process group of its own (stopped with us, also after a SIGKILL: KSD_BUILD_PARENT_PID),
 * its output to a log; its progress file becomes the cluster's and, every 30 s and at each phase, a line here.
 */
async function buildCluster(c, say) {
  const log = join(clusterLib.CACHE_DIR, 'logs', 'start-build.log');
  mkdirSync(dirname(log), { recursive: true });
  const out = openSync(log, 'w');
  say(`building the local cluster's binaries in the background (first run on this machine; log: ${log})`);
  const started = Date.now();
  const child = spawn('bash', [join(clusterLib.HERE, 'build.sh'), '--core'], {
    stdio: ['ignore', out, out],
    detached: true,
    env: { ...process.env, KSD_CACHE_DIR: clusterLib.CACHE_DIR, KSD_BUILD_PARENT_PID: String(process.pid) },
  });
  build = child;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const timings = readTimings(clusterLib.CACHE_DIR);
  let lastLine = 0;
  let lastPhase;
  const report = () => {
    const p = readBuildProgress(clusterLib.CACHE_DIR);
    // Before build.sh writes its first progress, the file may be an earlier build's.
    if (!p || p.phase === 'done' || p.phase === 'failed') return;
    const eta = estimateSecondsLeft(p, timings, (Date.now() - started) / 1000);
    writeClusterProgress(c.paths.dir, clusterProgressOfBuild(p, eta));
    if (p.phase !== lastPhase || Date.now() - lastLine >= 30_000) {
      say(buildProgressLine(p, eta));
      lastPhase = p.phase;
      lastLine = Date.now();
    }
  };
  const timer = setInterval(report, 2000);
  const code = await exited;
  clearInterval(timer);
  build = undefined;
  if (code !== 0) {
    const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-15).join('\n');
    throw new Error(`building its binaries failed (${code}); last lines of ${log}:\n${tail}`);
  }
  say(`the local cluster's binaries are built (${Math.round((Date.now() - started) / 60_000)} min)`);
}

function clusterNote() {
  if (!cluster) return 'No local cluster (--no-cluster): the extension uses your KUBECONFIG or ~/.kube/config.';
  const where = `Local cluster "${cluster.name}", scenario "${opts.scenario}" (kubeScalingDoctor.kubeconfig = ${cluster.paths.kubeconfig}):`;
  const how = cluster.build
    ? `its binaries are being built in the background (first run on this machine; progress here, in the status bar and
  in the Cluster view, which connects by itself when the cluster is up). npm start -- --no-cluster skips it.`
    : 'coming up in the background (seconds to a minute); the Cluster view connects by itself.';
  return `${where}
  ${how}
Look at: the "Scaling Doctor" icon in the activity bar → nodes, pods and HPAs with live usage (metrics every 15 s);
  the Doctor view, which explains what is broken in a failure scenario (npm start -- --scenario metrics-server-tls);
  examples/*.yaml for the offline checks (diagnostics, quick fixes, CodeLens).`;
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log(`\nstopping code-server${build ? ' and the cluster build' : ''}…`);
  stopBuild();
  // A progress file of a start that is gone would say "building" forever: only a cluster that is up keeps one.
  if (cluster && readClusterPhase() !== 'ready') rmSync(join(cluster.paths.dir, CLUSTER_PROGRESS_FILE), { force: true });
  await server.stop();
  process.exit(0);
}
function readClusterPhase() {
  try {
    return JSON.parse(readFileSync(join(cluster.paths.dir, CLUSTER_PROGRESS_FILE), 'utf8')).phase;
  } catch {
    return undefined;
  }
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
const why = await server.exited;
if (!stopping) {
  console.error(`code-server exited (${why}); see ${logFile}`);
  process.exit(1);
}

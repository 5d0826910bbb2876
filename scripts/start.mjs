// `npm start`: builds, installs code-server if it is missing, brings up the local cluster
// (scripts/cluster, scenario `healthy` unless told otherwise) and serves a real VS Code on 127.0.0.1 with the
// extension loaded (development mode, or the packaged .vsix with --vsix), examples/ open and the extension
// pointed at the cluster (user setting kubeScalingDoctor.kubeconfig). Prints the URL and stays in the
// foreground until Ctrl-C, which stops code-server; the cluster keeps running (reused by the next start in
// seconds) until `npm run cluster -- down`.
//
//   npm start                          # port 8080 (or the next free one), extension from this checkout
//   npm start -- --port 9000           # another port (also: KSD_PORT)
//   npm start -- --vsix                # package the .vsix and install it instead of development mode
//   npm start -- --folder ~/k8s        # open another folder instead of examples/
//   npm start -- --scenario metrics-server-tls   # bring the cluster to a failure scenario
//   npm start -- --cluster-name demo   # another local cluster (default ksd, or KSD_CLUSTER_NAME)
//   npm start -- --no-cluster          # no local cluster: the extension uses your KUBECONFIG / ~/.kube/config
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
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

run('build.mjs');
ensureCodeServer();
const cluster = opts['no-cluster'] ? undefined : await startCluster();

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
const settings = cluster?.kubeconfig ? { 'kubeScalingDoctor.kubeconfig': cluster.kubeconfig } : {};
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
  cluster?.kubeconfig
    ? `; the cluster keeps running (the next npm start reuses it). Stop it with:
  npm run cluster -- down${cluster.name === 'ksd' ? '' : ` --name ${cluster.name}`}`
    : '.'
}
`);

/** Brings the local cluster up (idempotent: reuses a running one). On failure, says why and goes on without it. */
async function startCluster() {
  const lib = clusterLib;
  const name = opts['cluster-name'] || lib.DEFAULT_NAME;
  if (!lib.binariesPresent()) {
    console.error(
      "[start] the local cluster's binaries are not built yet: building them from the Go module proxy " +
        '(first run on a machine: about 22 minutes on 2 cores). npm start -- --no-cluster skips the cluster.',
    );
  }
  console.error(`[start] bringing up local cluster "${name}", scenario "${opts.scenario}"…`);
  try {
    const r = await lib.up({ scenario: opts.scenario, name, log: (m) => process.stderr.write(`[cluster] ${m}\n`) });
    return { ...r, name, kubectl: lib.BIN.kubectl };
  } catch (err) {
    console.error(
      `[start] the local cluster did not come up: ${err instanceof Error ? err.message : err}\n` +
        '[start] going on without it (the extension uses your KUBECONFIG or ~/.kube/config). See docs/cluster.md.',
    );
    return { name, failed: true };
  }
}

function clusterNote() {
  if (!cluster) return 'No local cluster (--no-cluster): the extension uses your KUBECONFIG or ~/.kube/config.';
  if (cluster.failed) return `The local cluster "${cluster.name}" did not come up (see above): the extension uses your KUBECONFIG or ~/.kube/config.`;
  return `Local cluster "${cluster.name}", scenario "${cluster.scenario}" (kubeScalingDoctor.kubeconfig = ${cluster.kubeconfig}).
Look at: the "Scaling Doctor" icon in the activity bar → nodes, pods and HPAs with live usage (metrics every 15 s);
  the Doctor view, which explains what is broken in a failure scenario (npm start -- --scenario metrics-server-tls);
  examples/*.yaml for the offline checks (diagnostics, quick fixes, CodeLens).
kubectl on the same cluster: KUBECONFIG=${cluster.kubeconfig} ${cluster.kubectl} top pods -A`;
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping code-server…');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
const why = await server.exited;
if (!stopping) {
  console.error(`code-server exited (${why}); see ${logFile}`);
  process.exit(1);
}

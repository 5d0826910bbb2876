// Cluster explorer benchmark (`npm run bench -- cluster --cluster NAME`, or KSD_BENCH_CLUSTER=NAME): the
// explorer's data layer (src/core/cluster/session.ts ClusterSession, bundled the way the extension
// bundles it) against a running local cluster, beside its yardstick measured in the same run
// (`kubectl get pods -A -o json` + `kubectl get nodes -o json`), and our `top pods -A` (also with
// `--requests`) / `top nodes` beside `kubectl top`. Prints figures and ratios; asserts nothing about time.
//
//   npm run cluster -- up --name ksd-bench --nodes 2000 --pods-per-node 10   # 2,000 nodes / 20,000 pods (~20 min)
//   npm run bench -- --cluster ksd-bench
//
// The session runs in a child process of its own (node + client-node + session only), so its RSS and
// CPU are the data layer's. Measured there: time to the first full tree (informers listed + first
// metrics read, every node and pod in the snapshot), RSS/CPU while idle with metrics polling on, and
// the cost of one metrics refresh; the event loop's longest delay (perf_hooks monitorEventLoopDelay)
// while the first tree loads and while idle.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle.mjs';
import { fmtMiB, fmtMs, fmtS, measureInterleaved, measureMedian, median, ratio, report } from './measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const MiB = 1024 * 1024;

/** Bundles the data layer to one CJS file, as scripts/build.mjs bundles the extension. */
function bundleDataLayer(dir) {
  return bundleForNode(
    "export { ClusterSession } from './src/core/cluster/session';\nexport { loadKubeConfig } from './src/core/cluster/connect';\nexport { SnapshotIndex } from './src/extension/explorer/model';\n",
    join(dir, 'cluster-data-layer.cjs'),
  );
}

/** `measureMedian` of a command, or its failure (exit status and first stderr line). */
function timedRuns(label, cmd, args, env, runs = 3) {
  const r = measureMedian(runs, cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const bad = r.runs.find((x) => x.status !== 0);
  if (bad) return { label, failed: `exit ${bad.status}: ${bad.stderr.split('\n').find((l) => l.trim()) ?? ''}`, wallMs: r.wallMs };
  return { label, wallMs: r.wallMs, cpuS: r.cpuS, maxRssMiB: r.rssMiB, runs: runs };
}

const figure = (r) => (r.failed ? `FAILED (${r.failed})` : `${fmtMs(r.wallMs)} wall, ${fmtS(r.cpuS)} CPU, ${fmtMiB(r.maxRssMiB)}`);

export async function benchClusterExplorer({ name = process.env.KSD_BENCH_CLUSTER || 'ksd-bench', idleSeconds = Number(process.env.KSD_BENCH_IDLE_SECONDS || 60), log = console.log } = {}) {
  const lib = await import('../scripts/cluster/lib.mjs');
  const st = await lib.status({ name });
  if (!st.ready) {
    throw new Error(`cluster "${name}" is not running; start it with: npm run cluster -- up --name ${name} --nodes 2000 --pods-per-node 10`);
  }
  const kubeconfig = st.kubeconfig;
  const env = { ...process.env, KUBECONFIG: kubeconfig };
  const count = (args) => lib.kubectl(args, { name, timeoutMs: 300_000 }).stdout.split('\n').filter(Boolean).length;
  const nodes = count(['get', 'nodes', '-o', 'name']);
  const pods = count(['get', 'pods', '-A', '-o', 'name']);
  log(`cluster: "${name}", ${nodes} nodes, ${pods} pods (kube-apiserver, etcd, kwok and metrics-server on this machine)`);

  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-cluster-'));
  try {
    const bundle = await bundleDataLayer(dir);
    // 1. The data layer in its own process.
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--worker', bundle, kubeconfig, String(nodes), String(pods), String(idleSeconds)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('exit', r));
    if (code !== 0) throw new Error(`the session benchmark process failed (exit ${code}): ${out.slice(-800)}`);
    const w = JSON.parse(out.trim().split('\n').pop());
    log(
      `explorer: first full tree (${w.snapshot.nodes} nodes, ${w.snapshot.pods} pods, ${w.snapshot.podsWithUsage} with usage, ${w.snapshot.autoscalers} autoscalers) after ${fmtMs(w.firstFullTreeMs)}` +
        ` (informers listed ${fmtMs(w.informersSyncedMs)}, first metrics read done ${fmtMs(w.firstMetricsMs)}, snapshot() ${fmtMs(w.snapshotMs)}, the view's index of it ${fmtMs(w.treeIndexMs)}); CPU ${w.firstTreeCpuS.toFixed(1)} s`,
    );
    log(`explorer: RSS after the first tree ${w.rssAfterTreeMiB.toFixed(0)} MiB (heap ${w.heapAfterTreeMiB.toFixed(0)} MiB after GC)`);
    log(
      `explorer: idle ${idleSeconds} s with metrics polling every 15 s: CPU ${w.idle.cpuPercent.toFixed(1)} % of one core, RSS ${w.idle.rssMinMiB.toFixed(0)}–${w.idle.rssMaxMiB.toFixed(0)} MiB, ` +
        `${w.idle.refreshes} refreshes (median ${w.idle.refreshes ? fmtMs(w.idle.refreshMedianMs) : '—'}), ${w.idle.changeEvents} change events, ${w.idle.changedRows} changed rows`,
    );
    log(
      `explorer: one full metrics refresh (nodes and pods; polling off, ${w.refresh.runs} runs): median ${fmtMs(w.refresh.wallMedianMs)} wall, ${fmtMs(w.refresh.cpuMedianMs)} CPU, ${w.refresh.changedRowsMedian} changed rows`,
    );

    // 2. The yardstick of the tree: what kubectl takes to read the same objects.
    const K = lib.BIN.kubectl;
    const getPods = timedRuns('kubectl get pods -A -o json', K, ['get', 'pods', '-A', '-o', 'json'], env);
    const getNodes = timedRuns('kubectl get nodes -o json', K, ['get', 'nodes', '-o', 'json'], env);
    const yardstick = { wallMs: getPods.wallMs + getNodes.wallMs, cpuS: getPods.cpuS + getNodes.cpuS, maxRssMiB: Math.max(getPods.maxRssMiB, getNodes.maxRssMiB) };
    const yardName = 'kubectl get pods -A -o json + get nodes -o json';
    report('cluster', `yardstick: ${yardName}`, figure(yardstick));
    report(
      'cluster',
      `data layer: first full tree (${w.snapshot.nodes} nodes, ${w.snapshot.pods} pods)`,
      `${fmtMs(w.firstFullTreeMs)} wall, ${fmtS(w.firstTreeCpuS)} CPU`,
      `${ratio(w.firstFullTreeMs, yardstick.wallMs, 'wall')}, ${ratio(w.firstTreeCpuS, yardstick.cpuS, 'CPU')}`,
    );
    report('cluster', 'data layer: RSS after the first tree (heap after GC)', `${fmtMiB(w.rssAfterTreeMiB)} (${fmtMiB(w.heapAfterTreeMiB)})`);
    report('cluster', 'data layer: longest event-loop stall, first tree / idle', `${fmtMs(w.firstTreeMaxDelayMs)} / ${fmtMs(w.idle.maxDelayMs)}`);
    report('cluster', `data layer: idle ${idleSeconds} s, polling every 15 s`, `${w.idle.cpuPercent.toFixed(1)} % of one core, RSS ${w.idle.rssMinMiB.toFixed(0)}–${w.idle.rssMaxMiB.toFixed(0)} MiB`);

    // 3. One-shot tops on the same cluster, each beside kubectl's.
    const cli = join(ROOT, 'dist', 'cli.js');
    const kubectlTop = timedRuns('kubectl top pods -A', K, ['top', 'pods', '-A', '--no-headers'], env);
    // The same output as kubectl's (text, metrics only); --requests also lists every pod and ReplicaSet.
    const ourTop = timedRuns('kube-scaling-doctor top pods -A', process.execPath, [cli, 'top', 'pods', '-A', '--kubeconfig', kubeconfig], env);
    const ourTopRequests = timedRuns('kube-scaling-doctor top pods -A --requests', process.execPath, [cli, 'top', 'pods', '-A', '--requests', '--kubeconfig', kubeconfig], env);
    const kubectlNodes = timedRuns('kubectl top nodes', K, ['top', 'nodes', '--no-headers'], env);
    const ourNodes = timedRuns('kube-scaling-doctor top nodes', process.execPath, [cli, 'top', 'nodes', '--format', 'json', '--kubeconfig', kubeconfig], env);
    // Start-up alone (loading the bundled CLI), to tell it apart from the requests.
    const ourStart = timedRuns('kube-scaling-doctor --help', process.execPath, [cli, '--help'], env);
    for (const r of [getPods, getNodes, kubectlTop, ourTop, ourTopRequests, kubectlNodes, ourNodes, ourStart]) log(`one-shot: ${r.label.padEnd(44)} median ${figure(r)}`);
    const versus = (ours, theirs) =>
      ours.failed || theirs.failed
        ? undefined
        : `${ratio(ours.wallMs, theirs.wallMs, 'wall')}, ${ratio(ours.cpuS, theirs.cpuS, 'CPU')}, ${ratio(ours.maxRssMiB, theirs.maxRssMiB, 'RSS')} of ${theirs.label}`;
    report('cluster', 'kube-scaling-doctor top pods -A', figure(ourTop), versus(ourTop, kubectlTop));
    // The target's figure: kubectl's CPU at this size drifts by 2× between minutes, so the two take turns.
    const PAIRED_RUNS = 15;
    const [kubectlTurns, ourTurns] = measureInterleaved(PAIRED_RUNS, [
      [K, ['top', 'pods', '-A', '--no-headers'], { env, stdio: ['ignore', 'ignore', 'pipe'] }],
      [process.execPath, [cli, 'top', 'pods', '-A', '--kubeconfig', kubeconfig], { env, stdio: ['ignore', 'ignore', 'pipe'] }],
    ]);
    const turnsFailed = [...kubectlTurns.runs, ...ourTurns.runs].some((r) => r.status !== 0);
    report(
      'cluster',
      `kube-scaling-doctor top pods -A, ${PAIRED_RUNS} runs taking turns with kubectl, CPU summed`,
      turnsFailed ? 'FAILED (a run exited non-zero)' : `${fmtS(ourTurns.cpuSumS)} vs ${fmtS(kubectlTurns.cpuSumS)} CPU`,
      turnsFailed ? undefined : `${ratio(ourTurns.cpuSumS, kubectlTurns.cpuSumS, 'CPU')} of kubectl top pods -A`,
    );
    report('cluster', 'kubectl top pods -A', figure(kubectlTop));
    report('cluster', 'kube-scaling-doctor top pods -A --requests', figure(ourTopRequests), versus(ourTopRequests, kubectlTop));
    report('cluster', 'kube-scaling-doctor top nodes', figure(ourNodes), versus(ourNodes, kubectlNodes));
    report('cluster', 'kubectl top nodes', figure(kubectlNodes));
    report('cluster', 'kube-scaling-doctor --help (start)', figure(ourStart));
    return { name, nodes, pods, worker: w, yardstick, oneShot: [getPods, getNodes, kubectlTop, ourTop, ourTopRequests, kubectlNodes, ourNodes, ourStart] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the child process ----

async function worker([bundle, kubeconfig, nodesArg, podsArg, idleArg]) {
  const expectNodes = Number(nodesArg);
  const expectPods = Number(podsArg);
  const idleSeconds = Number(idleArg);
  const { ClusterSession, loadKubeConfig, SnapshotIndex } = createRequire(import.meta.url)(bundle);
  const kc = loadKubeConfig({ kubeconfig });
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const cpuMs = (c) => (c.user + c.system) / 1000;

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const session = new ClusterSession(kc, { metricsIntervalMs: 15_000 });
  // Every metrics read, timed: the polling timer and refreshMetrics() both read through the session's
  // MetricsPoller (a private field in TypeScript; concurrent calls share one read).
  const refreshes = [];
  const poller = session.metrics;
  const refresh = poller.refresh.bind(poller);
  let last;
  poller.refresh = () => {
    const start = performance.now();
    const p = refresh();
    if (p !== last) {
      last = p;
      p.then(
        () => refreshes.push({ start, end: performance.now() }),
        () => undefined,
      );
    }
    return p;
  };
  let changeEvents = 0;
  let changedRows = 0;
  session.onDidChange((c) => {
    changeEvents++;
    changedRows += (c.nodes?.length ?? 0) + (c.pods?.length ?? 0) + (c.autoscalers?.length ?? 0);
  });
  // As the extension does: start, then polling on because the view is visible.
  const started = session.start().then(() => performance.now() - t0);
  session.setMetricsPolling(true);
  const informersSyncedMs = await started;
  while (!refreshes.length) await wait(20);
  const firstMetricsMs = refreshes[0].end - t0;
  const s0 = performance.now();
  let snap = session.snapshot();
  const snapshotMs = performance.now() - s0;
  const firstFullTreeMs = performance.now() - t0;
  const firstTreeCpuS = cpuMs(process.cpuUsage(cpu0)) / 1000;
  // What the view does with it (src/extension/explorer/model.ts, no vscode): index the snapshot for the tree.
  const i0 = performance.now();
  new SnapshotIndex(snap);
  const treeIndexMs = performance.now() - i0;
  const firstTreeMaxDelayMs = loop.max / 1e6;
  // Pods may come and go meanwhile (the HPAs of the scenario scale): 1 % slack on pods.
  if (snap.nodes.length < expectNodes || snap.pods.length < expectPods * 0.99) {
    throw new Error(`the first tree is not full: ${snap.nodes.length}/${expectNodes} nodes, ${snap.pods.length}/${expectPods} pods; problems: ${JSON.stringify(snap.problems)}`);
  }
  const snapshot = {
    nodes: snap.nodes.length,
    pods: snap.pods.length,
    podsWithUsage: snap.pods.filter((p) => p.usage).length,
    nodesWithUsage: snap.nodes.filter((n) => n.usage).length,
    autoscalers: snap.autoscalers.length,
    problems: snap.problems.map((p) => p.kind),
  };
  global.gc?.();
  const mem = process.memoryUsage();
  const rssAfterTreeMiB = mem.rss / MiB;
  const heapAfterTreeMiB = mem.heapUsed / MiB;

  // Idle with polling on.
  changeEvents = 0;
  changedRows = 0;
  const idleFrom = refreshes.length;
  loop.reset();
  const idleCpu0 = process.cpuUsage();
  const idleT0 = performance.now();
  const rss = [];
  for (let i = 0; i < idleSeconds; i++) {
    await wait(1000);
    rss.push(process.memoryUsage().rss / MiB);
  }
  const idleWall = performance.now() - idleT0;
  const idleRefreshes = refreshes.slice(idleFrom).map((r) => r.end - r.start);
  const idle = {
    cpuPercent: (cpuMs(process.cpuUsage(idleCpu0)) / idleWall) * 100,
    rssMinMiB: Math.min(...rss),
    rssMaxMiB: Math.max(...rss),
    refreshes: idleRefreshes.length,
    refreshMedianMs: idleRefreshes.length ? median(idleRefreshes) : NaN,
    changeEvents,
    changedRows,
    maxDelayMs: loop.max / 1e6,
  };

  // One refresh at a time, polling off.
  session.setMetricsPolling(false);
  await wait(2000);
  const runs = [];
  for (let i = 0; i < 5; i++) {
    changedRows = 0;
    // A full read (nodes and pods): without this the session reads only nodes while their samples are unchanged.
    session.podReads.failed();
    const c = process.cpuUsage();
    const t = performance.now();
    await session.refreshMetrics();
    const wall = performance.now() - t;
    const cpu = cpuMs(process.cpuUsage(c));
    await wait(300); // the change batch (100 ms) is delivered
    runs.push({ wall, cpu, changed: changedRows });
    await wait(3000);
  }
  session.dispose();
  const result = {
    informersSyncedMs,
    firstMetricsMs,
    snapshotMs,
    firstFullTreeMs,
    firstTreeCpuS,
    firstTreeMaxDelayMs,
    treeIndexMs,
    snapshot,
    rssAfterTreeMiB,
    heapAfterTreeMiB,
    idle,
    refresh: { runs: runs.length, wallMedianMs: median(runs.map((r) => r.wall)), cpuMedianMs: median(runs.map((r) => r.cpu)), changedRowsMedian: median(runs.map((r) => r.changed)) },
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  if (process.argv[2] === '--worker') {
    worker(process.argv.slice(3)).catch((err) => {
      console.error(err?.stack ?? String(err));
      process.exit(1);
    });
  } else {
    benchClusterExplorer({ name: process.argv[2] }).catch((err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    });
  }
}

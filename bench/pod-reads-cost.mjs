// What the data layer costs with one namespace's pods' metrics polled, as the Cluster view polls them while that
// namespace is open: a ClusterSession (bundled from src/, in this process) started on a local cluster, metrics polling
// on, pods' metrics of NAMESPACE only. Prints each 10 s: CPU of the process (all threads, process.cpuUsage), the GC's
// pauses and full GCs (perf_hooks), the pod rows changed, the heap; then the share of a core after the first minute.
//   node bench/pod-reads-cost.mjs [NAME] [--namespace ksd-load] [--minutes 5]
// NAME: a local cluster (`npm run cluster -- up --name ksd-bench --nodes 2000 --pods-per-node 10`). With metrics-server
// at 60 s (the local cluster from 1,000 nodes on), 5 minutes hold four reads after the first minute.
// @ts-check
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { bundleForNode } from './bundle.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { namespace: { type: 'string', default: 'ksd-load' }, minutes: { type: 'string', default: '5' } },
});
const name = positionals[0] ?? 'ksd-bench';
const minutes = Number(values.minutes);
if (!(minutes >= 2)) {
  console.error(`--minutes: a number of minutes, at least 2 (the first minute is not counted); got ${values.minutes}`);
  process.exit(2);
}
const cacheDir = process.env.KSD_CACHE_DIR ?? join(homedir(), '.cache', 'kube-scaling-doctor');
const kubeconfig = join(cacheDir, 'clusters', name, 'kubeconfig.yaml');

const dir = mkdtempSync(join(tmpdir(), 'ksd-pod-reads-'));
const contents = ["export { ClusterSession } from './src/core/cluster/session';", "export { loadKubeConfig } from './src/core/cluster/connect';"].join('\n');
const lib = createRequire(import.meta.url)(await bundleForNode(contents, join(dir, 'session.cjs')));
rmSync(dir, { recursive: true, force: true });

let kc;
try {
  kc = lib.loadKubeConfig({ kubeconfig });
} catch (err) {
  console.error(`cannot read the kubeconfig of cluster ${name} (${kubeconfig}): ${err instanceof Error ? err.message : err}`);
  process.exit(2);
}
const session = new lib.ClusterSession(kc, { log: () => undefined });
let gcMs = 0;
let fullGcs = [];
let allFullGcs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    const kind = /** @type {{ kind?: number } | undefined} */ (e.detail)?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      fullGcs.push(Math.round(e.duration));
      allFullGcs++;
    }
  }
}).observe({ entryTypes: ['gc'] });
let changedPods = 0;
let usageOnlyPods = 0;
session.onDidChange((c) => {
  changedPods += c.pods?.length ?? 0;
  usageOnlyPods += c.podUsageOnly?.size ?? 0;
});

await session.start();
const snapshot = session.snapshot();
const blocking = snapshot.problems.find((p) => p.kind === 'unreachable' || p.kind === 'unauthorized' || p.kind === 'kubeconfig');
if (blocking) {
  console.error(`cluster ${name}: ${blocking.title}`);
  process.exit(1);
}
console.log(`cluster ${name}: ${snapshot.nodes.length} nodes, ${snapshot.pods.length} pods; pods' metrics of namespace ${values.namespace} polled for ${minutes} minutes`);
session.setMetricsPolling(true);
session.setPodMetrics([values.namespace]);

const started = Date.now();
let last = process.cpuUsage();
let counted = 0;
let intervals = 0;
const timer = setInterval(() => {
  const d = process.cpuUsage(last);
  last = process.cpuUsage();
  const ms = (d.user + d.system) / 1000;
  if (Date.now() - started > 60_000) {
    counted += ms;
    intervals++;
  }
  const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
  console.log(
    `${new Date().toISOString().slice(11, 19)}  ${ms.toFixed(0).padStart(5)} ms CPU  GC ${gcMs.toFixed(0)} ms${fullGcs.length ? ` (full GCs ${fullGcs.join(', ')} ms)` : ''}  pod rows changed ${changedPods} (usage alone ${usageOnlyPods})  heap ${heap} MiB`,
  );
  gcMs = 0;
  fullGcs = [];
  changedPods = 0;
  usageOnlyPods = 0;
}, 10_000);
setTimeout(() => {
  clearInterval(timer);
  session.dispose();
  console.log(`pod-reads-cost: after the first minute, ${(counted / intervals / 100).toFixed(2)} % of a core (process CPU, all threads); ${allFullGcs} full GCs in all`);
  process.exit(0);
}, minutes * 60_000);

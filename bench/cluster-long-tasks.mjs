// Where the extension host's event loop stalls while the Cluster view loads and idles, found in plain Node:
// the extension's path (require of dist/extension-cluster.js on first use, the shared ClusterSession with
// metrics polling on, the view's SnapshotIndex built and patched in slices for every change) run under the V8
// CPU profiler (node:inspector), then
// every stall of the event loop longer than a threshold (a 5 ms timer held up) is listed with the functions the
// profile saw running in it. The profiler slows code about 1.5–2×: read the stalls as where, the durations as
// upper bounds. Prints; asserts nothing.
//
//   npm run build && node bench/cluster-long-tasks.mjs NAME [--idle SECONDS] [--over MS] [--profile FILE]
//       [--require] (one require() of the bundle, as before the loader) [--code-cache DIR] [--no-profile] (CPU figures without the profiler)
import { Session } from 'node:inspector/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (flag, dflt) => {
  const i = process.argv.indexOf(flag);
  return i === -1 ? dflt : process.argv[i + 1];
};
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** Monotonic µs, the clock of the profile's timestamps. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Records every gap of over `overMs` between turns of a 5 ms interval timer: the event loop was held that long
 * (what monitorEventLoopDelay measures, with when it happened).
 */
function recordStalls(overMs) {
  const stalls = [];
  // The main thread's own CPU (its /proc task, in clock ticks of 10 ms): GC helpers, the profiler and the thread
  // pool run beside it and do not stall it.
  const cpuUs = () => {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1e6) / TICK;
  };
  let last = nowUs();
  let lastCpu = cpuUs();
  const timer = setInterval(() => {
    const t = nowUs();
    const cpu = cpuUs();
    // A long gap with little main-thread CPU is this process waiting for a core, not our work.
    if (t - last > overMs * 1000) stalls.push({ fromUs: last, toUs: t, cpuMs: (cpu - lastCpu) / 1000 });
    last = t;
    lastCpu = cpu;
  }, 5);
  return { stalls, mainCpuUs: cpuUs, stop: () => clearInterval(timer) };
}

/** The functions a stall spent its time in (self time of the profile's samples within it), most first. */
export function stallFunctions(profile, stall, n = 6) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const name = (x) => `${x.callFrame.functionName || '(anonymous)'} ${x.callFrame.url.split('/').slice(-2).join('/')}:${x.callFrame.lineNumber + 1}`;
  const self = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t <= stall.fromUs || t > stall.toUs) continue;
    const x = byId.get(profile.samples[i]);
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(name(x), (self.get(name(x)) ?? 0) + ms);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
}

async function main() {
  const name = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'ksd-bench';
  const idleSeconds = Number(arg('--idle', 40));
  const overMs = Number(arg('--over', 30));
  const lib = await import('../scripts/cluster/lib.mjs');
  const st = await lib.status({ name });
  if (!st.ready) throw new Error(`cluster "${name}" is not running`);

  const expectPods = lib.kubectl(['get', 'pods', '-A', '-o', 'name'], { name, timeoutMs: 300_000 }).stdout.split('\n').filter(Boolean).length;
  const view = createRequire(import.meta.url)(await bundleView());
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 1000 });
  const profiling = !process.argv.includes('--no-profile');
  if (profiling) await inspector.post('Profiler.start');
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const marks = [];
  const mark = (what) => marks.push({ what, atUs: nowUs() });
  const recorder = recordStalls(overMs);
  await wait(200);

  // As the view's first getChildren() does (src/extension/loadClusterCode.ts), or with --require as
  // ClusterService.session() did before (one require() of the bundle).
  const { SnapshotIndex, patchIndexInSlices, rowsToRefresh, loadClusterCodeInSteps, useCodeCacheDir } = view;
  const cacheDir = arg('--code-cache');
  if (cacheDir) useCodeCacheDir(cacheDir);
  await wait(500);
  mark(process.argv.includes('--require') ? 'require dist/extension-cluster.js' : `dist/extension-cluster.js in steps${cacheDir ? ', code cache' : ''}`);
  const code = process.argv.includes('--require') ? createRequire(import.meta.url)(join(ROOT, 'dist', 'extension-cluster.js')) : await loadClusterCodeInSteps();
  mark('session start');
  const kc = code.loadKubeConfig({ kubeconfig: st.kubeconfig });
  const session = new code.ClusterSession(kc, { metricsIntervalMs: 15_000 });
  // As view.ts: an index of the first snapshot, then each change patched in or indexed anew, one at a time.
  let index = new SnapshotIndex(session.snapshot());
  let applying = Promise.resolve();
  let changes = 0;
  const shown = (id) => id === 'root' || id === 'nodes' || id === 'pods' || id === 'autoscalers';
  session.onDidChange((change) => {
    applying = applying.then(async () => {
      changes++;
      const snapshot = session.snapshot();
      const patched = await patchIndexInSlices(index, snapshot, change, session, shown);
      if (!patched) {
        // As the view does: the rows whose usage alone changed are computed in slices before the new index reads them.
        await session.computePodRows();
        const after = await SnapshotIndex.build(snapshot);
        rowsToRefresh(change, index, after, shown);
        index = after;
      }
    });
  });
  void session.start();
  session.setMetricsPolling(true);
  while (index.pods.size < expectPods * 0.99 || !index.snapshot.metricsAt) await wait(100);
  mark(`full tree (${index.pods.size} pods)`);
  const firstTreeMaxMs = loop.max / 1e6;
  loop.reset();
  const idleCpu0 = process.cpuUsage();
  const idleMain0 = recorder.mainCpuUs();
  await wait(idleSeconds * 1000);
  const idleCpu = process.cpuUsage(idleCpu0);
  const idleMainMs = (recorder.mainCpuUs() - idleMain0) / 1000;
  mark('idle end');
  const idleMaxMs = loop.max / 1e6;
  session.dispose();

  const { profile } = profiling ? await inspector.post('Profiler.stop') : { profile: { nodes: [], samples: [], timeDeltas: [], startTime: 0 } };
  const out = arg('--profile');
  if (out) writeFileSync(out, JSON.stringify(profile));
  console.log(`event loop: longest delay ${firstTreeMaxMs.toFixed(0)} ms until the full tree, ${idleMaxMs.toFixed(0)} ms idle ${idleSeconds} s (${changes} changes applied)`);
  const idleStall = { fromUs: marks.at(-2).atUs, toUs: marks.at(-1).atUs };
  console.log(
    `idle ${idleSeconds} s with the view's polling on: ${(((idleCpu.user + idleCpu.system) / 1e6 / idleSeconds) * 100).toFixed(2)} % of a core (main thread ${((idleMainMs / 1000 / idleSeconds) * 100).toFixed(2)} %)${profiling ? ', profiled; spent in' : ''}:`,
  );
  for (const [fn, ms] of stallFunctions(profile, idleStall, 15).filter(([fn]) => !fn.startsWith('(idle)'))) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
  const at = (us) => `${((us - marks[0].atUs) / 1000).toFixed(0)} ms`;
  console.log(`marks: ${marks.map((m) => `${m.what} @${at(m.atUs)}`).join(', ')}`);
  recorder.stop();
  for (const stall of recorder.stalls) {
    const phase = marks.findLast((m) => m.atUs <= stall.fromUs)?.what ?? 'before';
    console.log(`stall ${((stall.toUs - stall.fromUs) / 1000).toFixed(0)} ms (${stall.cpuMs.toFixed(0)} ms main-thread CPU) at ${at(stall.fromUs)} (after: ${phase}):`);
    for (const [fn, ms] of stallFunctions(profile, stall)) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
  }
}

/**
 * The view's model (src/extension/explorer/model.ts, no vscode) and the cluster-code loader, bundled into dist/ as
 * the extension bundles them: the loader's require('./clusterCode') stays a run-time load of dist/extension-cluster.js.
 */
async function bundleView() {
  const outfile = join(ROOT, 'dist', 'extension.bench-view.js');
  const lazyClusterCode = {
    name: 'lazy-cluster-code',
    setup: (b) => b.onResolve({ filter: /^\.\/clusterCode$/ }, () => ({ path: './extension-cluster.js', external: true })),
  };
  // Before the loader existed (a checkout of an older commit, for a paired run): the model only, with --require.
  const contents = `export * from './src/extension/explorer/model';\n${existsSync(join(ROOT, 'src/extension/moduleInSteps.ts')) ? "export { loadClusterCodeInSteps, useCodeCacheDir } from './src/extension/loadClusterCode';\n" : ''}`;
  return bundleForNode(contents, outfile, { plugins: [lazyClusterCode] });
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}

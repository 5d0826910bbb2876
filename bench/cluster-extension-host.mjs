// The real extension host with the Scaling Doctor view open on a running local cluster (code-server 4.100.3 +
// headless Chromium): time from opening the view until the tree shows every node and every pod, then the extension
// host's CPU (from /proc, the main thread apart from the others) and RSS in the minute after the load, then while
// idle with the view visible (metrics polled; pods' only those of open namespace rows), with a small namespace open,
// with the biggest one open too, and with the view hidden (polling off), and the longest event-loop stall with the
// CPU spent in it (the extension's opt-in probe, KSD_BENCH_EVENT_LOOP_FILE).
// With KSD_BENCH_PROFILE=1, V8's profiler samples the extension host's main thread in the idle phases
// (bench/main-thread-profile.mjs): whose work each phase's CPU was, ours, the GC's or VS Code's, and our functions
// in it; the profiles are saved in test-results/. Not by default: the profiler's own cost (its sampling thread, the
// profile sent at each stop, the garbage it leaves) lands in the process and stall figures, so those are read from
// a run without it. Prints figures; asserts nothing about time.
//
//   node bench/cluster-extension-host.mjs [CLUSTER_NAME]     (default ksd-bench; or KSD_BENCH_CLUSTER)
//   npm run bench -- --cluster NAME --extension-host         (the same, after the data-layer bench)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocations, allocationSampler, attachInspector, mainThreadProfiler, monotonicUs, ourFunctions, splitProfile } from './main-thread-profile.mjs';
import { fmtMiB, fmtS, ratio, report } from './measure.mjs';
import { watchEventTimes } from './watch-event-times.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
/** Seconds after the full tree measured apart from the idle phases (see where it is used). */
const SETTLE_SECONDS = 60;

/** A process's (or with `thread`, one of its threads') parent and CPU seconds, from /proc. */
function procStat(pid, thread) {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), cpuS: (Number(f[11]) + Number(f[12])) / TICK };
}
/**
 * The process's CPU and its main thread's (the thread whose id is the pid). Node 20 names none of its threads, so the
 * rest is told only as a sum: V8's platform workers (concurrent marking and sweeping, compiling), libuv's pool.
 */
const cpuSplit = (pid) => ({ process: procStat(pid).cpuS, main: procStat(pid, pid).cpuS });
const signed = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)} %`;
const pct = (x) => `${x.toFixed(2)} %`;
/** Whether a profile's samples cover part of a phase (each of the two profiles covers only its own phases). */
const overlaps = (profile, phase) => profile.startTime < phase.toUs && profile.endTime > phase.fromUs;
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** The extension host: a descendant of code-server whose command line says extensionHost. */
function findExtensionHost(rootPid) {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const { ppid } = procStat(d);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    for (const c of kids.get(pid) ?? []) {
      try {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('extensionHost')) return c;
      } catch {
        /* gone */
      }
      stack.push(c);
    }
  }
  return undefined;
}

/** CPU (percent of one core: the process, its main thread, the other threads) and RSS over `seconds`. */
async function sample(pid, seconds) {
  const c0 = cpuSplit(pid);
  const t0 = performance.now();
  const fromMs = Date.now();
  const fromUs = monotonicUs();
  const rss = [];
  for (let i = 0; i < seconds; i++) {
    await wait(1000);
    rss.push(rssMiB(pid));
  }
  const c1 = cpuSplit(pid);
  const wall = (performance.now() - t0) / 1000;
  const percent = (s) => (s / wall) * 100;
  const cpuPercent = percent(c1.process - c0.process);
  const mainPercent = percent(c1.main - c0.main);
  return { cpuPercent, mainPercent, otherPercent: cpuPercent - mainPercent, rssMin: Math.min(...rss), rssMax: Math.max(...rss), fromUs, toUs: monotonicUs(), fromMs, toMs: Date.now() };
}

/**
 * `yardstick` ({ wallMs, cpuS }: kubectl get pods -A -o json + get nodes -o json, measured by the
 * data-layer bench of the same run) gives the full-tree time its ratio.
 */
export async function benchExtensionHost({ name = process.env.KSD_BENCH_CLUSTER || 'ksd-bench', idleSeconds = Number(process.env.KSD_BENCH_IDLE_SECONDS || 60), yardstick, log = console.log } = {}) {
  const lib = await import('../scripts/cluster/lib.mjs');
  const cs = await import('../scripts/setup-code-server.mjs');
  const { chromium } = await import('playwright-core');
  const st = await lib.status({ name });
  if (!st.ready) throw new Error(`cluster "${name}" is not running`);
  const count = (args) => lib.kubectl(args, { name, timeoutMs: 300_000 }).stdout.split('\n').filter(Boolean).length;
  const nodes = count(['get', 'nodes', '-o', 'name']);
  const pods = count(['get', 'pods', '-A', '-o', 'name']);
  const executablePath = cs.findChromium();
  if (!executablePath) throw new Error('Chromium is missing: apt-get install -y chromium');
  cs.ensureCodeServer({ quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-exthost-'));
  const workspace = join(dir, 'workspace');
  const loopFile = join(dir, 'event-loop.txt');
  mkdirSync(workspace);
  const server = await cs.startCodeServer({
    folder: workspace,
    userDataDir: join(dir, 'user'),
    extensionsDir: join(dir, 'extensions'),
    logFile: join(dir, 'code-server.log'),
    settings: { 'kubeScalingDoctor.kubeconfig': st.kubeconfig },
    // src/extension/explorer/eventLoopProbe.ts: the extension host's longest event-loop delay per second.
    env: { KSD_BENCH_EVENT_LOOP_FILE: loopFile },
  });
  /** The probe's lines (one per second, as columns of numbers) between two times (epoch ms); [] before the view loaded it. */
  const probeLines = (from, to) => {
    let text;
    try {
      text = readFileSync(loopFile, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .map((l) => l.split(' ').map(Number))
      .filter(([t]) => t > from && t <= to + 1000);
  };
  /**
   * The probe's longest event-loop gap between two times (epoch ms) with the main thread's CPU and run-queue wait in
   * it, the most CPU any gap held, and the longest gap less its wait (our longest task, whatever the machine's
   * load); undefined before the view loaded it.
   */
  const longestStall = (from, to) => {
    const inRange = probeLines(from, to);
    if (!inRange.length) return undefined;
    const longest = inRange.reduce((a, b) => (b[1] > a[1] ? b : a));
    // Ours: the gap less the time the thread waited for a core (a 5th column since the probe reads schedstat).
    const ours = (l) => l[1] - (l[4] ?? 0);
    return { ms: longest[1], cpuMs: longest[2], waitingMs: longest[4], mostCpuMs: Math.max(...inRange.map(([, , , most]) => most)), longestOwnMs: Math.max(...inRange.map(ours)) };
  };
  /** The main thread's GC pauses between two times (epoch ms), from the probe's columns 6–9; undefined without them. */
  const gcPausesIn = (from, to) => {
    const rows = probeLines(from, to).filter((l) => l.length >= 9);
    if (!rows.length) return undefined;
    const sum = (i) => rows.reduce((total, l) => total + l[i], 0);
    return { minorMs: sum(5), majorCount: sum(6), majorMs: sum(7), otherMs: sum(8) };
  };
  let browser;
  let inspector;
  let nodeUpdates;
  try {
    browser = await chromium.launch({ executablePath, args: cs.chromiumArgs, headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(cs.workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: ROOT }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    let host;
    for (let i = 0; i < 120 && !host; i++) {
      host = findExtensionHost(server.pid);
      if (!host) await wait(500);
    }
    if (!host) throw new Error('no extension host process found under code-server');
    await wait(10_000);
    const profiling = process.env.KSD_BENCH_PROFILE === '1';
    // KSD_BENCH_PROFILE=allocations: V8's sampling heap profiler in each idle phase instead of the CPU profiler.
    const sampling = process.env.KSD_BENCH_PROFILE === 'allocations';
    if (profiling || sampling) log(`extension host: profiled run (KSD_BENCH_PROFILE=${process.env.KSD_BENCH_PROFILE}): the process and stall figures carry the profiler's cost`);
    inspector = profiling || sampling ? await attachInspector(host) : undefined;
    const profiler = profiling ? await mainThreadProfiler(inspector) : undefined;
    const sampler = sampling ? await allocationSampler(inspector) : undefined;
    const ours = `${ROOT}/dist/`;
    /** One idle phase: CPU and RSS, and what it allocated when sampling. */
    const idle = async (seconds) => {
      await sampler?.start();
      const phase = await sample(host, seconds);
      if (sampler) phase.allocated = allocations(await sampler.stop(), ours);
      return phase;
    };
    const profiles = [];
    // Which phases a round of node status updates fell in (reported with the phases).
    nodeUpdates = await watchEventTimes(st.kubeconfig, '/api/v1/nodes');
    await profiler?.start();
    // As long as the idle samples below: the host's own idle work (VS Code's process checks, GC) comes in bursts, and a
    // shorter baseline than the phases it is subtracted from makes the difference as noisy as the shorter of the two.
    const before = await idle(Math.max(15, idleSeconds));
    log(`extension host: before the view opens: CPU ${before.cpuPercent.toFixed(1)} %, RSS ${before.rssMax.toFixed(0)} MiB`);
    // Serialising the profile holds the main thread up: done here, before the stalls are measured.
    if (profiler) profiles.push(await profiler.stop());
    await wait(2000);

    const cpu0 = procStat(host).cpuS;
    const t0 = performance.now();
    const openedAt = Date.now();
    await page.locator('.activitybar .action-item a[aria-label^="Scaling Doctor"], .activitybar .action-item .action-label[aria-label^="Scaling Doctor"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator(`.monaco-list-row[aria-label="Nodes: ${nodes}"]`).first().waitFor({ timeout: 900_000 });
    const nodesShownMs = performance.now() - t0;
    // Every pod in the tree (1 % slack: the scenario's HPAs scale while we wait).
    await page.waitForFunction(
      (min) =>
        [...document.querySelectorAll('.part.sidebar .monaco-list-row')].some((e) => {
          const m = /^Pods: (\d+)/.exec(e.getAttribute('aria-label') ?? '');
          return m && Number(m[1]) >= min;
        }),
      Math.floor(pods * 0.99),
      { timeout: 900_000, polling: 200 },
    );
    const treeMs = performance.now() - t0;
    const treeAt = Date.now();
    const loadCpuS = procStat(host).cpuS - cpu0;
    log(
      `extension host: view opened → "Nodes: ${nodes}" after ${(nodesShownMs / 1000).toFixed(1)} s, "Pods: ${pods}" (full tree) after ${(treeMs / 1000).toFixed(1)} s; ` +
        `${loadCpuS.toFixed(1)} s CPU; RSS ${rssMiB(host).toFixed(0)} MiB`,
    );
    const rssAtTree = rssMiB(host);
    report(
      'cluster',
      `extension host: view opened → full tree ("Pods: ${pods}")`,
      `${fmtS(treeMs / 1000)} wall, ${fmtS(loadCpuS)} CPU`,
      yardstick ? `${ratio(treeMs, yardstick.wallMs, 'wall')}, ${ratio(loadCpuS, yardstick.cpuS, 'CPU')} of kubectl get pods -A -o json + get nodes -o json` : undefined,
    );
    report('cluster', 'extension host: memory growth, before the view → full tree', `${fmtMiB(rssAtTree - before.rssMax)} (RSS ${fmtMiB(before.rssMax)} → ${fmtMiB(rssAtTree)})`);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', `bench-explorer-${name}.png`) });
    await profiler?.start();
    // The minute after the load is not idle: V8 marks the heap the load grew and its memory reducer shrinks it (full
    // GCs 15–35 s after the full tree in profiles of 22,000 pods). Measured apart, so the idle phases are steady ones.
    const settling = await idle(SETTLE_SECONDS);
    const idleFrom = Date.now();
    const open = await idle(idleSeconds);
    const stallOpen = longestStall(openedAt, treeAt);
    const stallIdle = longestStall(idleFrom, Date.now());
    const ms = (x) =>
      x === undefined
        ? 'not measured'
        : `${x.ms.toFixed(0)} ms (${x.cpuMs.toFixed(0)} ms CPU in it${x.waitingMs === undefined ? '' : `, ${x.waitingMs.toFixed(0)} ms waiting for a core`}); less the waiting, the longest ${x.longestOwnMs.toFixed(0)} ms`;
    const cpu = (x) => (x === undefined ? 'not measured' : `${x.mostCpuMs.toFixed(0)} ms`);
    report('cluster', 'extension host: longest event-loop stall, view opened → full tree / idle', `${ms(stallOpen)} / ${ms(stallIdle)}`);
    report('cluster', 'extension host: most CPU in one event-loop stall, view opened → full tree / idle', `${cpu(stallOpen)} / ${cpu(stallIdle)}`);
    log(`extension host: idle ${idleSeconds} s, view visible (metrics polled): CPU ${open.cpuPercent.toFixed(1)} % of one core, RSS ${open.rssMin.toFixed(0)}–${open.rssMax.toFixed(0)} MiB`);
    report('cluster', `extension host: idle ${idleSeconds} s, view visible`, `${open.cpuPercent.toFixed(1)} % of one core, RSS ${open.rssMin.toFixed(0)}–${open.rssMax.toFixed(0)} MiB`);
    // Pods per namespace, most first: a small one is what a user opens most days, the biggest is the worst case.
    const podNamespaces = lib.kubectl(['get', 'pods', '-A', '--no-headers', '-o', 'custom-columns=NS:.metadata.namespace'], { name, timeoutMs: 300_000 }).stdout.split('\n').filter(Boolean);
    const bySize = [...podNamespaces.reduce((m, ns) => m.set(ns, (m.get(ns) ?? 0) + 1), new Map())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const [namespace] = bySize[0];
    const small = bySize.find(([ns, n]) => n >= 2 && n <= 50 && ns !== 'kube-system');
    let smallOpen;
    if (small) {
      // A small namespace open: only its pods' metrics are read.
      for (const label of ['Pods: ', `Namespace ${small[0]}: `]) {
        const row = sidebar.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
        await row.waitFor({ timeout: 60_000 });
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      }
      await wait(10_000);
      smallOpen = await idle(idleSeconds);
      log(`extension host: idle ${idleSeconds} s, namespace ${small[0]} (${small[1]} pods) open: CPU ${smallOpen.cpuPercent.toFixed(1)} % of one core`);
      report('cluster', `extension host: idle ${idleSeconds} s, view visible, namespace ${small[0]} (${small[1]} pods) open`, `${smallOpen.cpuPercent.toFixed(1)} % of one core`);
    }
    // The same with the biggest namespace open too (its workload rows show usage): its pods' metrics are read from then on.
    for (const label of ['Pods: ', `Namespace ${namespace}: `]) {
      const row = sidebar.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
      await row.waitFor({ timeout: 60_000 });
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    await sidebar.locator(`.monaco-list-row[aria-label^="Workload "][aria-label*=" in ${namespace}: "][aria-label*="% of request"]`).first().waitFor({ timeout: 300_000 });
    await wait(5000);
    const nsFrom = Date.now();
    const nsOpen = await idle(idleSeconds);
    const stallNs = longestStall(nsFrom, Date.now());
    log(`extension host: idle ${idleSeconds} s, namespace ${namespace} open: CPU ${nsOpen.cpuPercent.toFixed(1)} % of one core, RSS ${nsOpen.rssMin.toFixed(0)}–${nsOpen.rssMax.toFixed(0)} MiB`);
    report(
      'cluster',
      `extension host: idle ${idleSeconds} s, view visible, namespace ${namespace} open (its pods' metrics read)`,
      `${nsOpen.cpuPercent.toFixed(1)} % of one core, longest stall ${ms(stallNs)}`,
    );
    await page.locator('.activitybar .action-item a[aria-label^="Explorer"], .activitybar .action-item .action-label[aria-label^="Explorer"]').first().click();
    await wait(5000);
    const hidden = await idle(Math.min(idleSeconds, 30));
    log(
      `extension host: idle ${Math.min(idleSeconds, 30)} s, view hidden (polling off, watches on): CPU ${hidden.cpuPercent.toFixed(1)} % of one core, RSS ${hidden.rssMin.toFixed(0)}–${hidden.rssMax.toFixed(0)} MiB`,
    );
    report(
      'cluster',
      `extension host: idle, process CPU above the baseline (${before.cpuPercent.toFixed(1)} % before the view): visible / a small namespace open / ${namespace} open / hidden`,
      [open, smallOpen, nsOpen, hidden].map((x) => (x ? signed(x.cpuPercent - before.cpuPercent) : '—')).join(' / '),
    );
    // The main thread's GC pauses per phase (the probe's gc entries): how often the heap was marked in full.
    const gcText = (x) => {
      const g = x && gcPausesIn(x.fromMs, x.toMs);
      return g ? `${g.majorCount} major (${g.majorMs.toFixed(0)} ms), scavenges ${g.minorMs.toFixed(0)} ms, other ${g.otherMs.toFixed(0)} ms` : '—';
    };
    report(
      'cluster',
      `extension host: idle, main-thread GC pauses: before the view / visible / a small namespace open / ${namespace} open / hidden`,
      [before, open, smallOpen, nsOpen, hidden].map(gcText).join(' / '),
    );
    report(
      'cluster',
      `extension host: node status updates (watch events) per phase: before the view / the first ${SETTLE_SECONDS} s / visible / a small namespace open / ${namespace} open / hidden`,
      [before, settling, open, smallOpen, nsOpen, hidden].map((x) => (x ? (nodeUpdates.count(x.fromMs, x.toMs) ?? 'watch ended') : '—')).join(' / '),
    );
    report(
      'cluster',
      `extension host: the first ${SETTLE_SECONDS} s after the full tree (the load's garbage collected), process CPU above the baseline`,
      `${signed(settling.cpuPercent - before.cpuPercent)} (main ${signed(settling.mainPercent - before.mainPercent)}, others ${signed(settling.otherPercent - before.otherPercent)}); GC ${gcText(settling)}`,
    );
    // The idle phases by name, for the allocation and profile reports.
    const phases = [
      { name: 'before the view opened', ...before },
      { name: `the first ${SETTLE_SECONDS} s after the full tree`, ...settling },
      { name: 'view visible, namespaces closed', ...open },
      ...(smallOpen ? [{ name: `namespace ${small[0]} (${small[1]} pods) open`, ...smallOpen }] : []),
      { name: `namespace ${namespace} open too`, ...nsOpen },
      { name: 'view hidden', ...hidden },
    ];
    if (sampler) {
      const perS = (bytes, x) => `${(bytes / 2 ** 20 / ((x.toMs - x.fromMs) / 1000)).toFixed(2)} MiB/s`;
      for (const phase of phases) {
        if (!phase.allocated) continue;
        const { total, ours: mine, top } = phase.allocated;
        report('cluster', `extension host: allocated (sampled), ${phase.name}`, `${perS(total, phase)}, ours ${perS(mine, phase)}`);
        for (const [fn, bytes] of top) log(`  ${perS(bytes, phase).padStart(12)}  ${fn}`);
      }
    }
    // Where the difference ran: the main thread (our code, VS Code's, the GC's pauses) or the others (V8's workers).
    for (const [thread, of] of [
      ['main thread', (x) => x.mainPercent],
      ['other threads', (x) => x.otherPercent],
    ]) {
      report(
        'cluster',
        `extension host: idle, ${thread} CPU above the baseline (${pct(of(before))} before the view): visible / a small namespace open / ${namespace} open / hidden`,
        [open, smallOpen, nsOpen, hidden].map((x) => (x ? signed(of(x) - of(before)) : '—')).join(' / '),
      );
    }
    if (profiler) {
      profiles.push(await profiler.stop());
      profiles.forEach((profile, i) => writeFileSync(join(ROOT, 'test-results', `bench-exthost-${name}-${i + 1}.cpuprofile`), JSON.stringify(profile)));
      log(`extension host: profiles saved as test-results/bench-exthost-${name}-{1,2}.cpuprofile (open them in Chrome DevTools or VS Code)`);
      const split = profiles.flatMap((profile) => splitProfile(profile, phases, ours).filter((_, i) => profile.samples.length && overlaps(profile, phases[i])));
      for (const phase of phases) {
        const profile = profiles.find((x) => overlaps(x, phase));
        if (!profile) continue;
        log(`extension host: our functions, ${phase.name}:`);
        for (const [fn, ms] of ourFunctions(profile, phase, ours)) log(`  ${ms.toFixed(0).padStart(6)} ms  ${fn}`);
      }
      const base = split.find((p) => p.name === phases[0].name);
      for (const p of split) {
        const vs = base && p !== base ? `; busy ${signed(p.busy - base.busy)} vs the baseline, ours ${signed(p.ours - base.ours)}, GC ${signed(p.gc - base.gc)}` : '';
        report(
          'cluster',
          `extension host main thread (V8 profile), ${p.name} (${p.seconds.toFixed(0)} s)`,
          `busy ${pct(p.busy)}: ours ${pct(p.ours)}, GC ${pct(p.gc)}, rest ${pct(p.rest)}, the bench's probe ${pct(p.probe)}${vs}`,
        );
      }
    }
    return { nodes, pods, before, nodesShownMs, treeMs, loadCpuS, open, smallOpen, nsOpen, hidden, stallOpen, stallIdle };
  } finally {
    nodeUpdates?.stop();
    inspector?.close();
    await browser?.close().catch(() => undefined);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  benchExtensionHost({ name: process.argv[2] }).then(
    () => process.exit(0),
    (err) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}

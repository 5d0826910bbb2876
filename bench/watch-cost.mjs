// What a watch of 2,000 nodes costs per way of reading it: client-node's Watch (JSON through readline, as the data
// layer read watches before watch.ts), watch.ts on JSON lines, watch.ts on protobuf. Each way runs in its own process
// (CPU from process.cpuUsage, all threads) and keeps objects as the informer does (trimmed; an update equal besides its
// resourceVersion dropped).
//   node bench/watch-cost.mjs [NAME]          ADDED events of every node (a watch from resourceVersion 0), rounds 2–6
//                                             of 6 per way, ways interleaved; the median per way
//   node bench/watch-cost.mjs [NAME] --round  the three ways side by side for 11 minutes, so that one round of kwok's
//                                             node status updates (every 10 minutes) falls in: CPU of the 10 s
//                                             intervals with events, per way
// NAME: a local cluster (`npm run cluster -- up --name ksd-bench --nodes 2000 --pods-per-node 10`).
// @ts-check
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle.mjs';

const WAYS = ['client-node', 'json', 'protobuf'];

function bundle(dir) {
  const contents = [
    "export { watchPath } from './src/core/cluster/watch';",
    "export { sameBesidesVersion } from './src/core/cluster/informer';",
    "export { nodeFromProtobuf } from './src/core/cluster/protoObjects';",
    "export { trimNode } from './src/core/cluster/trim';",
  ].join('\n');
  return bundleForNode(contents, join(dir, 'watch.cjs'));
}

/** One way in this process: `mode` 'added' (rounds of ADDED events) or 'round' (11 minutes of updates). */
async function worker(way, mode, bundlePath, kubeconfig) {
  const { createRequire } = await import('node:module');
  const lib = createRequire(import.meta.url)(bundlePath);
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const held = new Map();
  let events = 0;
  const take = (o) => {
    events++;
    const old = held.get(o.metadata.name);
    if (!old || !lib.sameBesidesVersion(old, o)) held.set(o.metadata.name, o);
  };
  /** Starts a watch of nodes from `rv`; resolves with a function that stops it. */
  const watch = async (rv) => {
    const query = { resourceVersion: rv, allowWatchBookmarks: 'true' };
    if (way === 'client-node') {
      const c = await new k8s.Watch(kc).watch(
        '/api/v1/nodes',
        query,
        (type, obj) => type !== 'DELETED' && type !== 'BOOKMARK' && type !== 'ERROR' && take(lib.trimNode(obj)),
        () => undefined,
      );
      return () => c.abort();
    }
    const read = way === 'protobuf' ? { keep: lib.trimNode, protobuf: lib.nodeFromProtobuf } : { keep: lib.trimNode };
    const on = { object: (type, o) => type !== 'DELETED' && take(o), bookmark: () => undefined, error: () => undefined, done: () => undefined };
    const s = await lib.watchPath(kc, '/api/v1/nodes', query, read, on, 3_600_000);
    return () => s.controller.abort();
  };
  const cpuMs = (since) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1000;
  };
  if (mode === 'added') {
    const nodes = Number(process.argv[7]);
    const rounds = [];
    for (let round = 0; round < 6; round++) {
      events = 0;
      const t0 = process.cpuUsage();
      let stop = () => undefined;
      await new Promise((resolve) => {
        const check = setInterval(() => events >= nodes && (clearInterval(check), resolve(undefined)), 5);
        void watch('0').then((s) => (stop = s));
      });
      stop();
      if (round > 0) rounds.push(cpuMs(t0));
      await new Promise((r) => setTimeout(r, 300));
    }
    process.stdout.write(JSON.stringify({ way, rounds }) + '\n');
    return;
  }
  await watch('0');
  let last = process.cpuUsage();
  let seen = 0;
  const busy = { cpuMs: 0, events: 0 };
  const quiet = { cpuMs: 0, intervals: 0 };
  const timer = setInterval(() => {
    const ms = cpuMs(last);
    last = process.cpuUsage();
    const n = events - seen;
    seen = events;
    // The first interval holds the ADDED events of every node: not a round.
    if (n > 50 && busy.events + quiet.intervals > 0) {
      busy.cpuMs += ms;
      busy.events += n;
    } else if (n <= 50) {
      quiet.cpuMs += ms;
      quiet.intervals++;
    }
  }, 10_000);
  await new Promise((r) => setTimeout(r, 11 * 60_000));
  clearInterval(timer);
  process.stdout.write(JSON.stringify({ way, busy, quiet }) + '\n');
}

function run(args) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', (code) => (code === 0 ? resolveRun(JSON.parse(out.trim().split('\n').pop() ?? '{}')) : reject(new Error(`${args[1]}: exit ${code}`))));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (process.argv[2] === '--worker') {
    await worker(process.argv[3], process.argv[4], process.argv[5], process.argv[6]);
    process.exit(0); // the watches' connections would keep it alive
  }
  const name = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'ksd-bench';
  const round = process.argv.includes('--round');
  const lib = await import('../scripts/cluster/lib.mjs');
  const st = await lib.status({ name });
  if (!st.ready) throw new Error(`cluster "${name}" is not running; start it with: npm run cluster -- up --name ${name} --nodes 2000 --pods-per-node 10`);
  const nodes = lib.kubectl(['get', 'nodes', '-o', 'name'], { name }).stdout.split('\n').filter(Boolean).length;
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-watch-'));
  try {
    const path = await bundle(dir);
    if (round) {
      console.log(`watch cost: ${nodes} nodes, the three ways side by side for 11 minutes…`);
      const results = await Promise.all(WAYS.map((way) => run(['--worker', way, 'round', path, st.kubeconfig])));
      for (const r of results) {
        const perEvent = r.busy.events ? (r.busy.cpuMs / r.busy.events) * 1000 : NaN;
        console.log(
          `watch cost: round of node status updates, ${r.way}: ${r.busy.events} events, ${r.busy.cpuMs.toFixed(0)} ms CPU (${perEvent.toFixed(0)} µs an event); quiet 10 s: ${(r.quiet.cpuMs / Math.max(r.quiet.intervals, 1)).toFixed(1)} ms`,
        );
      }
      return;
    }
    const rounds = Object.fromEntries(WAYS.map((w) => [w, []]));
    for (let pass = 0; pass < 2; pass++) for (const way of WAYS) rounds[way].push(...(await run(['--worker', way, 'added', path, st.kubeconfig, String(nodes)])).rounds);
    const base = median(rounds['client-node']);
    for (const way of WAYS) {
      const m = median(rounds[way]);
      console.log(`watch cost: ADDED events of ${nodes} nodes, ${way}: median ${m.toFixed(0)} ms CPU (${(m / base).toFixed(2)}× client-node's Watch; ${rounds[way].length} rounds)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

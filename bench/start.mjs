// Benchmark part `start`: what starting costs. `kube-scaling-doctor lint` of one small file and `--help` against
// `node -e 0` (the yardstick: a Node process that does nothing), CPU and peak RSS, medians of RUNS processes
// each (CPU from the process's own getrusage at exit: /usr/bin/time counts in 10 ms steps); the bundle sizes; and the CPU of `require` of dist/extension.js in a plain Node process
// (scripts/vscode-stub.cjs stands in for vscode) and of its cluster bundle, loaded on first use.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fmtMiB, fmtMs, measure, median, ratio, report } from './measure.mjs';

const RUNS = 7;
const cli = resolve('dist/cli.js');
const stub = resolve('scripts/vscode-stub.cjs');
// One HPA and its Deployment (a pre-commit hook's typical input): two findings.
const SMALL = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx:1.27}]}}}
`;

const MiB = 1024 ** 2;
const size = (file) => statSync(resolve('dist', file)).size;
const fmtSize = (bytes) => `${(bytes / MiB).toFixed(2)} MiB`;

const CPU_MARK = '@@KSD_CPU_US ';

/** Runs `node <args>` RUNS times: median wall ms and CPU ms, the largest peak RSS, the last run. */
function nodeRuns(dir, args) {
  const hook = join(dir, 'cpu-at-exit.cjs');
  writeFileSync(hook, `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(${JSON.stringify(CPU_MARK)} + (u.user + u.system) + '\\n'); });\n`);
  const runs = Array.from({ length: RUNS }, () => {
    const r = measure(process.execPath, ['--require', hook, ...args]);
    const line = r.stderr.split('\n').find((l) => l.startsWith(CPU_MARK));
    if (!line) throw new Error(`node ${args.join(' ')}: no CPU figure (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
    return { ...r, cpuMs: Number(line.slice(CPU_MARK.length)) / 1000 };
  });
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMiB: Math.max(...runs.map((r) => r.rssMiB)), last: runs[runs.length - 1] };
}

/** CPU ms of `require` of dist/extension.js (vscode stubbed), then of the cluster bundle it loads on first use, in one fresh process. */
function requireCosts() {
  const code = `
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    let t = cpu();
    require(${JSON.stringify(resolve('dist/extension.js'))});
    const extension = cpu() - t;
    const loadedCluster = Object.keys(require.cache).some((f) => f.endsWith('extension-cluster.js'));
    t = cpu();
    require(${JSON.stringify(resolve('dist/extension-cluster.js'))});
    console.log(JSON.stringify({ extension, cluster: cpu() - t, loadedCluster }));`;
  const r = spawnSync(process.execPath, ['--require', stub, '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`require of dist/extension.js failed: ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout);
}

export function benchStart() {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-start-'));
  try {
    const small = join(dir, 'hpa.yaml');
    writeFileSync(small, SMALL);
    const node = nodeRuns(dir, ['-e', '0']);
    const lint = nodeRuns(dir, [cli, 'lint', small]);
    if (lint.last.status !== 1) throw new Error(`lint of the small file: exit ${lint.last.status}, expected 1 (two findings): ${lint.last.stderr.slice(0, 300)}`);
    const help = nodeRuns(dir, [cli, '--help']);
    report('start', `node -e 0 (the yardstick), median of ${RUNS}`, `${fmtMs(node.cpuMs)} CPU, ${fmtMiB(node.rssMiB)} peak RSS, ${fmtMs(node.wallMs)} wall`);
    report('start', `lint of one 12-line file (HPA + Deployment): CPU, median of ${RUNS}`, fmtMs(lint.cpuMs), ratio(lint.cpuMs, node.cpuMs, 'node -e 0'));
    report('start', 'lint of one 12-line file: peak RSS', fmtMiB(lint.rssMiB), ratio(lint.rssMiB, node.rssMiB, 'node -e 0'));
    report('start', `--help: CPU, median of ${RUNS} / peak RSS`, `${fmtMs(help.cpuMs)} / ${fmtMiB(help.rssMiB)}`, ratio(help.cpuMs, node.cpuMs, 'node -e 0 CPU'));

    const all = size('extension.js') + size('extension-cluster.js');
    report('start', 'dist/extension.js (loaded at activation)', fmtSize(size('extension.js')), ratio(size('extension.js'), all, 'extension.js + extension-cluster.js'));
    report('start', 'dist/extension-cluster.js (loaded on first cluster use)', fmtSize(size('extension-cluster.js')));
    report(
      'start',
      'dist/cli.js (help) / cli-lint.js / cli-lsp.js / cli-cluster.js (doctor) / cli-top.js (top)',
      `${fmtSize(size('cli.js'))} / ${fmtSize(size('cli-lint.js'))} / ${fmtSize(size('cli-lsp.js'))} / ${fmtSize(size('cli-cluster.js'))} / ${fmtSize(size('cli-top.js'))}`,
    );
    report('start', 'dist/server.js', fmtSize(size('server.js')));

    const costs = Array.from({ length: RUNS }, requireCosts);
    if (costs.some((c) => c.loadedCluster)) throw new Error('require of dist/extension.js loaded dist/extension-cluster.js');
    const extension = median(costs.map((c) => c.extension));
    const cluster = median(costs.map((c) => c.cluster));
    report(
      'start',
      `require of dist/extension.js (vscode stubbed): CPU, median of ${RUNS}`,
      fmtMs(extension),
      `${ratio(extension, node.cpuMs, 'node -e 0')}; ${ratio(extension, cluster, 'the cluster bundle')}`,
    );
    report('start', 'require of dist/extension-cluster.js after it (first cluster use): CPU', fmtMs(cluster), ratio(cluster, node.cpuMs, 'node -e 0'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

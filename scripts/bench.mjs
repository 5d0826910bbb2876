// Benchmarks: `npm run bench`. Prints figures; asserts nothing about time.
//  1. lint: `kube-scaling-doctor lint` over a generated corpus of >= 5,000 documents (wall time, peak RSS).
//  2. lsp: diagnostics latency after an edit in a 2,000-line file, through `lsp --stdio`.
//  3. cluster (only with --cluster [NAME] or KSD_BENCH_CLUSTER=NAME, on a running local cluster; default
//     name ksd-bench): the explorer's data layer vs kubectl top (bench/cluster-explorer.mjs); with
//     --extension-host also the real extension host in code-server (bench/cluster-extension-host.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { bigFile, writeCorpus } from '../bench/corpus.mjs';

const cli = resolve('dist/cli.js');
const only = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
const clusterFlag = process.argv.indexOf('--cluster');
const benchCluster = clusterFlag !== -1 ? (process.argv[clusterFlag + 1] ?? 'ksd-bench') : process.env.KSD_BENCH_CLUSTER;

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}
const ms = (x) => `${x.toFixed(1)} ms`;

function benchLint() {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-'));
  try {
    const docs = writeCorpus(dir, 1000);
    const runs = [];
    let rssKb = 0;
    let findings = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'lint', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      runs.push(performance.now() - t0);
      rssKb = Math.max(rssKb, Number(r.stderr.trim().split('\n').pop()));
      try {
        findings = JSON.parse(r.stdout).findings.length;
      } catch {
        throw new Error(`lint output is not JSON (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
      }
    }
    const s = stats(runs);
    console.log(`lint: ${docs} documents in 1000 files, ${findings} findings`);
    console.log(`lint: wall time median ${ms(s.median)} (min ${ms(s.min)}, max ${ms(s.max)}) over ${runs.length} runs; peak RSS ${(rssKb / 1024).toFixed(0)} MiB`);
    console.log(`lint: ${(docs / (s.median / 1000)).toFixed(0)} documents/s including process start`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchLsp() {
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-lsp-'));
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of waiters.splice(0)) w(p);
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const next = (uri, version) =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error('no diagnostics within 10 s')), 10000);
      const wait = (p) => {
        if (p.uri === uri && (version === undefined || p.version === undefined || p.version >= version)) {
          clearTimeout(timer);
          res(p);
        } else waiters.push(wait);
      };
      waiters.push(wait);
    });
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }], capabilities: {} });
    conn.sendNotification('initialized', {});
    const text = bigFile(2000);
    const lines = text.split('\n');
    const uri = pathToFileURL(join(dir, 'big.yaml')).href;
    let version = 1;
    let t0 = performance.now();
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    const first = await next(uri, version);
    console.log(`lsp: ${lines.length}-line file, first diagnostics (${first.diagnostics.length}) after ${ms(performance.now() - t0)}`);
    const samples = [];
    const target = lines.findIndex((l) => l.includes('maxReplicas'));
    for (let i = 0; i < 30; i++) {
      version++;
      // Alternate between a valid and an invalid maxReplicas so every edit changes the diagnostics
      // (the server does not republish identical ones).
      const newLine = `  maxReplicas: ${i % 2 === 0 ? 1 : 10}`;
      t0 = performance.now();
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: target, character: 0 }, end: { line: target, character: lines[target].length } }, text: newLine }],
      });
      lines[target] = newLine;
      await next(uri, version);
      samples.push(performance.now() - t0);
    }
    const s = stats(samples);
    console.log(`lsp: diagnostics after an edit: median ${ms(s.median)}, p95 ${ms(s.p95)}, max ${ms(s.max)} over ${samples.length} edits (includes the server's debounce)`);
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
  } finally {
    conn.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
if (!only || only === 'lint') benchLint();
if (!only || only === 'lsp') await benchLsp();
if (benchCluster || only === 'cluster') {
  const { benchClusterExplorer } = await import('../bench/cluster-explorer.mjs');
  await benchClusterExplorer({ name: benchCluster || 'ksd-bench' });
  if (process.argv.includes('--extension-host')) {
    const { benchExtensionHost } = await import('../bench/cluster-extension-host.mjs');
    await benchExtensionHost({ name: benchCluster || 'ksd-bench' });
  }
}

// Benchmark part `lsp`: diagnostics latency after an edit in a big file, through `lsp --stdio`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { bigFile } from './corpus.mjs';
import { fmtMs, stats } from './measure.mjs';

const cli = resolve('dist/cli.js');

export async function benchLsp() {
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
    console.log(`lsp: ${lines.length}-line file, first diagnostics (${first.diagnostics.length}) after ${fmtMs(performance.now() - t0)}`);
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
    console.log(`lsp: diagnostics after an edit: median ${fmtMs(s.median)}, p95 ${fmtMs(s.p95)}, max ${fmtMs(s.max)} over ${samples.length} edits (includes the server's debounce)`);
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
  } finally {
    conn.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Benchmark part `lsp`: `lsp --stdio` on one big multi-document file. Edit → diagnostics latency beyond the
// debounce (500 and 2,000 documents), hover and code actions (500), the fix-all reply of a client without
// codeAction/resolve; yardsticks from the same run: one full parse of the file (`yaml`, as the server parses
// it), and yaml-language-server (no schema) given the same file and edits, beyond its own debounce.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LineCounter, parseAllDocuments } from 'yaml';
import { bigFile } from './corpus.mjs';
import { fmtMs, median, ratio, report, stats } from './measure.mjs';

const cli = resolve('dist/cli.js');
/** Our debounce (src/server/diagnostics.ts DEBOUNCE_MS) and yaml-language-server's (yamlSettings.validationDelayMs). */
const OUR_DEBOUNCE_MS = 150;
const YAML_LS_DEBOUNCE_MS = 200;
const EDITS = 20;
const REQUESTS = 60;
/** Our median edit latency per file label, for the paired ratio to yaml-language-server. */
const latencies = new Map();

/** One file of `docs` documents of the corpus (whole documents; the last app block may be cut short). */
export function fileOfDocs(docs) {
  return bigFile(docs * 20)
    .split(/^---\n/m)
    .slice(0, docs)
    .join('---\n');
}

/**
 * One full parse of `text` with `yaml`, with the options the server's parseFile uses, in this process: CPU ms (the
 * yardstick of the server's CPU per edit) and wall ms (of latencies, which a loaded machine stretches alike); medians of 5 after 2 warm-ups.
 */
function fullParse(text) {
  const cpu = [];
  const wall = [];
  for (let i = 0; i < 7; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    parseAllDocuments(text, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpuMs: median(cpu.slice(2)), wallMs: median(wall.slice(2)) };
}

/** CPU ms a process has used so far (utime + stime from /proc). */
function cpuMsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** yaml-language-server's entry point: the devDependency, or KSD_BENCH_YAML_LS_DIR (a directory holding its package). */
function yamlLanguageServer() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');
  } catch {
    const dir = process.env.KSD_BENCH_YAML_LS_DIR;
    return dir ? join(dir, 'bin', 'yaml-language-server') : undefined;
  }
}

/** A language server over stdio, with a client that answers what servers ask and waits for diagnostics by version. */
function startServer(args, capabilities) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  // A server that exits while an answer to one of its requests is on its way: the write fails, the bench goes on.
  child.stdin.on('error', () => undefined);
  const exited = new Promise((res) => child.once('exit', res));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of waiters.splice(0)) w(p);
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'yaml' ? { validate: true, hover: true, completion: true, schemas: {}, schemaStore: { enable: false } } : null)));
  conn.onRequest(() => null);
  conn.onNotification(() => undefined);
  conn.listen();
  const dir = mkdtempSync(join(tmpdir(), 'ksd-bench-lsp-'));
  const diagnosticsOf = (uri, version) =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no diagnostics for version ${version} within 60 s`)), 60000);
      const wait = (p) => {
        if (p.uri === uri && (p.version === undefined || p.version === null || p.version >= version)) {
          clearTimeout(timer);
          res(p);
        } else waiters.push(wait);
      };
      waiters.push(wait);
    });
  return {
    child,
    conn,
    dir,
    diagnosticsOf,
    async initialize() {
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }], capabilities });
      conn.sendNotification('initialized', {});
      conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    },
    async stop() {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      await Promise.race([exited, new Promise((res) => setTimeout(res, 3000))]);
      conn.dispose();
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `text`, then makes EDITS one-line edits in the middle of the file (a maxReplicas between a valid and an invalid
 * value, so every edit changes the diagnostics) and times each from didChange to the matching publishDiagnostics.
 */
async function editLatency(server, text, debounceMs) {
  const lines = text.split('\n');
  const uri = pathToFileURL(join(server.dir, 'big.yaml')).href;
  let version = 1;
  const opened = performance.now();
  server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  await server.diagnosticsOf(uri, version);
  const openMs = performance.now() - opened;
  // Let re-validations after the open (yaml-language-server's settings pull) pass: they carry no version.
  await new Promise((res) => setTimeout(res, 1500));
  const candidates = lines.map((l, i) => (l.startsWith('  maxReplicas:') ? i : -1)).filter((i) => i >= 0);
  const target = candidates[Math.floor(candidates.length / 2)];
  const beyond = [];
  const cpuBefore = cpuMsOf(server.child.pid);
  for (let i = 0; i < EDITS; i++) {
    version++;
    const newLine = `  maxReplicas: ${i % 2 === 0 ? 0 : 10}`;
    const t0 = performance.now();
    server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: target, character: 0 }, end: { line: target, character: lines[target].length } }, text: newLine }],
    });
    lines[target] = newLine;
    await server.diagnosticsOf(uri, version);
    beyond.push(performance.now() - t0 - debounceMs);
  }
  const cpuPerEditMs = (cpuMsOf(server.child.pid) - cpuBefore) / EDITS;
  return { uri, lines, target, openMs, latency: stats(beyond), cpuPerEditMs };
}

async function timed(n, fn) {
  const samples = [];
  let last;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = await fn(i);
    samples.push(performance.now() - t0);
  }
  return { ...stats(samples), last };
}

const OUR_CAPABILITIES = { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, resolveSupport: { properties: ['edit'] } } } };
const NO_RESOLVE = { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } } };

/** Ours on `text`: edit latency, and on request hover, code actions and the fix-all reply without resolve. */
async function ours(text, parse, label, { requests = false } = {}) {
  const server = startServer([cli, 'lsp', '--stdio'], OUR_CAPABILITIES);
  try {
    await server.initialize();
    const r = await editLatency(server, text, OUR_DEBOUNCE_MS);
    console.log(`lsp: ${label}: first diagnostics after ${fmtMs(r.openMs)}`);
    report(
      'lsp',
      `${label}: edit → diagnostics beyond the ${OUR_DEBOUNCE_MS} ms debounce, median / p95`,
      `${fmtMs(r.latency.median)} / ${fmtMs(r.latency.p95)}`,
      ratio(r.latency.median, parse.wallMs, 'one full parse (wall)'),
    );
    report('lsp', `${label}: server CPU per edit (mean of ${EDITS})`, fmtMs(r.cpuPerEditMs), ratio(r.cpuPerEditMs, parse.cpuMs, 'one full parse (CPU)'));
    latencies.set(label, r.latency.median);
    if (requests) {
      const hpaLines = r.lines.map((l, i) => (l.startsWith('kind: HorizontalPodAutoscaler') ? i : -1)).filter((i) => i >= 0);
      const at = (i) => ({ line: hpaLines[(i * 7) % hpaLines.length] + 4, character: 4 });
      let cpu0 = cpuMsOf(server.child.pid);
      const hover = await timed(REQUESTS, (i) => server.conn.sendRequest('textDocument/hover', { textDocument: { uri: r.uri }, position: at(i) }));
      const hoverCpuMs = (cpuMsOf(server.child.pid) - cpu0) / REQUESTS;
      report('lsp', `${label}: hover, median / p95 (${REQUESTS})`, `${fmtMs(hover.median)} / ${fmtMs(hover.p95)}`, ratio(hover.p95, parse.wallMs, 'one full parse (wall), p95'));
      report('lsp', `${label}: hover, server CPU per request (mean)`, fmtMs(hoverCpuMs), ratio(hoverCpuMs, parse.cpuMs, 'one full parse (CPU)'));
      cpu0 = cpuMsOf(server.child.pid);
      const action = await timed(REQUESTS, (i) =>
        server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: r.uri }, range: { start: at(i), end: at(i) }, context: { diagnostics: [] } }),
      );
      const actionCpuMs = (cpuMsOf(server.child.pid) - cpu0) / REQUESTS;
      report('lsp', `${label}: code actions, median / p95 (${REQUESTS})`, `${fmtMs(action.median)} / ${fmtMs(action.p95)}`, ratio(action.p95, parse.wallMs, 'one full parse (wall), p95'));
      report('lsp', `${label}: code actions, server CPU per request (mean)`, fmtMs(actionCpuMs), ratio(actionCpuMs, parse.cpuMs, 'one full parse (CPU)'));
      const resolveFixAll = await timed(3, async () => {
        const [fixAll] = await server.conn.sendRequest('textDocument/codeAction', {
          textDocument: { uri: r.uri },
          range: { start: at(0), end: at(0) },
          context: { diagnostics: [], only: ['source.fixAll'] },
        });
        return server.conn.sendRequest('codeAction/resolve', fixAll);
      });
      report(
        'lsp',
        `${label}: fix all, offered and resolved (median of 3)`,
        `${fmtMs(resolveFixAll.median)}, edit ${Math.round(JSON.stringify(resolveFixAll.last).length / 1024)} KB`,
        ratio(resolveFixAll.median, parse.wallMs, 'one full parse (wall)'),
      );
    }
  } finally {
    await server.stop();
  }
}

/** A client without codeAction/resolve asks for source.fixAll: the reply (a command) and its size. */
async function fixAllWithoutResolve(text, parse, label) {
  const server = startServer([cli, 'lsp', '--stdio'], NO_RESOLVE);
  try {
    await server.initialize();
    const uri = pathToFileURL(join(server.dir, 'big.yaml')).href;
    server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await server.diagnosticsOf(uri, 1);
    const here = { line: 0, character: 0 };
    const reply = await timed(5, () =>
      server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: here, end: here }, context: { diagnostics: [], only: ['source.fixAll'] } }),
    );
    report(
      'lsp',
      `${label}: source.fixAll for a client without resolve, median (5)`,
      `${fmtMs(reply.median)}, reply ${JSON.stringify(reply.last).length} bytes (a command computing the edit when run)`,
      ratio(reply.median, parse.wallMs, 'one full parse (wall)'),
    );
  } finally {
    await server.stop();
  }
}

async function peer(entry, text, parse, label) {
  const server = startServer([entry, '--stdio'], {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: { publishDiagnostics: { versionSupport: true } },
  });
  try {
    await server.initialize();
    const r = await editLatency(server, text, YAML_LS_DEBOUNCE_MS);
    report(
      'lsp',
      `${label}: yaml-language-server (no schema) edit → diagnostics beyond its ${YAML_LS_DEBOUNCE_MS} ms debounce, median / p95`,
      `${fmtMs(r.latency.median)} / ${fmtMs(r.latency.p95)}`,
      ratio(r.latency.median, parse.wallMs, 'one full parse (wall)'),
    );
    report('lsp', `${label}: yaml-language-server CPU per edit (mean of ${EDITS})`, fmtMs(r.cpuPerEditMs), ratio(r.cpuPerEditMs, parse.cpuMs, 'one full parse (CPU)'));
    const ourMs = latencies.get(label);
    report(
      'lsp',
      `${label}: ours over yaml-language-server, edit → diagnostics beyond each debounce (medians)`,
      `${fmtMs(ourMs)} vs ${fmtMs(r.latency.median)}`,
      ratio(ourMs, r.latency.median, 'yaml-language-server'),
    );
  } finally {
    await server.stop();
  }
}

export async function benchLsp() {
  const yamlLs = yamlLanguageServer();
  for (const docs of [500, 2000]) {
    const text = fileOfDocs(docs);
    const label = `${docs.toLocaleString('en')} documents (${text.split('\n').length.toLocaleString('en')} lines)`;
    const parse = fullParse(text);
    report('lsp', `${label}: one full parse (yardstick), CPU / wall`, `${fmtMs(parse.cpuMs)} / ${fmtMs(parse.wallMs)}`);
    await ours(text, parse, label, { requests: docs === 500 });
    if (docs === 500) await fixAllWithoutResolve(text, parse, label);
    if (yamlLs) await peer(yamlLs, text, parse, label);
    else console.log('lsp: yaml-language-server not installed (npm ci, or KSD_BENCH_YAML_LS_DIR): no peer figures');
  }
}

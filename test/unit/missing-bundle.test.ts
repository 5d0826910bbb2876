// A lazily loaded bundle that is not there (an incomplete install: scripts/build.mjs): the CLI says which file is
// missing and exits 3, with no stack trace, even for `--help`; the extension's ClusterService reports it as its
// problem() for the views instead of an empty state. The CLI cases use dist/: build first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadBundle, MissingBundleError } from '../../src/core/missingBundle';
import { tempDir } from '../tempDir';

const root = join(__dirname, '..', '..');
const dir = tempDir('ksd-missing-bundle-');

const notFound = (name: string) => Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /x/dist/cli.js`), { code: 'MODULE_NOT_FOUND' });

test('loadBundle turns only the bundle itself being missing into MissingBundleError', () => {
  assert.throws(
    () =>
      loadBundle('cli-cluster.js', () => {
        throw notFound('./cli-cluster.js');
      }),
    (err: unknown) => err instanceof MissingBundleError && err.message === 'dist/cli-cluster.js is missing: the installation is incomplete; reinstall or run npm run build',
  );
  // A module missing inside a bundle that was found is another problem: thrown as it is.
  const inner = notFound('some-dependency');
  assert.throws(
    () =>
      loadBundle('cli-cluster.js', () => {
        throw inner;
      }),
    (err: unknown) => err === inner,
  );
  assert.equal(
    loadBundle('cli-cluster.js', () => 42),
    42,
  );
});

test('the CLI without dist/cli-lint.js, cli-cluster.js, cli-top.js or cli-lsp.js: a clear message and exit 3, also for --help', () => {
  const alone = mkdtempSync(join(dir, 'dist-'));
  copyFileSync(join(root, 'dist', 'cli.js'), join(alone, 'cli.js'));
  for (const [args, bundle] of [
    [['lint', 'k8s/'], 'cli-lint.js'],
    [['lint', '--help'], 'cli-lint.js'],
    [['doctor'], 'cli-cluster.js'],
    [['doctor', '--help'], 'cli-cluster.js'],
    [['top', '--help'], 'cli-top.js'],
    [['lsp', '--stdio'], 'cli-lsp.js'],
  ] as const) {
    const r = spawnSync(process.execPath, [join(alone, 'cli.js'), ...args], { encoding: 'utf8', input: '', timeout: 20_000 });
    assert.equal(r.status, 3, args.join(' '));
    assert.equal(r.stderr, `kube-scaling-doctor: dist/${bundle} is missing: the installation is incomplete; reinstall or run npm run build\n`, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('ClusterService without the cluster bundle: problem() says so on every call, started is true, listeners are told once', () => {
  const script = join(dir, 'service-without-bundle.cjs');
  writeFileSync(
    script,
    `
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/clusterCode$/.test(request)) throw Object.assign(new Error("Cannot find module './extension-cluster.js'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};
const vscode = require('vscode');
vscode.workspace.getConfiguration = () => ({ inspect: () => undefined, get: () => undefined });
vscode.workspace.onDidChangeConfiguration = () => ({ dispose() {} });
vscode.workspace.onDidGrantWorkspaceTrust = () => ({ dispose() {} });
let fired = 0;
vscode.EventEmitter = class { constructor() { this.event = () => ({ dispose() {} }); } fire() { fired++; } dispose() {} };
const { ClusterService } = require(${JSON.stringify(join(root, 'src', 'extension', 'cluster', 'service.ts'))});
const s = new ClusterService({ info() {}, warn() {}, error() {} }, { get: () => undefined, update: async () => {} });
const calls = [s.current(), s.problem(), s.current(), s.problem()];
setImmediate(() => process.stdout.write(JSON.stringify({ calls, started: s.started, fired })));
`,
  );
  const r = spawnSync(process.execPath, ['--require', join(root, 'scripts', 'vscode-stub.cjs'), '--import', 'tsx', script], { cwd: root, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, r.stderr);
  const { calls, started, fired } = JSON.parse(r.stdout) as { calls: unknown[]; started: boolean; fired: number };
  const problem = {
    kind: 'error',
    title: 'Scaling Doctor cannot load its cluster code',
    message: 'dist/extension-cluster.js is missing: the installation is incomplete; reinstall or run npm run build',
  };
  assert.deepEqual(calls, [null, problem, null, problem]); // current() is undefined: null in JSON
  assert.equal(started, true);
  assert.equal(fired, 1);
});

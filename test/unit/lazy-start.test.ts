// What the built CLI and extension load at start (issue 12, "lean start"): `lint`, `--help`, `--version` and
// `lsp` never load the Kubernetes client or the doctor, and activation does not either; the cluster commands
// and the extension's cluster code are bundles of their own, loaded on first use (scripts/build.mjs).
// Behaviour, not timing: which files a process loaded, and what each bundle holds. Uses dist/: build first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../tempDir';

const root = join(__dirname, '..', '..');
const dist = (file: string) => join(root, 'dist', file);
const dir = tempDir('ksd-lazy-');
const MARK = '@@KSD_LOADED ';
// Preloaded: prints the files the process loaded (require's cache) when it exits.
const recorder = join(dir, 'record-loaded.cjs');
writeFileSync(recorder, `process.on('exit', () => process.stderr.write(${JSON.stringify(MARK)} + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n`);
const small = join(dir, 'hpa.yaml');
writeFileSync(
  small,
  [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata: {name: web}',
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
    '  maxReplicas: 5',
    '  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx:1.27}]}}}',
    '',
  ].join('\n'),
);

/** The dist/ files a process running `node <preload…> <args>` loaded, and its exit status. */
function loadedBy(args: string[], preload: string[] = []): { status: number | null; stdout: string; loaded: string[] } {
  const r = spawnSync(process.execPath, [...preload.flatMap((p) => ['--require', p]), '--require', recorder, ...args], { cwd: root, encoding: 'utf8', input: '', timeout: 20_000 });
  const line = r.stderr.split('\n').find((l) => l.startsWith(MARK));
  assert.ok(line, `no list of loaded files (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  const loaded = (JSON.parse(line.slice(MARK.length)) as string[]).filter((f) => f.startsWith(join(root, 'dist'))).map((f) => f.slice(join(root, 'dist').length + 1));
  return { status: r.status, stdout: r.stdout, loaded };
}

/** The sources a bundle was built from (its source map). */
function sourcesOf(bundle: string): string[] {
  return (JSON.parse(readFileSync(dist(`${bundle}.map`), 'utf8')) as { sources: string[] }).sources;
}

// The Kubernetes client, the data layer's connection and watches, the doctor (its shared types excepted).
// The doctor's types and findingText.ts (a finding's words in the reader's language: l10n and types only) are what the
// views need of the doctor without running it; everything else of src/core/doctor stays in the cluster bundle.
const clusterSources = (sources: string[]) =>
  sources.filter((s) => /node_modules\/@kubernetes\/client-node\/|src\/core\/(cluster\/(session|connect|informer)|doctor\/(?!types\.ts|findingText\.ts))/.test(s));

test('--help and --version load dist/cli.js alone; lint of a small file loads dist/cli-lint.js beside it', () => {
  const lint = loadedBy([dist('cli.js'), 'lint', small, '--format', 'json']);
  assert.equal(lint.status, 1, 'a container without a cpu request under a cpu-utilization HPA is an error');
  assert.deepEqual(new Set((JSON.parse(lint.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)), new Set(['hpa-missing-request']));
  assert.deepEqual(lint.loaded, ['cli.js', 'cli-lint.js']);
  for (const args of [['--help'], ['--version']]) {
    const r = loadedBy([dist('cli.js'), ...args]);
    assert.equal(r.status, 0, args.join(' '));
    assert.deepEqual(r.loaded, ['cli.js'], args.join(' '));
  }
  const help = loadedBy([dist('cli.js'), 'lint', '--help']);
  assert.equal(help.status, 0);
  assert.deepEqual(help.loaded, ['cli.js', 'cli-lint.js']);
});

test('dist/cli.js holds no Kubernetes client and no cluster or doctor code; doctor loads dist/cli-cluster.js, top dist/cli-top.js', () => {
  assert.deepEqual(clusterSources(sourcesOf('cli.js')), []);
  assert.deepEqual(clusterSources(sourcesOf('cli-lint.js')), []);
  assert.deepEqual(clusterSources(sourcesOf('cli-lsp.js')), []);
  assert.ok(!sourcesOf('cli-top.js').some((s) => s.includes('src/core/lint/')), 'top does not load the rules');
  assert.notDeepEqual(clusterSources(sourcesOf('cli-cluster.js')), []);
  const doctor = loadedBy([dist('cli.js'), 'doctor', '--kubeconfig', join(dir, 'missing-kubeconfig')]);
  assert.equal(doctor.status, 2, 'an unreadable kubeconfig is exit 2');
  assert.deepEqual(doctor.loaded, ['cli.js', 'cli-cluster.js']);
  const top = loadedBy([dist('cli.js'), 'top', '--help']);
  assert.equal(top.status, 0);
  assert.match(top.stdout, /^Usage: kube-scaling-doctor top/);
  assert.deepEqual(top.loaded, ['cli.js', 'cli-top.js'], 'top loads its own bundle, not the doctor');
  assert.notDeepEqual(clusterSources(sourcesOf('cli-top.js')), []);
});

test('the extension bundle loads without its cluster bundle, which holds the Kubernetes client and the doctor', () => {
  assert.deepEqual(clusterSources(sourcesOf('extension.js')), []);
  assert.deepEqual(clusterSources(sourcesOf('server.js')), []);
  const cluster = sourcesOf('extension-cluster.js');
  assert.ok(cluster.some((s) => s.includes('node_modules/@kubernetes/client-node/')));
  assert.ok(cluster.some((s) => s.endsWith('src/core/doctor/diagnose.ts')));
  assert.ok(!cluster.some((s) => s.includes('node_modules/vscode-languageclient/')), 'the cluster bundle has no second language client');
  const r = loadedBy(['-e', `require(${JSON.stringify(dist('extension.js'))})`], [join(root, 'scripts', 'vscode-stub.cjs')]);
  assert.equal(r.status, 0);
  assert.deepEqual(r.loaded, ['extension.js']);
});

test('the language server bundle holds one copy of vscode-jsonrpc', () => {
  const copies = new Set(sourcesOf('server.js').flatMap((s) => /^(.*node_modules\/vscode-jsonrpc)\//.exec(s)?.[1] ?? []));
  assert.equal(copies.size, 1, [...copies].join(', '));
});

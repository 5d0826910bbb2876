// The extension's manifest (package.json contributions) and its content-based schema choice.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultSettings } from '../../src/core/settings';
import { dispatchSchema, entriesForText, parseSchemaIndex, type SchemaEntry } from '../../src/extension/schemaMatch';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; scope?: string; pattern?: string }>;

test('contributed setting defaults are the analyzer defaults', () => {
  assert.equal(props['kubeScalingDoctor.kubernetesVersion'].default, defaultSettings.kubernetesVersion);
  assert.equal(props['kubeScalingDoctor.karpenterVersion'].default, defaultSettings.karpenterVersion);
  assert.equal(props['kubeScalingDoctor.kedaVersion'].default, defaultSettings.kedaVersion);
  assert.equal(props['kubeScalingDoctor.defaultRequests.cpu'].default, defaultSettings.defaultRequests.cpu);
  assert.equal(props['kubeScalingDoctor.defaultRequests.memory'].default, defaultSettings.defaultRequests.memory);
});

test('setting patterns accept real values and reject typos', () => {
  const ok = (key: string, v: string) => new RegExp(props[key].pattern!).test(v);
  assert.ok(ok('kubeScalingDoctor.kubernetesVersion', '1.29'));
  assert.ok(ok('kubeScalingDoctor.kubernetesVersion', 'v1.30.2'));
  assert.ok(!ok('kubeScalingDoctor.kubernetesVersion', '1'));
  assert.ok(!ok('kubeScalingDoctor.kubernetesVersion', 'latest'));
  for (const q of ['100m', '0.5', '2']) assert.ok(ok('kubeScalingDoctor.defaultRequests.cpu', q), q);
  for (const q of ['100Mi', '1Gi', '500M', '1e9']) assert.ok(ok('kubeScalingDoctor.defaultRequests.memory', q), q);
  assert.ok(!ok('kubeScalingDoctor.defaultRequests.cpu', '100 m'));
  assert.ok(!ok('kubeScalingDoctor.defaultRequests.memory', '128MB'));
});

test('an untrusted workspace cannot point the extension at a kubeconfig', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['kubeScalingDoctor.kubeconfig']);
  assert.equal(props['kubeScalingDoctor.kubeconfig'].scope, 'machine-overridable');
});

test('activation is lazy and every palette command is registered by the extension', () => {
  assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml', 'onLanguage:helm']);
  const source = readFileSync(join(root, 'src', 'extension', 'extension.ts'), 'utf8');
  for (const c of pkg.contributes.commands as { command: string }[]) {
    assert.ok(source.includes(`'${c.command}'`), `${c.command} is contributed but not registered`);
  }
});

test('contributed files exist', () => {
  for (const s of pkg.contributes.snippets as { path: string }[]) assert.ok(existsSync(join(root, s.path)), s.path);
});

const entries: SchemaEntry[] = [
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', file: 'hpa-autoscaling-v2.json' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', file: 'keda-scaledobject.json' },
];

test('schema index shapes are read', () => {
  assert.deepEqual(parseSchemaIndex(entries), entries);
  assert.deepEqual(parseSchemaIndex({ schemas: [{ apiVersion: 'a/v1', kind: 'K', schema: 'schemas/k.json' }] }), [{ apiVersion: 'a/v1', kind: 'K', file: 'k.json' }]);
  assert.deepEqual(parseSchemaIndex({ 'karpenter.sh/v1/NodePool': 'karpenter-nodepool-v1.json' }), [
    { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', file: 'karpenter-nodepool-v1.json' },
  ]);
  assert.deepEqual(parseSchemaIndex('nonsense'), []);
  assert.deepEqual(parseSchemaIndex([{ kind: 'K' }]), []);
});

test('schemas are chosen by the kinds a file holds, not by its name', () => {
  const hpaAndDeployment =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n';
  assert.deepEqual(entriesForText(hpaAndDeployment, entries).map((e) => e.kind), ['HorizontalPodAutoscaler']);
  assert.deepEqual(entriesForText('apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\n', entries), []);
  assert.deepEqual(entriesForText('apiVersion: apps/v1\nkind: Deployment\n', entries), []);
  assert.deepEqual(entriesForText('not: [valid', entries), []);
  assert.deepEqual(entriesForText('{{- if .Values.keda }}\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n{{- end }}\n', entries).map((e) => e.kind), ['ScaledObject']);
});

test('the dispatch schema constrains only documents of the matching apiVersion and kind', () => {
  const s = dispatchSchema(entries, (f) => `x://schemas/${f}`) as { allOf: { if: any; then: { $ref: string } }[] };
  assert.equal(s.allOf.length, 2);
  assert.deepEqual(s.allOf[0].if.properties, { apiVersion: { const: 'autoscaling/v2' }, kind: { const: 'HorizontalPodAutoscaler' } });
  assert.deepEqual(s.allOf[0].if.required, ['apiVersion', 'kind']);
  assert.equal(s.allOf[1].then.$ref, 'x://schemas/keda-scaledobject.json');
});

test('the .vsix holds the bundles, schemas, snippets and rule docs, and no sources or node_modules', () => {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/extension.js', 'dist/server.js', 'schemas/index.json']) {
    assert.ok(files.includes(f), `${f} is missing from the .vsix`);
  }
  for (const s of pkg.contributes.snippets as { path: string }[]) assert.ok(files.includes(s.path.replace(/^\.\//, '')), s.path);
  assert.ok(files.some((f) => f.startsWith('docs/rules/')), 'rule docs are missing');
  const unwanted = files.filter((f) => /^(src|test|node_modules|scripts|out|bench)\/|\.map$|\.ts$/.test(f));
  assert.deepEqual(unwanted, []);
});

test('the shipped schema index is read and every schema it names exists', () => {
  const index = parseSchemaIndex(JSON.parse(readFileSync(join(root, 'schemas', 'index.json'), 'utf8')));
  assert.ok(index.some((e) => e.apiVersion === 'autoscaling/v2' && e.kind === 'HorizontalPodAutoscaler'));
  for (const e of index) assert.ok(existsSync(join(root, 'schemas', e.file)), e.file);
});

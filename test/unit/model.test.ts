import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskTemplates, parseFile } from '../../src/core/manifest/model';
import { textOf } from '../../src/core/l10n';

test('multi-document files keep exact ranges and resolve namespaces', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: shop}\n';
  const f = parseFile('file:///a.yaml', text);
  assert.equal(f.docs.length, 2);
  assert.equal(f.isManifest, true);
  assert.deepEqual(
    f.docs.map((d) => [d.kind, d.name, d.namespace]),
    [
      ['Deployment', 'web', 'default'],
      ['Service', 'svc', 'shop'],
    ],
  );
  assert.equal(text.slice(f.docs[1].range.start, f.docs[1].range.start + 10), 'apiVersion');
});

test('Helm directives are masked without moving offsets', () => {
  const text = '{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n{{- end }}\n';
  const masked = maskTemplates(text);
  assert.equal(masked.length, text.length);
  const f = parseFile('file:///t.yaml', text);
  assert.equal(f.templated, true);
  assert.equal(f.parseErrors.length, 0);
  assert.equal(f.docs[0].kind, 'Deployment');
});

test('broken YAML yields parse errors, not exceptions', () => {
  const f = parseFile('file:///b.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [1, 2\n');
  assert.ok(f.parseErrors.length > 0);
});

// What `kubectl get -o yaml` prints for several objects: a v1 List whose items are the objects.
const LIST =
  'apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n    namespace: shop\n- apiVersion: autoscaling/v2\n  kind: HorizontalPodAutoscaler\n  metadata:\n    name: web\n    namespace: shop\nkind: List\nmetadata:\n  resourceVersion: ""\n';

test('kind: List items are read as documents of their own, with their own ranges and namespaces', () => {
  const f = parseFile('file:///list.yaml', LIST);
  const items = f.docs.filter((d) => d.kind !== 'List');
  assert.deepEqual(
    items.map((d) => [d.kind, d.name, d.namespace]),
    [
      ['Deployment', 'web', 'shop'],
      ['HorizontalPodAutoscaler', 'web', 'shop'],
    ],
  );
  for (const d of items) {
    assert.ok(LIST.slice(d.range.start).startsWith('apiVersion: '), d.kind);
    assert.equal(f.docs[d.index], d, 'index is the position in file.docs');
  }
  assert.ok(items[0].range.end <= items[1].range.start);
});

test('a List inside a List (kubectl get -o yaml of lists, concatenated): its items are documents too, as kubectl flattens them', () => {
  const nested =
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    metadata:\n      name: web\n      namespace: shop\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n    namespace: shop\n';
  const f = parseFile('file:///nested.yaml', nested);
  assert.deepEqual(
    f.docs.map((d) => [d.kind, d.listItem ? f.docs.indexOf(d.listItem.list) : undefined]),
    [
      ['List', undefined],
      ['List', 0],
      ['Deployment', 0],
      ['HorizontalPodAutoscaler', 1],
    ],
  );
  for (const d of f.docs) assert.equal(f.docs[d.index], d, 'index is the position in file.docs');
});

test('duplicate keys: the value the API server keeps (the last) is the one read, and each duplicate is reported', () => {
  const text = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  maxReplicas: 3\n  maxReplicas: 10\n';
  const f = parseFile('file:///dup.yaml', text);
  assert.equal(f.docs[0].root?.getIn(['spec', 'maxReplicas']), 10);
  assert.equal(f.duplicateKeys.length, 1);
  assert.equal(text.slice(f.duplicateKeys[0].range.start, f.duplicateKeys[0].range.end), 'maxReplicas');
  assert.equal(f.duplicateKeys[0].range.start, text.indexOf('maxReplicas: 3'), 'the overridden key is marked');
  assert.match(textOf(f.duplicateKeys[0].message, 'en'), /maxReplicas.*more than once.*line 6/);
});

test('an alias without its anchor is a YAML error', () => {
  const f = parseFile('file:///alias.yaml', 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  maxReplicas: *max\n');
  assert.equal(f.parseErrors.length, 1);
  assert.match(textOf(f.parseErrors[0].message, 'en'), /\*max/);
  assert.match(textOf(f.parseErrors[0].message, 'en'), /no anchor/);
});

test('deep nesting is reported as nested too deeply, not as an internal error', () => {
  const f = parseFile('file:///deep.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n');
  assert.ok(f.parseErrors.length > 0);
  for (const e of f.parseErrors) {
    assert.doesNotMatch(textOf(e.message, 'en'), /call stack/);
    assert.match(textOf(e.message, 'en'), /nested too deeply/);
  }
});

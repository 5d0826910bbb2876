import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskTemplates, parseFile } from '../../src/core/manifest/model';

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

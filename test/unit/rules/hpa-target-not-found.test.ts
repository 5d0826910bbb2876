// hpa-target-not-found: an autoscaler whose scaleTargetRef names no workload in the workspace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hpaTargetNotFound } from '../../../src/core/lint/rules/hpa-target-not-found';
import { analyze, covered } from '../../helpers';

const hpa = (spec: string, apiVersion = 'autoscaling/v2', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n';

test('target missing while the app is in the workspace: info, with hints', () => {
  const text = hpa('  maxReplicas: 3\n');
  const f = analyze({ 'file:///app/hpa.yaml': text, 'file:///app/api.yaml': DEPLOY }, { rules: [hpaTargetNotFound] });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.equal(covered(text, f[0]), 'web');
  assert.match(f[0].message, /^Deployment "web" not found in the workspace \(namespace shop\)$/);
  const sts = DEPLOY.replace('kind: Deployment', 'kind: StatefulSet').replace('name: api\n  namespace', 'name: web\n  namespace');
  const kindHint = analyze({ 'file:///app/hpa.yaml': text, 'file:///app/web.yaml': sts }, { rules: [hpaTargetNotFound] });
  assert.match(kindHint[0].message, /a StatefulSet named "web" exists: check scaleTargetRef.kind/);
  const otherNs = DEPLOY.replace('name: api\n  namespace: shop', 'name: web\n  namespace: prod');
  const nsHint = analyze({ 'file:///app/hpa.yaml': text, 'file:///app/web.yaml': otherNs }, { rules: [hpaTargetNotFound] });
  assert.match(nsHint[0].message, /found in namespace "prod"/);
});

test('target present, or no app in the workspace: silent', () => {
  const text = hpa('  maxReplicas: 3\n');
  const web = DEPLOY.replace(/name: api/g, 'name: web');
  assert.deepEqual(analyze({ 'file:///app/hpa.yaml': text, 'file:///app/web.yaml': web }, { rules: [hpaTargetNotFound] }), []);
  assert.deepEqual(analyze({ 'file:///autoscaling/hpa.yaml': text }, { rules: [hpaTargetNotFound] }), []);
  const so = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: worker, namespace: shop}\nspec:\n  scaleTargetRef: {name: worker}\n  triggers: []\n';
  const f = analyze({ 'file:///app/so.yaml': so, 'file:///app/api.yaml': DEPLOY }, { rules: [hpaTargetNotFound] });
  assert.match(f[0].message, /^Deployment "worker" not found/);
});

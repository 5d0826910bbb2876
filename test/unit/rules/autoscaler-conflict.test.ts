// autoscaler-conflict: two autoscalers (HPAs, KEDA ScaledObjects) on one workload, KEDA's own HPA excepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoscalerConflict } from '../../../src/core/lint/rules/autoscaler-conflict';
import { analyze } from '../../helpers';

const hpa = (spec: string, apiVersion = 'autoscaling/v2', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

const SO = (name = 'web', extra = '') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}spec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n`;

test('two HPAs on one workload: reported on each, naming the other and its file', () => {
  const a = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web-cpu');
  const b = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web-mem');
  const fa = analyze({ 'file:///app/a.yaml': a, 'file:///app/b.yaml': b }, { rules: [autoscalerConflict] });
  assert.equal(fa.length, 1);
  assert.match(fa[0].message, /^Deployment shop\/web is also scaled by HorizontalPodAutoscaler shop\/web-mem \(b\.yaml\)/);
  assert.match(fa[0].message, /AmbiguousSelector/);
  const fb = analyze({ 'file:///app/b.yaml': b, 'file:///app/a.yaml': a }, { rules: [autoscalerConflict] });
  assert.match(fb[0].message, /web-cpu \(a\.yaml\)/);
});

test('an HPA and a ScaledObject on one workload conflict', () => {
  const f = analyze({ 'file:///app/so.yaml': SO(), 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [autoscalerConflict] });
  assert.equal(f.length, 1);
  assert.match(f[0].message, /HorizontalPodAutoscaler shop\/web \(hpa\.yaml\).*admission webhook rejects/);
});

test("KEDA's own HPA (ownerReference, or adopted via transfer annotation) is not a conflict; an unowned keda-hpa-* gets a hint", () => {
  const owned = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'keda-hpa-web').replace(
    '  namespace: shop\n',
    '  namespace: shop\n  ownerReferences:\n  - {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web, uid: x}\n',
  );
  assert.deepEqual(analyze({ 'file:///app/hpa.yaml': owned, 'file:///app/so.yaml': SO() }, { rules: [autoscalerConflict] }), []);
  const adopted = SO('web', '  annotations:\n    scaledobject.keda.sh/transfer-hpa-ownership: "true"\n').replace('spec:\n', 'spec:\n  advanced:\n    horizontalPodAutoscalerConfig: {name: legacy}\n');
  const legacy = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'legacy');
  assert.deepEqual(analyze({ 'file:///app/so.yaml': adopted, 'file:///app/hpa.yaml': legacy }, { rules: [autoscalerConflict] }), []);
  const exported = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'keda-hpa-web');
  const f = analyze({ 'file:///app/hpa.yaml': exported, 'file:///app/so.yaml': SO() }, { rules: [autoscalerConflict] });
  assert.equal(f.length, 1);
  assert.match(f[0].message, /looks like the HPA KEDA creates for ScaledObject web/);
});

test('the same HPA in two files (kustomize base and overlay) is not a conflict; other namespaces neither', () => {
  const a = hpa('  maxReplicas: 3\n');
  assert.deepEqual(analyze({ 'file:///base/hpa.yaml': a, 'file:///overlay/hpa.yaml': a }, { rules: [autoscalerConflict] }), []);
  const other = hpa('  maxReplicas: 3\n', 'autoscaling/v2', 'web2').replace('namespace: shop', 'namespace: prod');
  assert.deepEqual(analyze({ 'file:///a.yaml': a, 'file:///b.yaml': other }, { rules: [autoscalerConflict] }), []);
});

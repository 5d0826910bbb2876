// replicas-set-with-hpa: spec.replicas on a workload an autoscaler manages (every apply resets the scale).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicasSetWithHpa } from '../../../src/core/lint/rules/replicas-set-with-hpa';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const hpa = (spec: string, apiVersion = 'autoscaling/v2', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

const SO = (name = 'web', extra = '') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}spec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n`;

const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  # pinned for the launch\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n';

test('spec.replicas with an autoscaler: info and an unsafe fix removing the line', () => {
  const f = analyze({ 'file:///app/web.yaml': WEB, 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [replicasSetWithHpa] });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.equal(covered(WEB, f[0]), 'replicas');
  assert.match(f[0].message, /managed by HorizontalPodAutoscaler shop\/web/);
  assert.equal(f[0].fixes[0].safety, 'review');
  assert.equal(applyTextEdits(WEB, f[0].fixes[0].edits), WEB.replace('  replicas: 3\n', ''));
  const viaKeda = analyze({ 'file:///app/web.yaml': WEB, 'file:///app/so.yaml': SO() }, { rules: [replicasSetWithHpa] });
  assert.match(viaKeda[0].message, /ScaledObject shop\/web/);
});

test('no autoscaler, or a Helm guard around replicas: silent', () => {
  assert.deepEqual(analyze({ 'file:///app/web.yaml': WEB }, { rules: [replicasSetWithHpa] }), []);
  const guarded = WEB.replace('  replicas: 3\n', '  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n');
  assert.deepEqual(analyze({ 'file:///app/web.yaml': guarded, 'file:///app/hpa.yaml': hpa('  maxReplicas: 3\n') }, { rules: [replicasSetWithHpa] }), []);
});

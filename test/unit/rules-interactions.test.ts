// The workload rules together on realistic manifests: which rule reports what when several could
// (podinfo's HPA + ScaledObject), and none on a `helm create` chart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rulesOf } from '../../src/core/lint/rules';
import { analyze, ofRule } from '../helpers';

const workloadRules = rulesOf('workload');

// A realistic case: the podinfo chapter of the EKS scaling book applies an HPA and a KEDA ScaledObject to one Deployment.

test('podinfo fixture: HPA and ScaledObject conflict, replicas is flagged, Pods metrics need no requests', () => {
  const dir = join(__dirname, '../fixtures/workload/podinfo');
  const files = Object.fromEntries(['deployment.yaml', 'hpa.yaml', 'scaledobject.yaml'].map((n) => [`file:///podinfo/${n}`, readFileSync(join(dir, n), 'utf8')]));
  const onHpa = analyze(files, { target: 'file:///podinfo/hpa.yaml', rules: workloadRules });
  assert.deepEqual(
    onHpa.map((f) => f.rule),
    ['autoscaler-conflict'],
  );
  const onSo = analyze(files, { target: 'file:///podinfo/scaledobject.yaml', rules: workloadRules });
  assert.deepEqual(
    onSo.map((f) => f.rule),
    ['autoscaler-conflict'],
  );
  const onDeploy = analyze(files, { target: 'file:///podinfo/deployment.yaml', rules: workloadRules });
  assert.deepEqual(ofRule(onDeploy, 'replicas-set-with-hpa').length, 1);
  assert.deepEqual(ofRule(onDeploy, 'hpa-missing-request'), []);
});

test('Helm chart (helm create layout): templated names and guarded replicas give no finding', () => {
  const deployment =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: 1\n  {{- end }}\n  template:\n    spec:\n      containers:\n      - name: {{ .Chart.Name }}\n        resources:\n          {{- toYaml .Values.resources | nindent 12 }}\n';
  const hpaTpl =
    '{{- if .Values.autoscaling.enabled }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {{ include "app.fullname" . }}\n  minReplicas: {{ .Values.autoscaling.minReplicas }}\n  maxReplicas: {{ .Values.autoscaling.maxReplicas }}\n  metrics:\n    {{- if .Values.autoscaling.targetCPUUtilizationPercentage }}\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}\n    {{- end }}\n{{- end }}\n';
  const files = { 'file:///chart/templates/deployment.yaml': deployment, 'file:///chart/templates/hpa.yaml': hpaTpl };
  for (const target of Object.keys(files)) assert.deepEqual(analyze(files, { target, rules: workloadRules }), [], target);
  // Without the guard, every helm upgrade resets the replica count: that one finding, and no other.
  const unguarded = { ...files, 'file:///chart/templates/deployment.yaml': deployment.replace('  {{- if not .Values.autoscaling.enabled }}\n  replicas: 1\n  {{- end }}\n', '  replicas: 1\n') };
  assert.deepEqual(
    analyze(unguarded, { target: 'file:///chart/templates/deployment.yaml', rules: workloadRules }).map((f) => f.rule),
    ['replicas-set-with-hpa'],
  );
});

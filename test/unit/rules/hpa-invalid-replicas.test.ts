// hpa-invalid-replicas: minReplicas/maxReplicas values the API server rejects or the HPA controller cannot use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hpaInvalidReplicas } from '../../../src/core/lint/rules/hpa-invalid-replicas';
import { analyze, covered } from '../../helpers';

const hpa = (spec: string, apiVersion = 'autoscaling/v2', name = 'web') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

const replicaFindings = (spec: string, apiVersion?: string) => analyze(hpa(spec, apiVersion), { rules: [hpaInvalidReplicas] });

test('valid replica bounds: no finding', () => {
  assert.deepEqual(replicaFindings('  minReplicas: 2\n  maxReplicas: 10\n'), []);
  assert.deepEqual(replicaFindings('  maxReplicas: 1\n'), []);
});

test('maxReplicas missing, zero, or below minReplicas', () => {
  const missing = replicaFindings('  minReplicas: 2\n');
  assert.equal(missing.length, 1);
  assert.match(missing[0].message, /maxReplicas is required/);
  assert.match(replicaFindings('  maxReplicas: 0\n')[0].message, /maxReplicas must be greater than 0/);
  const text = hpa('  minReplicas: 5\n  maxReplicas: 3\n');
  const below = analyze(text, { rules: [hpaInvalidReplicas] });
  assert.equal(below.length, 1);
  assert.equal(covered(text, below[0]), '3');
  assert.match(below[0].message, /maxReplicas \(3\) must be greater than or equal to minReplicas \(5\)/);
});

test('replica counts must be plain integers', () => {
  assert.match(replicaFindings('  maxReplicas: "10"\n')[0].message, /must be an integer, not the string "10"/);
  assert.match(replicaFindings('  maxReplicas: 2.5\n')[0].message, /whole number/);
  assert.match(replicaFindings('  minReplicas: -1\n  maxReplicas: 3\n')[0].message, /must not be negative/);
});

test('minReplicas 0: error without Object/External metric (and always in v1), warning about the feature gate with one', () => {
  const cpu = '  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}\n';
  const noExt = replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n' + cpu);
  assert.equal(noExt.length, 1);
  assert.equal(noExt[0].severity, 'error');
  assert.match(noExt[0].message, /needs at least one Object or External metric/);
  const ext = '  metrics:\n  - type: External\n    external:\n      metric: {name: queue}\n      target: {type: AverageValue, averageValue: "30"}\n';
  const withExt = replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n' + ext);
  assert.equal(withExt.length, 1);
  assert.equal(withExt[0].severity, 'warning');
  assert.match(withExt[0].message, /HPAScaleToZero/);
  const beta1Object = '  metrics:\n  - type: Object\n    object:\n      target: {kind: Service, name: web}\n      metricName: rps\n      targetValue: 10\n';
  assert.equal(replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n' + beta1Object, 'autoscaling/v2beta1')[0].severity, 'warning');
  const v1 = replicaFindings('  minReplicas: 0\n  maxReplicas: 3\n', 'autoscaling/v1');
  assert.equal(v1[0].severity, 'error');
  assert.match(v1[0].message, /autoscaling\/v1/);
});

test('templated replica counts are skipped', () => {
  assert.deepEqual(replicaFindings('  minReplicas: {{ .Values.min }}\n  maxReplicas: {{ .Values.max }}\n'), []);
});

test('duplicate keys: the value the API server keeps (the last one) is judged, and the duplicate is an error', () => {
  const text = hpa('  minReplicas: 5\n  maxReplicas: 3\n  maxReplicas: 10\n');
  const findings = analyze(text, { rules: [hpaInvalidReplicas] });
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, covered(text, f)]),
    [['yaml-duplicate-key', 'error', 'maxReplicas']],
  );
  assert.equal(findings[0].range.start, text.indexOf('maxReplicas: 3'));
  const reversed = hpa('  minReplicas: 5\n  maxReplicas: 10\n  maxReplicas: 3\n');
  assert.match(analyze(reversed, { rules: [hpaInvalidReplicas] }).find((f) => f.rule === 'hpa-invalid-replicas')!.message, /maxReplicas \(3\) must be greater than or equal to minReplicas \(5\)/);
});

test('NaN and infinite replica counts are reported as written', () => {
  const [nan] = replicaFindings('  maxReplicas: .nan\n');
  assert.equal(nan.message, 'maxReplicas must be a whole number (int32), not .nan');
  const [inf] = replicaFindings('  maxReplicas: 1e999\n');
  assert.equal(inf.message, 'maxReplicas must be a whole number (int32), not 1e999');
});

// hpa-behavior-ineffective: behavior values the API server refuses (and the schema cannot show), both directions
// Disabled with room between the bounds, and no scale-down window on a memory metric.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hpaBehaviorIneffective } from '../../../src/core/lint/rules/hpa-behavior-ineffective';
import { analyze, covered, ofRule } from '../../helpers';

const CPU = '  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}\n';
const MEMORY = '  metrics:\n  - type: Resource\n    resource: {name: memory, target: {type: Utilization, averageUtilization: 70}}\n';

const hpa = (behavior: string, { metrics = CPU, bounds = '  minReplicas: 2\n  maxReplicas: 10\n', apiVersion = 'autoscaling/v2' } = {}) =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${bounds}${metrics}  behavior:\n${behavior}`;

const findings = (text: string) => analyze(text, { rules: [hpaBehaviorIneffective] });

test('a behavior the server accepts and that can act: no finding', () => {
  const text = hpa(
    '    scaleUp:\n      stabilizationWindowSeconds: 0\n      policies:\n      - {type: Percent, value: 100, periodSeconds: 15}\n' +
      '    scaleDown:\n      stabilizationWindowSeconds: 3600\n      selectPolicy: Min\n      policies:\n      - {type: Pods, value: 1, periodSeconds: 1800}\n',
  );
  assert.deepEqual(findings(text), []);
  assert.deepEqual(findings(hpa('    scaleDown:\n      selectPolicy: Disabled\n')), [], 'one direction off is a choice');
});

test('a policy period over 1800 s is refused by the API server: error on the value, with the server message', () => {
  const text = hpa('    scaleUp:\n      policies:\n      - type: Percent\n        value: 100\n        periodSeconds: 3600\n');
  const [f, ...rest] = findings(text);
  assert.deepEqual(rest, []);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), '3600');
  assert.match(f.message, /over 1800 s \(30 min\): the API server refuses the HPA \(spec\.behavior\.scaleUp\.policies\[0\]\.periodSeconds: Invalid value: 3600: must be less than or equal to 1800\)/);
  assert.deepEqual(f.fixes, [], 'no fix: the period meant is a choice');
});

test('zero or negative values and periods, windows out of 0–3600 and an empty policy list are errors', () => {
  const text = hpa(
    '    scaleUp:\n      stabilizationWindowSeconds: -1\n      policies:\n      - {type: Pods, value: 0, periodSeconds: 0}\n' +
      '    scaleDown:\n      stabilizationWindowSeconds: 7200\n      policies: []\n',
  );
  const all = findings(text);
  assert.deepEqual(
    all.map((f) => [f.severity, covered(text, f)]),
    [
      ['error', '-1'],
      ['error', '0'],
      ['error', '0'],
      ['error', '7200'],
      ['error', '[]'],
    ],
  );
  assert.match(all[0].message, /scaleUp\.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero/);
  assert.match(all[1].message, /policies\[0\]\.value: Invalid value: 0: must be greater than zero/);
  assert.match(all[2].message, /policies\[0\]\.periodSeconds: Invalid value: 0: must be greater than zero/);
  assert.match(all[3].message, /must be less than or equal to 3600/);
  assert.match(all[4].message, /must specify at least one Policy\); leave policies out to get the defaults/);
});

test('both directions Disabled with minReplicas < maxReplicas: the HPA never scales; fine when the bounds are equal', () => {
  const both = '    scaleUp: {selectPolicy: Disabled}\n    scaleDown: {selectPolicy: Disabled}\n';
  const text = hpa(both);
  const [f, ...rest] = findings(text);
  assert.deepEqual(rest, []);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'behavior');
  assert.match(f.message, /never changes the replica count because of its metrics, and the range 2–10 goes unused/);
  assert.deepEqual(findings(hpa(both, { bounds: '  minReplicas: 3\n  maxReplicas: 3\n' })), []);
  // minReplicas defaults to 1.
  assert.equal(findings(hpa(both, { bounds: '  maxReplicas: 4\n' })).length, 1);
  assert.deepEqual(findings(hpa(both, { bounds: '  maxReplicas: 1\n' })), []);
});

test('scale-down window 0 with a memory metric: flap warning; not with cpu, a window, or scale-down Disabled', () => {
  const zero = '    scaleDown:\n      stabilizationWindowSeconds: 0\n';
  const text = hpa(zero, { metrics: MEMORY });
  const [f, ...rest] = findings(text);
  assert.deepEqual(rest, []);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), '0');
  assert.match(f.message, /stabilizationWindowSeconds is 0 with a memory metric: every dip in memory usage removes pods .*flapping/);
  const containerMemory = '  metrics:\n  - type: ContainerResource\n    containerResource: {name: memory, container: app, target: {type: AverageValue, averageValue: 1Gi}}\n';
  assert.equal(findings(hpa(zero, { metrics: containerMemory })).length, 1, 'a ContainerResource memory metric too');
  assert.deepEqual(findings(hpa(zero)), [], 'cpu only');
  assert.deepEqual(findings(hpa('    scaleDown:\n      stabilizationWindowSeconds: 60\n', { metrics: MEMORY })), []);
  assert.deepEqual(findings(hpa('    scaleUp:\n      stabilizationWindowSeconds: 0\n', { metrics: MEMORY })), [], 'a scale-up window of 0 is the default');
  assert.deepEqual(findings(hpa(zero + '      selectPolicy: Disabled\n', { metrics: MEMORY })), [], 'no scale-down at all: nothing flaps');
});

test('autoscaling/v2beta2 is checked the same; templated values and types the schema rule reports are left alone', () => {
  assert.equal(findings(hpa('    scaleUp:\n      policies:\n      - {type: Pods, value: 4, periodSeconds: 1801}\n', { apiVersion: 'autoscaling/v2beta2' })).length, 1);
  assert.deepEqual(findings(hpa('    scaleUp:\n      policies:\n      - {type: Pods, value: {{ .Values.step }}, periodSeconds: "{{ .Values.period }}"}\n')), []);
  assert.deepEqual(findings(hpa('    scaleUp:\n      policies:\n      - {type: Pods, value: "4", periodSeconds: 3600s}\n')), [], 'strings are schema-invalid-field findings');
  const all = analyze(hpa('    scaleUp:\n      policies:\n      - {type: Pods, value: 4, periodSeconds: 3600}\n'));
  assert.deepEqual(
    all.filter((f) => f.range.start > 0 && /periodSeconds/.test(f.message)).map((f) => f.rule),
    ['hpa-behavior-ineffective'],
    'reported once, by this rule, among all rules',
  );
  assert.deepEqual(ofRule(all, 'schema-invalid-field'), []);
});

test('a KEDA ScaledObject: its horizontalPodAutoscalerConfig.behavior is checked as the HPA KEDA makes from it', () => {
  const so = (behavior: string, { trigger = 'memory', bounds = '  minReplicaCount: 0\n  maxReplicaCount: 6\n' } = {}) =>
    `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: worker, namespace: shop}\nspec:\n  scaleTargetRef: {name: worker}\n${bounds}  triggers:\n  - {type: ${trigger}, metricType: Utilization, metadata: {value: "70"}}\n  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n${behavior}`;
  const refusedText = so('        scaleUp:\n          policies:\n          - {type: Pods, value: 2, periodSeconds: 2400}\n');
  const [refused] = findings(refusedText);
  assert.equal(refused.severity, 'error');
  assert.equal(covered(refusedText, refused), '2400');
  assert.match(refused.message, /the API server refuses the HPA KEDA makes from this ScaledObject \(spec\.behavior\.scaleUp\.policies\[0\]\.periodSeconds: Invalid value: 2400/);
  const zero = findings(so('        scaleDown:\n          stabilizationWindowSeconds: 0\n'));
  assert.equal(zero.length, 1);
  assert.match(zero[0].message, /is 0 with a memory trigger/);
  assert.deepEqual(findings(so('        scaleDown:\n          stabilizationWindowSeconds: 0\n', { trigger: 'cpu' })), []);
  // KEDA's HPA runs from 1 (minReplicaCount 0) to 6: both directions off leaves it unused; between 1 and 1 nothing is lost.
  const both = '        scaleUp: {selectPolicy: Disabled}\n        scaleDown: {selectPolicy: Disabled}\n';
  const bothText = so(both);
  const [disabled] = findings(bothText);
  assert.match(disabled.message, /the range 1–6 goes unused/);
  assert.equal(covered(bothText, disabled), 'behavior');
  assert.deepEqual(findings(so(both, { bounds: '  maxReplicaCount: 1\n' })), []);
});

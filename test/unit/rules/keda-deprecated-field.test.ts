// keda-deprecated-field: ScaledObject trigger fields deprecated or ignored by the target KEDA version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kedaDeprecatedField } from '../../../src/core/lint/rules/keda-deprecated-field';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';
import { titleOf } from '../../helpers';

test('keda-deprecated-field: prometheus metricName removed, cpu metadata.type moved to metricType', () => {
  const so =
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: prometheus-scaledobject\nspec:\n  scaleTargetRef:\n    name: podinfo\n  triggers:\n  - type: prometheus\n    metadata:\n      serverAddress: http://prometheus-server.prometheus.svc.cluster.local:80\n      metricName: http_requests_total\n      threshold: \'10\'\n      query: sum(rate(http_requests_total[2m]))\n  - type: cpu\n    metadata:\n      value: "60"\n      type: Utilization\n';
  assert.deepEqual(analyze(so, { settings: { kedaVersion: '2.6' }, rules: [kedaDeprecatedField] }), []);
  // 2.9: cpu metadata.type is deprecated (2.7), prometheus metricName not yet (2.10).
  assert.deepEqual(
    analyze(so, { settings: { kedaVersion: '2.9' }, rules: [kedaDeprecatedField] }).map((f) => covered(so, f)),
    ['type'],
  );
  assert.match(analyze(so, { settings: { kedaVersion: '2.11' }, rules: [kedaDeprecatedField] })[0].message, /deprecated since KEDA 2\.10 \(ignored from 2\.12\)/);
  const findings = analyze(so, { settings: { kedaVersion: '2.12' }, rules: [kedaDeprecatedField] });
  assert.deepEqual(
    findings.map((f) => [covered(so, f), f.severity]),
    [
      ['metricName', 'warning'],
      ['type', 'warning'],
    ],
  );
  const fixed = applyTextEdits(
    so,
    findings.flatMap((f) => f.fixes[0].edits),
  );
  assert.ok(!fixed.includes('metricName'));
  assert.match(fixed, /- type: cpu\n {4}metadata:\n {6}value: "60"\n {4}metricType: Utilization\n$/);
  assert.deepEqual(analyze(fixed, { settings: { kedaVersion: '2.12' }, rules: [kedaDeprecatedField] }), []);
});

test('keda-deprecated-field: conflicting metricType gets a finding without a fix', () => {
  const so =
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: a}\nspec:\n  scaleTargetRef: {name: a}\n  triggers:\n  - type: memory\n    metricType: AverageValue\n    metadata: {type: Utilization, value: "70"}\n';
  const [f] = analyze(so, { rules: [kedaDeprecatedField] });
  assert.match(f.message, /conflicts with metricType/);
  assert.deepEqual(f.fixes, []);
  const ok = so.replace('{type: Utilization, value: "70"}', '{value: "70"}');
  assert.deepEqual(analyze(ok, { rules: [kedaDeprecatedField] }), []);
});

test('keda-deprecated-field: from KEDA 2.18 the cpu/memory scaler refuses metadata.type, so the finding is an error', () => {
  const so =
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: a}\nspec:\n  scaleTargetRef: {name: a}\n  triggers:\n  - type: cpu\n    metadata:\n      type: Utilization\n      value: "60"\n';
  const [removed] = analyze(so, { settings: { kedaVersion: '2.18' }, rules: [kedaDeprecatedField] });
  assert.equal(removed.severity, 'error');
  assert.match(removed.message, /was removed in KEDA 2\.18: the cpu scaler refuses the trigger/);
  assert.equal(titleOf(removed.fixes[0]), 'Move to metricType: Utilization');
  const [deprecated] = analyze(so, { settings: { kedaVersion: '2.17' }, rules: [kedaDeprecatedField] });
  assert.equal(deprecated.severity, 'warning');
  assert.match(deprecated.message, /is deprecated since KEDA 2\.7 \(removed in 2\.18\)/);
});

// keda-trigger-metric-type: metricType values KEDA's scalers refuse (v2.21.1 pkg/scalers: cpu_memory_scaler.go, scaler.go).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kedaTriggerMetricType } from '../../../src/core/lint/rules/keda-trigger-metric-type';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';
import { titleOf } from '../../helpers';

const rules = [kedaTriggerMetricType];
const SO = (triggers: string) => `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    name: web\n  triggers:\n${triggers}`;

test('a cpu trigger without metricType: refused; with a unit the value can only be an AverageValue (safe fix)', () => {
  const text = SO('  - type: memory\n    metadata:\n      value: 512Mi # per pod\n');
  const [f] = analyze(text, { rules });
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), 'type');
  assert.match(f.message, /memory trigger without metricType: KEDA refuses it/);
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].safety, 'safe');
  assert.equal(applyTextEdits(text, f.fixes[0].edits), SO('  - type: memory\n    metadata:\n      value: 512Mi # per pod\n    metricType: AverageValue\n'));
});

test('a plain number could be either: two fixes to review, none preferred', () => {
  const text = SO('  - type: cpu\n    metadata:\n      value: "60"\n');
  const [f] = analyze(text, { rules });
  assert.deepEqual(
    f.fixes.map((x) => [titleOf(x), x.safety]),
    [
      ['Set metricType: Utilization', 'review'],
      ['Set metricType: AverageValue', 'review'],
    ],
  );
});

test('cpu with Value or a wrongly cased type, Utilization on an external trigger: refused; the case fix is safe', () => {
  const text = SO(
    '  - type: cpu\n    metricType: Value\n    metadata: {value: "60"}\n  - type: memory\n    metricType: utilization\n    metadata: {value: "70"}\n  - type: prometheus\n    metricType: Utilization\n    metadata: {serverAddress: http://p:9090, query: up, threshold: "1"}\n',
  );
  const f = analyze(text, { rules });
  assert.deepEqual(
    f.map((x) => covered(text, x)),
    ['Value', 'utilization', 'Utilization'],
  );
  assert.match(f[0].message, /accepts only Utilization or AverageValue/);
  assert.deepEqual(f[0].fixes, []);
  assert.equal(applyTextEdits(text, f[1].fixes[0].edits).includes('metricType: Utilization\n    metadata: {value: "70"}'), true);
  assert.match(f[2].message, /'Utilization' metric type is unsupported for external metrics/);
});

test('valid metric types, metadata.type (keda-deprecated-field), pulsar, templates and KEDA before 2.7: silent', () => {
  const ok = SO(
    '  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n  - type: prometheus\n    metricType: Value\n    metadata: {serverAddress: http://p:9090, query: up, threshold: "1"}\n  - type: memory\n    metadata: {type: Utilization, value: "60"}\n  - type: pulsar\n    metricType: Utilization\n    metadata: {adminURL: http://p, topic: t, subscription: s}\n  - type: cpu\n    metricType: "{{ .Values.metricType }}"\n    metadata: {value: "60"}\n',
  );
  assert.deepEqual(analyze(ok, { rules }), []);
  assert.deepEqual(analyze(SO('  - type: cpu\n    metadata: {value: "60"}\n'), { settings: { kedaVersion: '2.6' }, rules }), []);
});

// keda-prometheus-trigger-incomplete: serverAddress, query and threshold KEDA's prometheus scaler requires (prometheus_scaler.go).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kedaPrometheusTriggerIncomplete } from '../../../src/core/lint/rules/keda-prometheus-trigger-incomplete';
import { analyze, covered } from '../../helpers';

const rules = [kedaPrometheusTriggerIncomplete];
const SO = (metadata: string, kind = 'ScaledObject') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    name: web\n  triggers:\n  - type: prometheus\n${metadata}`;

test('a prometheus trigger without threshold or query (an empty value counts as missing): one error on its metadata', () => {
  const text = SO('    metadata:\n      serverAddress: http://prometheus.monitoring:9090\n      query: ""\n');
  const f = analyze(text, { rules });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.equal(covered(text, f[0]), 'metadata');
  assert.match(f[0].message, /^prometheus trigger without query, threshold: KEDA refuses it \(missing required parameter "query" in \[triggerMetadata\]\), so the ScaledObject never becomes Ready/);
});

test('no metadata at all, in a ScaledJob: all three are named', () => {
  const text = SO('', 'ScaledJob');
  const [f] = analyze(text, { rules });
  assert.match(f.message, /without serverAddress, query, threshold: .* so the ScaledJob never becomes Ready/);
  assert.equal(covered(text, f), 'prometheus');
});

test('a threshold that is no number is refused; numbers in any notation, templates and complete triggers are not', () => {
  const text = SO('    metadata:\n      serverAddress: http://p:9090\n      query: sum(rate(http_requests_total[2m]))\n      threshold: 100req\n');
  const [f] = analyze(text, { rules });
  assert.equal(covered(text, f), '100req');
  assert.match(f.message, /threshold "100req" is not a number/);
  for (const threshold of ['"10"', "'0.5'", '"1e3"', '"{{ .Values.threshold }}"']) {
    assert.deepEqual(analyze(SO(`    metadata:\n      serverAddress: http://p:9090\n      query: up\n      threshold: ${threshold}\n`), { rules }), [], threshold);
  }
});

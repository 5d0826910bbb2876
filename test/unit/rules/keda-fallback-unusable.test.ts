// keda-fallback-unusable: a fallback KEDA refuses (admission webhook, CheckFallbackValid) or never applies, by the target KEDA.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kedaFallbackUnusable } from '../../../src/core/lint/rules/keda-fallback-unusable';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [kedaFallbackUnusable];
const SO = (triggers: string, extra = '') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    name: web\n  fallback:\n    failureThreshold: 3\n    replicas: 6\n${extra}  triggers:\n${triggers}`;
const CPU = '  - type: cpu\n    metricType: Utilization\n    metadata: {value: "60"}\n';
const PROM = (metricType = '') => `  - type: prometheus\n${metricType ? `    metricType: ${metricType}\n` : ''}    metadata: {serverAddress: http://p:9090, query: up, threshold: "1"}\n`;

test('fallback with cpu/memory triggers only: rejected by the webhook from 2.14, never used before; the fix removes it', () => {
  const text = SO(CPU);
  const [f] = analyze(text, { rules });
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), 'fallback');
  assert.match(f.message, /admission webhook rejects the ScaledObject .*KEDA 2\.14\+, target 2\.20/);
  assert.equal(f.fixes[0].safety, 'review');
  assert.ok(!applyTextEdits(text, f.fixes[0].edits).includes('replicas: 6'));
  const [old] = analyze(text, { settings: { kedaVersion: '2.13' }, rules });
  assert.equal(old.severity, 'warning');
  assert.match(old.message, /never applies: the HPA reads cpu and memory from metrics-server/);
});

test('before 2.18 only AverageValue metrics fall back: Value-only triggers are rejected (2.14–2.17) or ignored (older)', () => {
  const text = SO(CPU + PROM('Value'));
  assert.deepEqual(analyze(text, { rules }), [], 'KEDA 2.18+ falls back for Value metrics');
  const [f] = analyze(text, { settings: { kedaVersion: '2.17' }, rules });
  assert.equal(f.severity, 'error');
  assert.match(f.message, /fallback for Value metrics came in 2\.18/);
  assert.equal(analyze(text, { settings: { kedaVersion: '2.12' }, rules })[0].severity, 'warning');
});

test('2.14 to 2.17.0 wanted metricType AverageValue written: a warning whose safe fix writes it', () => {
  const text = SO(PROM());
  const [f] = analyze(text, { settings: { kedaVersion: '2.15' }, rules });
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /#6696/);
  assert.equal(f.fixes[0].safety, 'safe');
  assert.equal(applyTextEdits(text, f.fixes[0].edits), `${text}    metricType: AverageValue\n`);
  assert.deepEqual(analyze(SO(PROM('AverageValue')), { settings: { kedaVersion: '2.15' }, rules }), []);
  assert.deepEqual(analyze(text, { settings: { kedaVersion: '2.13' }, rules }), [], 'no webhook check before 2.14; AverageValue is the default');
});

test('scalingModifiers formulas, no fallback, templated trigger types: silent', () => {
  assert.deepEqual(analyze(SO(CPU, '  advanced:\n    scalingModifiers:\n      formula: "cpu"\n      target: "2"\n'), { rules }), []);
  assert.deepEqual(analyze(SO(CPU).replace('  fallback:\n    failureThreshold: 3\n    replicas: 6\n', ''), { rules }), []);
  assert.deepEqual(analyze(SO('  - type: "{{ .Values.trigger }}"\n    metadata: {value: "60"}\n'), { rules }), []);
});

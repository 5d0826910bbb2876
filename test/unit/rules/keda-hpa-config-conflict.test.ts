// keda-hpa-config-conflict: a ScaledObject's HPA name that is another workload's HPA, and a takeover that drops the HPA's behavior.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { kedaHpaConfigConflict } from '../../../src/core/lint/rules/keda-hpa-config-conflict';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [kedaHpaConfigConflict];
const SO = (extra = '', annotations = '') =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web\n  namespace: shop\n${annotations}spec:\n  scaleTargetRef:\n    name: web\n${extra}  triggers:\n  - type: cron\n    metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "3"}\n`;
const HPA = (name: string, target: string, extra = '') =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  minReplicas: 2\n  maxReplicas: 10\n${extra}`;
const HPA_CONFIG = (name: string) => `  advanced:\n    horizontalPodAutoscalerConfig:\n      name: ${name}\n`;
const TRANSFER = '  annotations:\n    scaledobject.keda.sh/transfer-hpa-ownership: "true"\n';
const BEHAVIOR = '  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 600\n';

test("horizontalPodAutoscalerConfig.name that is another workload's HPA: an error on the name", () => {
  const text = SO(HPA_CONFIG('api'));
  const [f] = analyze({ 'file:///so.yaml': text, 'file:///hpa.yaml': HPA('api', 'api') }, { rules });
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), 'api');
  assert.match(f.message, /horizontalPodAutoscalerConfig.name is HorizontalPodAutoscaler shop\/api, which scales Deployment api: KEDA 2\.11 to 2\.21\.0 take that HPA over/);
});

test('the derived name keda-hpa-<name> taken by another workload: reported on metadata.name', () => {
  const text = SO();
  const [f] = analyze({ 'file:///so.yaml': text, 'file:///hpa.yaml': HPA('keda-hpa-web', 'api') }, { rules });
  assert.equal(covered(text, f), 'name');
  assert.match(f.message, /the HPA name KEDA derives \(keda-hpa-web\)/);
});

test("a takeover whose ScaledObject lacks the HPA's behavior and maxReplicas: a warning; the fix copies the behavior", () => {
  const text = SO(HPA_CONFIG('web-cpu'), TRANSFER);
  const [f] = analyze({ 'file:///so.yaml': text, 'file:///hpa.yaml': HPA('web-cpu', 'web', BEHAVIOR) }, { rules });
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /takes over HorizontalPodAutoscaler shop\/web-cpu .*its behavior .* is removed.*maxReplicas 10 becomes 100/);
  assert.equal(f.fixes[0].safety, 'safe');
  const fixed = parse(applyTextEdits(text, f.fixes[0].edits));
  assert.deepEqual(fixed.spec.advanced.horizontalPodAutoscalerConfig, { name: 'web-cpu', behavior: { scaleDown: { stabilizationWindowSeconds: 600 } } });
});

test('takeovers that keep everything, the HPA KEDA owns, and an HPA on the same workload without takeover: silent', () => {
  const kept = SO(`  maxReplicaCount: 10\n${HPA_CONFIG('web-cpu')}      behavior: {scaleDown: {stabilizationWindowSeconds: 600}}\n`, TRANSFER);
  assert.deepEqual(analyze({ 'file:///so.yaml': kept, 'file:///hpa.yaml': HPA('web-cpu', 'web', BEHAVIOR) }, { rules }), []);
  const owned = HPA('keda-hpa-web', 'api').replace('  namespace: shop\n', '  namespace: shop\n  ownerReferences:\n  - {kind: ScaledObject, name: web, apiVersion: keda.sh/v1alpha1, uid: x}\n');
  assert.deepEqual(analyze({ 'file:///so.yaml': SO(), 'file:///hpa.yaml': owned }, { rules }), []);
  assert.deepEqual(analyze({ 'file:///so.yaml': SO(HPA_CONFIG('web-cpu')), 'file:///hpa.yaml': HPA('web-cpu', 'web', BEHAVIOR) }, { rules }), [], 'autoscaler-conflict reports this one');
});

// manifest-missing-api-version: an object with `kind` but no `apiVersion` is an error (kubectl: "apiVersion not set"),
// never silently skipped by the rules that look kinds up by API group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../../src/core/lint/rules';
import { manifestMissingApiVersion } from '../../../src/core/lint/rules/manifest-missing-api-version';
import { applyTextEdits } from '../../../src/core/text/edits';
import { analyze, covered } from '../../helpers';

const rules = [manifestMissingApiVersion];

// The first key lost its `a` in an edit: kubectl refuses it, and before this rule the file passed as clean.
const TYPO = `piVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: search, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  minReplicas: 1
  maxReplicas: 6
`;

test('a piVersion typo: an error on the key with a did-you-mean, and a safe rename', () => {
  const [f, ...rest] = analyze(TYPO, { rules });
  assert.deepEqual(rest, []);
  assert.equal(f.severity, 'error');
  assert.equal(covered(TYPO, f), 'piVersion');
  assert.match(f.message, /^HorizontalPodAutoscaler has no apiVersion: "piVersion" is not apiVersion, .*apiVersion not set.*; did you mean "apiVersion"\?$/);
  assert.equal(f.fixes[0].safety, 'safe');
  const fixed = applyTextEdits(TYPO, f.fixes[0].edits);
  assert.equal(fixed, TYPO.replace('piVersion', 'apiVersion'));
  // Once fixed, the document is an HPA again for every rule.
  assert.deepEqual(analyze(fixed, { rules }), []);
  assert.deepEqual(
    analyze(fixed, { rules: allRules }).map((x) => x.rule),
    [],
  );
  const lower = analyze(TYPO.replace('piVersion', 'apiversion'), { rules });
  assert.equal(lower[0].fixes[0].safety, 'safe');
});

test('no apiVersion at all, or an empty one, on a Kubernetes kind: an error on kind, no value invented', () => {
  const missing = 'kind: ScaledObject\nmetadata: {name: orders}\nspec:\n  scaleTargetRef: {name: orders}\n  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]\n';
  const [f] = analyze(missing, { rules });
  assert.equal(covered(missing, f), 'kind');
  assert.match(f.message, /^ScaledObject has no apiVersion: kubectl refuses the object/);
  assert.deepEqual(f.fixes, []);
  const empty = 'apiVersion:\nkind: Deployment\nmetadata: {name: web}\n';
  assert.equal(covered(empty, analyze(empty, { rules })[0]), 'apiVersion');
});

test('files with a kind that is not a Kubernetes object (kustomization.yaml) are left alone', () => {
  assert.deepEqual(analyze('kind: Kustomization\nresources: [deployment.yaml, hpa.yaml]\n', { rules }), []);
  assert.deepEqual(analyze('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\n', { rules }), []);
});

test("an empty apiVersion: the example given is the kind's own group/version, never another kind's", () => {
  const nodePool = "apiVersion: ''\nkind: NodePool\nmetadata: {name: default}\n";
  assert.match(analyze(nodePool, { rules })[0].message, /e\.g\. karpenter\.sh\/v1$/);
  const service = 'apiVersion:\nkind: Service\nmetadata: {name: web}\n';
  const [f] = analyze(service, { rules });
  assert.doesNotMatch(f.message, /autoscaling/, 'no HPA apiVersion suggested for a Service');
});

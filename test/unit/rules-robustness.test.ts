// Rules never fail on odd, broken or Helm-templated documents (no internal-error finding, templates kept by
// fixes), and parseQuantity agrees with the Kubernetes quantity grammar on random input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { INTERNAL_ERROR_RULE } from '../../src/core/lint/analyzer';
import { parseQuantity } from '../../src/core/k8s/quantity';
import { rulesOf } from '../../src/core/lint/rules';
import { analyze } from '../helpers';
import { applyTextEdits } from '../../src/core/text/edits';

const workloadRules = rulesOf('workload');
const migrationRules = rulesOf('migration');

const ODD = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: 3\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - 1\n      - [a]\n      - name:\n        resources: [x]\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: [1]\n  template: {spec: {containers: [{name: a, resources: {requests: {cpu: [1], memory: {a: 1}}}}]}}\n',
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: web\n  minReplicas: {a: 1}\n  maxReplicas: null\n  metrics: {a: 1}\n',
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  metrics:\n  - 1\n  - type: Resource\n    resource: 7\n  - type: ContainerResource\n    containerResource: {name: cpu}\n',
  'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cpu\n    metadata: 5\n  - 3\n',
  'apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits: [1, {type: Container, default: 5}]\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        resources: {requests: {cpu: [1\n',
  '{{- if .Values.enabled }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: {{ include "app.fullname" . }}\n  minReplicas: {{ .Values.min }}\n  maxReplicas: {{ .Values.max }}\n  metrics:\n    {{- toYaml .Values.metrics | nindent 4 }}\n{{- end }}\n',
];

test('odd and broken documents never make a workload rule fail', () => {
  const files = Object.fromEntries(ODD.map((t, i) => [`file:///odd/${i}.yaml`, t]));
  for (const uri of Object.keys(files)) {
    const findings = analyze(files, { target: uri, rules: workloadRules });
    assert.deepEqual(
      findings.filter((f) => f.rule === INTERNAL_ERROR_RULE),
      [],
      uri,
    );
  }
});

test('the templated HPA yields no finding at all', () => {
  assert.deepEqual(analyze(ODD[ODD.length - 1], { rules: workloadRules }), []);
});

test('parseQuantity never throws and agrees with the grammar', () => {
  const grammar = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$/;
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.+-eEinumkKMGTPB '.split('')), maxLength: 8 }), (s) => {
      const q = parseQuantity(s);
      assert.equal(q.ok, grammar.test(s), s);
    }),
    { numRuns: 3000 },
  );
});

test('templated and broken documents do not crash the migration rules', () => {
  const tpl =
    'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  maxReplicas: {{ .Values.max }}\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilization: {{ .Values.cpu }}\n';
  const findings = analyze(tpl, { rules: migrationRules });
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['hpa-deprecated-api'],
  );
  const fixed = applyTextEdits(tpl, findings[0].fixes[0].edits);
  for (const directive of tpl.match(/\{\{[^}]*\}\}/g)!) assert.ok(fixed.includes(directive), directive);
  const broken = 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nspec: [1, 2\n';
  assert.ok(analyze(broken, { rules: migrationRules }).every((f) => f.rule !== 'internal-error'));
});

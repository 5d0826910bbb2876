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

/** Inputs an unlucky or hostile user writes: each must yield plain messages, never JavaScript internals. */
const deployment = (resources: string, name = 'web') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: app\n        resources:\n${resources}`;
const HOSTILE = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: ' + '{a: '.repeat(5000) + '1' + '}'.repeat(5000) + '\n',
  deployment('          requests: {cpu: 1e309, memory: 1e309}\n          limits: {cpu: "1e9999999999", memory: "1e9999999999"}\n'),
  deployment('          requests: {cpu: .nan, memory: .inf}\n          limits: {cpu: -.inf, memory: 1e-999}\n'),
  deployment('          requests: {cpu: [], memory: {}}\n          limits: {cpu: ~, memory: *nothing}\n'),
  // An HPA and a ScaledObject without names, on the same workload, on cpu utilization without requests.
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: .nan\n  maxReplicas: .inf\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: .nan}}\n',
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {namespace: default}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1e999\n  maxReplicas: 99999999999999999999999999999999999999\n',
  'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nspec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cpu\n    metricType: AverageValue\n    metadata: {value: .nan}\n  - type: memory\n    metadata: {type: Utilization, value: 1e309}\n',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: autoscaling/v2beta1\n  kind: HorizontalPodAutoscaler\n  spec:\n    scaleTargetRef: {kind: Deployment, name: web}\n    maxReplicas: .nan\n    metrics:\n    - type: Resource\n      resource: {name: cpu, targetAverageValue: 1e309}\n',
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 3\n  maxReplicas: 1e400\n',
  'apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 1e309, memory: .nan}\n    max: {cpu: [], memory: ~}\n',
  'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {cpu: 1e9999999999, requests.memory: "99999999999999999999999999999999999999999999E"}\n',
  'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {}\nspec:\n  limits: {cpu: .inf, memory: 1e400Ei}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: ' + JSON.stringify('.:53 {\n' + '  hosts {\n'.repeat(300) + '}\n') + '\n',
];

test('hostile inputs: no rule message shows undefined, NaN, Infinity, a stack overflow or a huge number', () => {
  const files = Object.fromEntries(HOSTILE.map((t, i) => [`file:///hostile/${i}.yaml`, t]));
  let messages = 0;
  for (const uri of Object.keys(files)) {
    for (const f of analyze(files, { target: uri })) {
      messages++;
      assert.notEqual(f.rule, INTERNAL_ERROR_RULE, `${uri}: ${f.message}`);
      assert.doesNotMatch(f.message, /undefined|NaN|Infinity|Maximum call stack|[0-9][0-9,]{36}/, `${uri}: ${f.rule}: ${f.message}`);
    }
  }
  assert.ok(messages >= HOSTILE.length, 'every hostile input yields at least one finding');
});

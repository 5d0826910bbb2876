import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversionsFor } from '../../../src/core/convert';
import { hpaDeprecatedApi } from '../../../src/core/lint/rules/hpa-deprecated-api';
import { karpenterDeprecatedApi } from '../../../src/core/lint/rules/karpenter-deprecated-api';
import { kedaDeprecatedField } from '../../../src/core/lint/rules/keda-deprecated-field';
import { migrationRules } from '../../../src/core/lint/rules/set-migration';
import { withDefaults } from '../../../src/core/lint/settings';
import { Workspace } from '../../../src/core/manifest/workspace';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const hpa = (apiVersion: string, spec = '  maxReplicas: 4\n') =>
  `apiVersion: ${apiVersion}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;
const V2BETA1 = hpa('autoscaling/v2beta1', '  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilization: 70\n');

test('migration rules are registered with docs', () => {
  assert.deepEqual(migrationRules.map((r) => r.id).sort(), ['hpa-deprecated-api', 'karpenter-deprecated-api', 'karpenter-placeholder', 'keda-deprecated-field']);
});

test('hpa-deprecated-api: v2beta1 by target Kubernetes version', () => {
  const at = (kubernetesVersion: string) => analyze(V2BETA1, { settings: { kubernetesVersion }, rules: [hpaDeprecatedApi] });
  assert.deepEqual(at('1.21'), []);
  const [w122] = at('1.22');
  assert.equal(w122.severity, 'warning');
  assert.equal(covered(V2BETA1, w122), 'autoscaling/v2beta1');
  assert.deepEqual(w122.fixes.map((f) => f.title), ['Convert to autoscaling/v2beta2']);
  assert.match(w122.message, /unavailable in v1\.25\+/);
  assert.deepEqual(w122.tags, ['deprecated']);
  const [w124] = at('1.24');
  assert.equal(w124.severity, 'warning');
  assert.deepEqual(w124.fixes.map((f) => [f.title, f.safe, f.preferred]), [['Convert to autoscaling/v2', true, true]]);
  for (const v of ['1.25', '1.30']) {
    const [e] = at(v);
    assert.equal(e.severity, 'error', v);
    assert.match(e.message, /no longer served from Kubernetes 1\.25/);
  }
});

test('hpa-deprecated-api: v2beta2 by target Kubernetes version', () => {
  const text = hpa('autoscaling/v2beta2');
  const at = (kubernetesVersion: string) => analyze(text, { settings: { kubernetesVersion }, rules: [hpaDeprecatedApi] });
  assert.deepEqual(at('1.22'), []);
  assert.equal(at('1.25')[0].severity, 'warning');
  assert.equal(at('1.26')[0].severity, 'error');
  assert.equal(at('1.30')[0].severity, 'error');
  assert.equal(applyTextEdits(text, at('1.30')[0].fixes[0].edits), hpa('autoscaling/v2'));
});

test('never offers autoscaling/v2 below Kubernetes 1.23', () => {
  for (let minor = 12; minor <= 22; minor++) {
    const settings = withDefaults({ kubernetesVersion: `1.${minor}` });
    for (const text of [V2BETA1, hpa('autoscaling/v2beta2'), hpa('autoscaling/v1', '  maxReplicas: 4\n  targetCPUUtilizationPercentage: 50\n')]) {
      const ws = new Workspace();
      const doc = ws.set('file:///h.yaml', text).docs[0];
      const titles = conversionsFor(doc, { workspace: ws, settings }).map((f) => f.title);
      assert.ok(!titles.includes('Convert to autoscaling/v2'), `1.${minor}: ${titles}`);
      for (const f of analyze(text, { settings, rules: [hpaDeprecatedApi] })) assert.ok(f.fixes.every((x) => !x.edits.some((e) => e.newText.includes('autoscaling/v2\n') || e.newText === 'autoscaling/v2')));
    }
  }
});

test('autoscaling/v1: no diagnostic, but a conversion offered on 1.23+', () => {
  const text = hpa('autoscaling/v1', '  maxReplicas: 4\n  targetCPUUtilizationPercentage: 50\n');
  assert.deepEqual(analyze(text, { settings: { kubernetesVersion: '1.30' }, rules: migrationRules }), []);
  const ws = new Workspace();
  const doc = ws.set('file:///h.yaml', text).docs[0];
  const [fix] = conversionsFor(doc, { workspace: ws, settings: withDefaults({ kubernetesVersion: '1.30' }) });
  assert.equal(fix.title, 'Convert to autoscaling/v2');
  assert.equal(applyTextEdits(text, fix.edits), hpa('autoscaling/v2', '  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target: {type: Utilization, averageUtilization: 50}\n'));
});

test('hpa-deprecated-api: the fixed document is clean (idempotence)', () => {
  const [f] = analyze(V2BETA1, { settings: { kubernetesVersion: '1.30' }, rules: [hpaDeprecatedApi] });
  const fixed = applyTextEdits(V2BETA1, f.fixes[0].edits);
  assert.deepEqual(analyze(fixed, { settings: { kubernetesVersion: '1.30' }, rules: migrationRules }), []);
});

const PROVISIONER = 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: default\nspec:\n  providerRef:\n    name: default\n  ttlSecondsAfterEmpty: 30\n';
const NODEPOOL_BETA = 'apiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata:\n  name: default\nspec:\n  template:\n    spec:\n      nodeClassRef:\n        name: default\n      requirements: []\n';

test('karpenter-deprecated-api: v1alpha5 by target Karpenter version', () => {
  const at = (karpenterVersion: string) => analyze(PROVISIONER, { settings: { karpenterVersion }, rules: [karpenterDeprecatedApi] });
  assert.deepEqual(at('0.31'), []);
  const [w] = at('0.32');
  assert.equal(w.severity, 'warning');
  assert.deepEqual(w.fixes, [], 'v1 is not served by 0.32: no conversion to it');
  assert.match(w.message, /removed in 0\.33/);
  const [e033] = at('0.33');
  assert.equal(e033.severity, 'error');
  assert.deepEqual(e033.fixes, []);
  const [e10] = at('1.0');
  assert.equal(e10.severity, 'error');
  assert.equal(e10.fixes.length, 1);
  // Only the NodePool is converted (its AWSNodeTemplate is not in the workspace) and nothing needs guessing.
  assert.equal(e10.fixes[0].safe, true);
  assert.match(e10.message, /not served by Karpenter 0\.33\+ \(target 1\.0\); convert it to karpenter\.sh\/v1 NodePool/);
});

test('karpenter-deprecated-api: v1beta1 by target Karpenter version', () => {
  const at = (karpenterVersion: string) => analyze(NODEPOOL_BETA, { settings: { karpenterVersion }, rules: [karpenterDeprecatedApi] });
  assert.deepEqual(at('0.32'), []);
  assert.deepEqual(at('0.37'), []);
  const [w] = at('1.0');
  assert.equal(w.severity, 'warning');
  assert.equal(w.fixes[0].safe, true);
  assert.equal(at('1.1')[0].severity, 'error');
  const fixed = applyTextEdits(NODEPOOL_BETA, w.fixes[0].edits);
  assert.deepEqual(analyze(fixed, { settings: { karpenterVersion: '1.1' }, rules: migrationRules }), []);
});

test('karpenter-deprecated-api: renamed pod label and annotations on workloads, with rename fixes', () => {
  const deploy =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: batch\nspec:\n  template:\n    metadata:\n      annotations:\n        karpenter.sh/do-not-evict: "true"\n    spec:\n      nodeSelector:\n        karpenter.sh/provisioner-name: default\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - {key: "karpenter.sh/provisioner-name", operator: In, values: [default]}\n      containers: [{name: a, image: a}]\n';
  assert.deepEqual(analyze(deploy, { settings: { karpenterVersion: '0.31' }, rules: [karpenterDeprecatedApi] }), []);
  const at032 = analyze(deploy, { settings: { karpenterVersion: '0.32' }, rules: [karpenterDeprecatedApi] });
  assert.deepEqual(at032.map((f) => [covered(deploy, f), f.severity]), [
    ['karpenter.sh/do-not-evict', 'warning'],
    ['karpenter.sh/provisioner-name', 'warning'],
    ['"karpenter.sh/provisioner-name"', 'warning'],
  ]);
  const at10 = analyze(deploy, { settings: { karpenterVersion: '1.0' }, rules: [karpenterDeprecatedApi] });
  assert.deepEqual(at10.map((f) => f.severity), ['error', 'error', 'error']);
  const fixed = applyTextEdits(deploy, at10.flatMap((f) => f.fixes[0].edits));
  assert.match(fixed, /karpenter.sh\/do-not-disrupt: "true"/);
  assert.match(fixed, /karpenter.sh\/nodepool: default/);
  assert.match(fixed, /\{key: "karpenter.sh\/nodepool"/);
  assert.deepEqual(analyze(fixed, { settings: { karpenterVersion: '1.0' }, rules: [karpenterDeprecatedApi] }), []);
});

test('karpenter-deprecated-api: no rename fix when the new key is already there', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    karpenter.sh/do-not-evict: "true"\n    karpenter.sh/do-not-disrupt: "true"\nspec:\n  containers: [{name: a, image: a}]\n';
  const [f] = analyze(pod, { settings: { karpenterVersion: '1.0' }, rules: [karpenterDeprecatedApi] });
  assert.equal(covered(pod, f), 'karpenter.sh/do-not-evict');
  assert.deepEqual(f.fixes, []);
});

test('AWSNodeTemplate converted first takes the kubelet settings its Provisioners agree on; the Provisioner then needs no placeholder', () => {
  const provisioner = 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: default\nspec:\n  providerRef:\n    name: default\n  kubeletConfiguration:\n    maxPods: 58\n  requirements:\n  - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}\n';
  const template = 'apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n  name: default\nspec:\n  instanceProfile: P\n  subnetSelector: {a: b}\n  securityGroupSelector: {a: b}\n';
  const files = { 'file:///p.yaml': provisioner, 'file:///t.yaml': template };
  const [tf] = ofRule(analyze(files, { target: 'file:///t.yaml' }), 'karpenter-deprecated-api');
  assert.ok(tf.fixes[0].edits.every((e) => e.uri === 'file:///t.yaml'));
  const convertedTemplate = applyTextEdits(template, tf.fixes[0].edits);
  assert.match(convertedTemplate, /kubelet:\n {4}maxPods: 58/);
  const [pf] = ofRule(analyze({ 'file:///p.yaml': provisioner, 'file:///t.yaml': convertedTemplate }), 'karpenter-deprecated-api');
  assert.equal(pf.fixes[0].safe, true);
  assert.ok(!applyTextEdits(provisioner, pf.fixes[0].edits).includes('kubelet'));
});

test('keda-deprecated-field: prometheus metricName removed, cpu metadata.type moved to metricType', () => {
  const so =
    'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: prometheus-scaledobject\nspec:\n  scaleTargetRef:\n    name: podinfo\n  triggers:\n  - type: prometheus\n    metadata:\n      serverAddress: http://prometheus-server.prometheus.svc.cluster.local:80\n      metricName: http_requests_total\n      threshold: \'10\'\n      query: sum(rate(http_requests_total[2m]))\n  - type: cpu\n    metadata:\n      value: "60"\n      type: Utilization\n';
  assert.deepEqual(analyze(so, { settings: { kedaVersion: '2.6' }, rules: [kedaDeprecatedField] }), []);
  // 2.9: cpu metadata.type is deprecated (2.7), prometheus metricName not yet (2.10).
  assert.deepEqual(analyze(so, { settings: { kedaVersion: '2.9' }, rules: [kedaDeprecatedField] }).map((f) => covered(so, f)), ['type']);
  assert.match(analyze(so, { settings: { kedaVersion: '2.11' }, rules: [kedaDeprecatedField] })[0].message, /deprecated since KEDA 2\.10 \(ignored from 2\.12\)/);
  const findings = analyze(so, { settings: { kedaVersion: '2.12' }, rules: [kedaDeprecatedField] });
  assert.deepEqual(findings.map((f) => [covered(so, f), f.severity]), [['metricName', 'warning'], ['type', 'warning']]);
  const fixed = applyTextEdits(so, findings.flatMap((f) => f.fixes[0].edits));
  assert.ok(!fixed.includes('metricName'));
  assert.match(fixed, /- type: cpu\n {4}metadata:\n {6}value: "60"\n {4}metricType: Utilization\n$/);
  assert.deepEqual(analyze(fixed, { settings: { kedaVersion: '2.12' }, rules: [kedaDeprecatedField] }), []);
});

test('keda-deprecated-field: conflicting metricType gets a finding without a fix', () => {
  const so = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: a}\nspec:\n  scaleTargetRef: {name: a}\n  triggers:\n  - type: memory\n    metricType: AverageValue\n    metadata: {type: Utilization, value: "70"}\n';
  const [f] = analyze(so, { rules: [kedaDeprecatedField] });
  assert.match(f.message, /conflicts with metricType/);
  assert.deepEqual(f.fixes, []);
  const ok = so.replace('{type: Utilization, value: "70"}', '{value: "70"}');
  assert.deepEqual(analyze(ok, { rules: [kedaDeprecatedField] }), []);
});

test('templated and broken documents do not crash the migration rules', () => {
  const tpl = 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  maxReplicas: {{ .Values.max }}\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilization: {{ .Values.cpu }}\n';
  const findings = analyze(tpl, { rules: migrationRules });
  assert.deepEqual(findings.map((f) => f.rule), ['hpa-deprecated-api']);
  const fixed = applyTextEdits(tpl, findings[0].fixes[0].edits);
  for (const directive of tpl.match(/\{\{[^}]*\}\}/g)!) assert.ok(fixed.includes(directive), directive);
  const broken = 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nspec: [1, 2\n';
  assert.ok(analyze(broken, { rules: migrationRules }).every((f) => f.rule !== 'internal-error'));
});

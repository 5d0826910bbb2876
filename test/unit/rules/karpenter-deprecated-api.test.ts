// karpenter-deprecated-api: Karpenter v1alpha5/v1beta1 objects and renamed labels by target Karpenter version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { karpenterDeprecatedApi } from '../../../src/core/lint/rules/karpenter-deprecated-api';
import { rulesOf } from '../../../src/core/lint/rules';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const migrationRules = rulesOf('migration');

const PROVISIONER = 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: default\nspec:\n  providerRef:\n    name: default\n  ttlSecondsAfterEmpty: 30\n';
const NODEPOOL_BETA =
  'apiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata:\n  name: default\nspec:\n  template:\n    spec:\n      nodeClassRef:\n        name: default\n      requirements: []\n';

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
  assert.equal(e10.fixes[0].safety, 'safe');
  assert.match(e10.message, /not served by Karpenter 0\.33\+ \(target 1\.0\); convert it to karpenter\.sh\/v1 NodePool/);
});

test('karpenter-deprecated-api: v1beta1 by target Karpenter version', () => {
  const at = (karpenterVersion: string) => analyze(NODEPOOL_BETA, { settings: { karpenterVersion }, rules: [karpenterDeprecatedApi] });
  assert.deepEqual(at('0.32'), []);
  assert.deepEqual(at('0.37'), []);
  const [w] = at('1.0');
  assert.equal(w.severity, 'warning');
  assert.equal(w.fixes[0].safety, 'safe');
  assert.equal(at('1.1')[0].severity, 'error');
  const fixed = applyTextEdits(NODEPOOL_BETA, w.fixes[0].edits);
  assert.deepEqual(analyze(fixed, { settings: { karpenterVersion: '1.1' }, rules: migrationRules }), []);
});

test('karpenter-deprecated-api: renamed pod label and annotations on workloads, with rename fixes', () => {
  const deploy =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: batch\nspec:\n  template:\n    metadata:\n      annotations:\n        karpenter.sh/do-not-evict: "true"\n    spec:\n      nodeSelector:\n        karpenter.sh/provisioner-name: default\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - {key: "karpenter.sh/provisioner-name", operator: In, values: [default]}\n      containers: [{name: a, image: a}]\n';
  assert.deepEqual(analyze(deploy, { settings: { karpenterVersion: '0.31' }, rules: [karpenterDeprecatedApi] }), []);
  const at032 = analyze(deploy, { settings: { karpenterVersion: '0.32' }, rules: [karpenterDeprecatedApi] });
  assert.deepEqual(
    at032.map((f) => [covered(deploy, f), f.severity]),
    [
      ['karpenter.sh/do-not-evict', 'warning'],
      ['karpenter.sh/provisioner-name', 'warning'],
      ['"karpenter.sh/provisioner-name"', 'warning'],
    ],
  );
  const at10 = analyze(deploy, { settings: { karpenterVersion: '1.0' }, rules: [karpenterDeprecatedApi] });
  assert.deepEqual(
    at10.map((f) => f.severity),
    ['error', 'error', 'error'],
  );
  const fixed = applyTextEdits(
    deploy,
    at10.flatMap((f) => f.fixes[0].edits),
  );
  assert.match(fixed, /karpenter.sh\/do-not-disrupt: "true"/);
  assert.match(fixed, /karpenter.sh\/nodepool: default/);
  assert.match(fixed, /\{key: "karpenter.sh\/nodepool"/);
  assert.deepEqual(analyze(fixed, { settings: { karpenterVersion: '1.0' }, rules: [karpenterDeprecatedApi] }), []);
});

test('karpenter-deprecated-api: no rename fix when the new key is already there', () => {
  const pod =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    karpenter.sh/do-not-evict: "true"\n    karpenter.sh/do-not-disrupt: "true"\nspec:\n  containers: [{name: a, image: a}]\n';
  const [f] = analyze(pod, { settings: { karpenterVersion: '1.0' }, rules: [karpenterDeprecatedApi] });
  assert.equal(covered(pod, f), 'karpenter.sh/do-not-evict');
  assert.deepEqual(f.fixes, []);
});

test('AWSNodeTemplate converted first takes the kubelet settings its Provisioners agree on; the Provisioner then needs no placeholder', () => {
  const provisioner =
    'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: default\nspec:\n  providerRef:\n    name: default\n  kubeletConfiguration:\n    maxPods: 58\n  requirements:\n  - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}\n';
  const template =
    'apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n  name: default\nspec:\n  instanceProfile: P\n  subnetSelector: {a: b}\n  securityGroupSelector: {a: b}\n';
  const files = { 'file:///p.yaml': provisioner, 'file:///t.yaml': template };
  const [tf] = ofRule(analyze(files, { target: 'file:///t.yaml' }), 'karpenter-deprecated-api');
  assert.ok(tf.fixes[0].edits.every((e) => e.uri === 'file:///t.yaml'));
  const convertedTemplate = applyTextEdits(template, tf.fixes[0].edits);
  assert.match(convertedTemplate, /kubelet:\n {4}maxPods: 58/);
  const [pf] = ofRule(analyze({ 'file:///p.yaml': provisioner, 'file:///t.yaml': convertedTemplate }), 'karpenter-deprecated-api');
  assert.equal(pf.fixes[0].safety, 'safe');
  assert.ok(!applyTextEdits(provisioner, pf.fixes[0].edits).includes('kubelet'));
});

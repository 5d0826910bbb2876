// cluster-scoped-namespace: metadata.namespace on NodePool, EC2NodeClass, ClusterTriggerAuthentication… (the API server drops it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterScopedNamespace } from '../../../src/core/lint/rules/cluster-scoped-namespace';
import { analyze, covered } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const rules = [clusterScopedNamespace];

// A kustomize overlay's output: its `namespace: karpenter` landed on the NodePool too.
const NODEPOOL = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: general
  namespace: karpenter # set by the overlay
  labels: {team: platform}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: general}
      requirements:
      - {key: karpenter.sh/capacity-type, operator: In, values: ["spot", "on-demand"]}
`;

test('namespace on a NodePool: warning on the key, a safe fix removing the whole line', () => {
  const [f, ...rest] = analyze(NODEPOOL, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(covered(NODEPOOL, f), 'namespace');
  assert.match(f.message, /NodePool is cluster-scoped: the API server drops metadata\.namespace \(karpenter\)/);
  assert.match(f.message, /every NodePool named general, whatever "namespace" it is written with, is this same object/);
  assert.equal(f.fixes[0].safety, 'safe');
  assert.equal(applyTextEdits(NODEPOOL, f.fixes[0].edits), NODEPOOL.replace('  namespace: karpenter # set by the overlay\n', ''));
});

test('EC2NodeClass v1beta1, AWSNodeTemplate and ClusterTriggerAuthentication too; namespaced kinds and no namespace: silent', () => {
  const nodeClass = 'apiVersion: karpenter.k8s.aws/v1beta1\nkind: EC2NodeClass\nmetadata: {name: general, namespace: kube-system}\nspec:\n  amiFamily: AL2\n  role: KarpenterNodeRole-prod\n';
  assert.equal(covered(nodeClass, analyze(nodeClass, { rules })[0]), 'namespace');
  const template = 'apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n  name: default\n  namespace: karpenter\nspec:\n  subnetSelector: {karpenter.sh/discovery: prod}\n';
  assert.equal(analyze(template, { rules }).length, 1);
  const cta = 'apiVersion: keda.sh/v1alpha1\nkind: ClusterTriggerAuthentication\nmetadata:\n  name: aws-credentials\n  namespace: keda\nspec:\n  podIdentity: {provider: aws}\n';
  assert.match(analyze(cta, { rules })[0].message, /^ClusterTriggerAuthentication is cluster-scoped/);
  const ta = cta.replace('kind: ClusterTriggerAuthentication', 'kind: TriggerAuthentication');
  assert.deepEqual(analyze(ta, { rules }), []);
  assert.deepEqual(analyze(NODEPOOL.replace('  namespace: karpenter # set by the overlay\n', ''), { rules }), []);
});

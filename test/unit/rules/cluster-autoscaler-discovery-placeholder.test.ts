// cluster-autoscaler-discovery-placeholder: --node-group-auto-discovery copied from the docs with the cluster name left as a placeholder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterAutoscalerDiscoveryPlaceholder } from '../../../src/core/lint/rules/cluster-autoscaler-discovery-placeholder';
import { analyze, covered } from '../../helpers';

const rules = [clusterAutoscalerDiscoveryPlaceholder];

// The AWS auto-discovery example as users adapt it: command list, env for the region.
const ca = (discovery: string, env = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cluster-autoscaler
  namespace: kube-system
spec:
  template:
    spec:
      serviceAccountName: cluster-autoscaler
      containers:
      - name: cluster-autoscaler
        image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2
        command:
        - ./cluster-autoscaler
        - --v=4
        - --cloud-provider=aws
        - --skip-nodes-with-local-storage=false
        - --expander=least-waste
        - ${discovery}
${env}`;

test('the example placeholder left in the discovery tag: error on the placeholder, saying no node group will be found', () => {
  const text = ca('--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<YOUR CLUSTER NAME>');
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), '<YOUR CLUSTER NAME>');
  assert.match(f.message, /placeholder <YOUR CLUSTER NAME>: it matches no node group, so Cluster Autoscaler discovers none and pending pods never get a node/);
  assert.deepEqual(f.fixes, []);
});

test('envsubst, sed and bare-word placeholders, and $(VAR) the container does not define', () => {
  for (const [value, placeholder] of [
    ['"--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${CLUSTER_NAME}"', '${CLUSTER_NAME}'],
    ['--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/$CLUSTER', '$CLUSTER'],
    ['--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/{CLUSTER_NAME}', '{CLUSTER_NAME}'],
    ['--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/CLUSTER_NAME', 'CLUSTER_NAME'],
    ['--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,eks:cluster-name=your-cluster-name', 'your-cluster-name'],
    ['--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/$(CLUSTER_NAME)', '$(CLUSTER_NAME)'],
  ]) {
    const text = ca(value);
    const found = analyze(text, { rules });
    assert.equal(found.length, 1, value);
    assert.equal(covered(text, found[0]), placeholder, value);
  }
});

test('a real cluster name, a tag key such as eks:cluster-name, $(VAR) from env, a Helm value: silent', () => {
  const env = '        env:\n        - name: CLUSTER_NAME\n          value: prod-eu-west-1\n';
  for (const text of [
    ca('--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod-eu-west-1'),
    ca('--node-group-auto-discovery=asg:tag=eks:cluster-name=prod-eu-west-1'),
    ca('--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/$(CLUSTER_NAME)', env),
    ca('--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/{{ .Values.autoDiscovery.clusterName }}'),
  ]) {
    assert.deepEqual(analyze(text, { rules }), [], text);
  }
});

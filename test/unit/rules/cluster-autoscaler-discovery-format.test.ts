// cluster-autoscaler-discovery-format: --node-group-auto-discovery values CA cannot parse, or whose tag keys match no group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterAutoscalerDiscoveryFormat } from '../../../src/core/lint/rules/cluster-autoscaler-discovery-format';
import { analyze, covered } from '../../helpers';

const rules = [clusterAutoscalerDiscoveryFormat];

const ca = (discovery: string, provider = 'aws') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cluster-autoscaler
  namespace: kube-system
spec:
  template:
    spec:
      containers:
      - name: cluster-autoscaler
        image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2
        command:
        - ./cluster-autoscaler
        - --cloud-provider=${provider}
        - ${discovery}
`;

test('asg:tags= for asg:tag=: error on the flag, CA exits at start', () => {
  const text = ca('--node-group-auto-discovery=asg:tags=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod');
  const [f, ...rest] = analyze(text, { rules });
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(covered(text, f), '--node-group-auto-discovery=asg:tags=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod');
  assert.equal(
    f.message,
    '--node-group-auto-discovery=asg:tags=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod must read asg:tag=<tag key>,<tag key>: "tags" is not "tag": Cluster Autoscaler fails to build its cloud provider and exits at start.',
  );
});

test("forms CA refuses: no discoverer, another provider's discoverer, asg:tag with nothing after it, bad mig: and label: specs", () => {
  for (const [discovery, provider, says] of [
    ['--node-group-auto-discovery=k8s.io/cluster-autoscaler/enabled', 'aws', 'has no discoverer prefix: write asg:…'],
    ['--node-group-auto-discovery=mig:namePrefix=pool,min=1,max=5', 'aws', 'uses the mig: form, but --cloud-provider=aws reads only asg: specs'],
    ['--node-group-auto-discovery=asg:tag=', 'aws', 'names no tag after asg:tag='],
    ['--node-group-auto-discovery=mig:namePrefix=pool,min=5,max=2', 'gce', 'has min=5 above max=2'],
    ['--node-group-auto-discovery=mig:prefix=pool,max=2', 'gce', 'has the key "prefix": mig: takes namePrefix, min and max'],
    ['--node-group-auto-discovery=mig:min=0,max=3', 'gce', 'has no namePrefix'],
    ['--node-group-auto-discovery=label:cluster-autoscaler-enabled', 'azure', 'has "cluster-autoscaler-enabled", not a key=value pair'],
  ]) {
    const found = analyze(ca(discovery, provider), { rules });
    assert.equal(found.length, 1, discovery);
    assert.equal(found[0].severity, 'error', discovery);
    assert.ok(found[0].message.includes(says), found[0].message);
  }
});

test('a space after the comma or an empty tag key: warning, the spec parses but matches no Auto Scaling group', () => {
  for (const [discovery, says] of [
    ['"--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled, k8s.io/cluster-autoscaler/prod"', 'has the tag key " k8s.io/cluster-autoscaler/prod" with spaces around it'],
    ['--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,,k8s.io/cluster-autoscaler/prod', 'has an empty tag key'],
  ]) {
    const [f, ...rest] = analyze(ca(discovery), { rules });
    assert.equal(rest.length, 0, discovery);
    assert.equal(f.severity, 'warning');
    assert.ok(f.message.includes(says), f.message);
    assert.match(f.message, /(so none is discovered|so no Auto Scaling group is discovered)\.$/);
    assert.doesNotMatch(f.message, /exits at start/);
  }
});

test('the documented forms, tag=value pairs, the placeholder (another rule), a Helm value, unknown discoverers: silent', () => {
  for (const text of [
    ca('--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod'),
    ca('--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled=true,eks:cluster-name=prod'),
    ca('--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<YOUR CLUSTER NAME>'),
    ca('--node-group-auto-discovery=mig:namePrefix=gke-pool,min=0,max=10', 'gce'),
    ca('--node-group-auto-discovery=label:cluster-autoscaler-enabled=true,cluster-autoscaler-name=prod', 'azure'),
    ca('--node-group-auto-discovery={{ .Values.autoDiscovery }}'),
    ca('--node-group-auto-discovery=clusterapi:namespace=default,clusterName=prod', 'clusterapi'),
  ]) {
    assert.deepEqual(analyze(text, { rules }), [], text);
  }
});

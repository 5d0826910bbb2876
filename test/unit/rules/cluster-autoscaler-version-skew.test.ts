// cluster-autoscaler-version-skew: a Cluster Autoscaler image whose minor differs from the target Kubernetes version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, covered, ofRule } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const caDeployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cluster-autoscaler
  namespace: kube-system
spec:
  template:
    spec:
      containers:
      - name: cluster-autoscaler
        image: ${image}
        command:
        - ./cluster-autoscaler
        - --cloud-provider=aws
`;

test('cluster-autoscaler-version-skew warns when the CA minor differs and offers vX.Y.0 as an unsafe fix', () => {
  const text = caDeployment('registry.k8s.io/autoscaling/cluster-autoscaler:v1.22.2');
  const [f] = ofRule(analyze(text, { settings: { kubernetesVersion: '1.30' } }), 'cluster-autoscaler-version-skew');
  assert.equal(f.severity, 'warning');
  assert.equal(covered(text, f), 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.22.2');
  assert.match(f.message, /built for Kubernetes 1\.22.*target is Kubernetes 1\.30/);
  assert.equal(f.fixes[0].safety, 'guess');
  assert.equal(applyTextEdits(text, f.fixes[0].edits), caDeployment('registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.0'));
  const quoted = caDeployment('"k8s.gcr.io/autoscaling/cluster-autoscaler:v1.29.4"');
  const [q] = ofRule(analyze(quoted, { settings: { kubernetesVersion: 'v1.31.2' } }), 'cluster-autoscaler-version-skew');
  assert.equal(applyTextEdits(quoted, q.fixes[0].edits), caDeployment('"k8s.gcr.io/autoscaling/cluster-autoscaler:v1.31.0"'));
  const mirror = caDeployment('123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/cluster-autoscaler:v1.32.1');
  assert.equal(ofRule(analyze(mirror, { settings: { kubernetesVersion: '1.30' } }), 'cluster-autoscaler-version-skew').length, 1);
});

test('cluster-autoscaler-version-skew skips matching minors, digests, untagged, templated and other images', () => {
  const settings = { kubernetesVersion: '1.30' };
  for (const image of [
    'registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.3',
    'registry.k8s.io/autoscaling/cluster-autoscaler@sha256:0123456789abcdef',
    'registry.k8s.io/autoscaling/cluster-autoscaler',
    'registry.k8s.io/autoscaling/cluster-autoscaler:latest',
    'registry.k8s.io/autoscaling/cluster-autoscaler:{{ .Values.image.tag }}',
    'registry.k8s.io/autoscaling/addon-resizer:1.8.20',
    'example.com/my-cluster-autoscaler:v1.22.0',
  ]) {
    assert.deepEqual(ofRule(analyze(caDeployment(image), { settings }), 'cluster-autoscaler-version-skew'), [], image);
  }
});

test('cluster-autoscaler-version-skew maps releases before 1.12 to the Kubernetes minor they were built for (CA 1.2 → 1.10)', () => {
  const old = caDeployment('k8s.gcr.io/cluster-autoscaler:v1.2.2');
  assert.deepEqual(ofRule(analyze(old, { settings: { kubernetesVersion: '1.10' } }), 'cluster-autoscaler-version-skew'), []);
  const [f] = ofRule(analyze(old, { settings: { kubernetesVersion: '1.11' } }), 'cluster-autoscaler-version-skew');
  assert.match(f.message, /v1\.2\.2 is built for Kubernetes 1\.10, but the target is Kubernetes 1\.11: use the newest cluster-autoscaler v1\.3\.x release/);
  assert.equal(applyTextEdits(old, f.fixes[0].edits), caDeployment('k8s.gcr.io/cluster-autoscaler:v1.3.0'));
  const [onNew] = ofRule(analyze(caDeployment('k8s.gcr.io/cluster-autoscaler:v1.0.3'), { settings: { kubernetesVersion: '1.30' } }), 'cluster-autoscaler-version-skew');
  assert.match(onNew.message, /built for Kubernetes 1\.8, but the target is Kubernetes 1\.30/);
  // 1.4–1.11 were never released: no guess about what such a tag is for.
  assert.deepEqual(ofRule(analyze(caDeployment('k8s.gcr.io/cluster-autoscaler:v1.8.0'), { settings: { kubernetesVersion: '1.30' } }), 'cluster-autoscaler-version-skew'), []);
});

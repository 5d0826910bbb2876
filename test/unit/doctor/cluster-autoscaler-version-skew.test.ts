// cluster-autoscaler-version-skew: the live CA image's minor against the API server's (ca-backoff runs v1.29.4 on 1.33).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caState, run } from './fixtures';

test('CA v1.29.4 on Kubernetes v1.33.13: a warning naming both', () => {
  const [f, ...rest] = run(caState('ca-backoff'), 'cluster-autoscaler-version-skew');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'Cluster Autoscaler v1.29.4 is built for Kubernetes 1.29, the cluster runs v1.33.13');
  assert.deepEqual(f.evidence, ['image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.29.4', 'API server: v1.33.13']);
  assert.match(f.explanation, /an older CA does not know newer scheduling features/);
  assert.match(f.explanation, /latest 1\.33\.x release/);
});

test('a newer CA, and legacy numbering (CA 1.3 is for Kubernetes 1.11)', () => {
  const s = caState('ca-group-at-max');
  s.clusterAutoscaler!.serverVersion = { gitVersion: 'v1.31.4-eks-2d5f260' };
  assert.match(run(s, 'cluster-autoscaler-version-skew')[0].explanation, /a newer CA may use APIs/);
  s.clusterAutoscaler!.serverVersion = { gitVersion: 'v1.11.10' };
  s.clusterAutoscaler!.deployment!.spec!.template.spec!.containers[0].image = 'k8s.gcr.io/cluster-autoscaler:v1.3.9';
  assert.deepEqual(run(s, 'cluster-autoscaler-version-skew'), []);
});

test('same minor, a digest-pinned image, or no server version: nothing', () => {
  assert.deepEqual(run(caState('ca-group-at-max'), 'cluster-autoscaler-version-skew'), []);
  const s = caState('ca-backoff');
  s.clusterAutoscaler!.deployment!.spec!.template.spec!.containers[0].image = 'registry.k8s.io/autoscaling/cluster-autoscaler@sha256:0123';
  assert.deepEqual(run(s, 'cluster-autoscaler-version-skew'), []);
  const t = caState('ca-backoff');
  t.clusterAutoscaler!.serverVersion = undefined;
  assert.deepEqual(run(t, 'cluster-autoscaler-version-skew'), []);
});

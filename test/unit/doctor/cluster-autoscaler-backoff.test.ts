// cluster-autoscaler-backoff: a node group in backoff after a failed scale-up (the ca-backoff scenario's records: CA
// v1.29.4, plain-text status, ScaleUpFailed event, "in backoff after failed scale-up"), and the 1.30+ backoffInfo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClusterAutoscalerStatus } from '../../../src/core/k8s/clusterAutoscalerStatus';
import { caState, run } from './fixtures';

test("backoff (text status): the group, the waiting pod, the cloud's error from ScaleUpFailed; the first finding", () => {
  const findings = run(caState('ca-backoff'));
  assert.deepEqual(
    findings.map((f) => f.id),
    ['cluster-autoscaler-backoff', 'pending-pods', 'cluster-autoscaler-version-skew'],
  );
  const [f] = findings;
  assert.equal(f.severity, 'error');
  assert.match(
    f.message,
    /^Cluster Autoscaler is in backoff for node group eks-gpu-\S+; 1 pending pod \(ca-backoff\/trainer-5f4c8d9f4f-abcde\) wait: AWS cannot provision any more instances for this node group$/,
  );
  assert.equal(f.evidence[0], 'cluster-autoscaler-status: ScaleUp:     Backoff (ready=0 cloudProviderTarget=0)');
  assert.match(f.evidence[1], /^ConfigMap kube-system\/cluster-autoscaler-status: ScaleUpFailed: Failed adding 1 nodes to group eks-gpu-\S+ due to OutOfResource\.placeholder-cannot-be-fulfilled/);
  assert.ok(f.evidence.some((l) => /clusterstate\.go:1128\] Failed adding 1 nodes/.test(l)));
  assert.match(f.explanation, /5 minutes and doubles up to 30/);
});

test('backoff (YAML status, 1.30+): the backoffInfo message; a warning when no pod waits', () => {
  const status = [
    'autoscalerStatus: Running',
    'nodeGroups:',
    '- name: ng-gpu',
    '  health: {status: Healthy, cloudProviderTarget: 0, minSize: 0, maxSize: 4}',
    '  scaleUp:',
    '    status: Backoff',
    '    backoffInfo: {errorCode: InsufficientInstanceCapacity, errorMessage: "We currently do not have sufficient p3.2xlarge capacity in the Availability Zone you requested (us-east-1a)."}',
  ].join('\n');
  const s = caState('ca-group-at-max', { pendingPods: [], events: [], clusterAutoscalerStatus: status });
  s.clusterAutoscaler!.status = parseClusterAutoscalerStatus(status);
  const [f, ...rest] = run(s, 'cluster-autoscaler-backoff');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'Cluster Autoscaler is in backoff for node group ng-gpu: We currently do not have sufficient p3.2xlarge capacity in the Availability Zone you requested (us-east-1a).');
  assert.match(f.evidence[0], /backoffInfo\.errorCode: InsufficientInstanceCapacity/);
});

test('no backoff, no finding', () => {
  assert.deepEqual(run(caState('ca-group-at-max'), 'cluster-autoscaler-backoff'), []);
  assert.deepEqual(run(caState('ca-scale-down'), 'cluster-autoscaler-backoff'), []);
});

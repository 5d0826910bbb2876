// cluster-autoscaler-cloud-access: AWS refuses CA's calls (the ca-cloud-access scenario's recorded log: CA v1.33.6,
// "Failed to regenerate ASG cache: AccessDenied …" then the fatal "Failed to create AWS Manager").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caState, run } from './fixtures';

const CAUSE = ['I1205 21:40:02.118334       1 auto_scaling_groups.go:435] Regenerating instance to ASG map for ASG tags: map[k8s.io/cluster-autoscaler/enabled: k8s.io/cluster-autoscaler/shop-prod:]'];

test('AccessDenied at start-up: the IAM action and role, fatal; the first finding', () => {
  const s = caState('ca-cloud-access');
  // Its pods stay Pending with the scheduler's words only: CA never ran a loop.
  s.pendingPods = caState('ca-no-node-groups').pendingPods;
  const findings = run(s);
  assert.equal(findings[0].id, 'cluster-autoscaler-cloud-access');
  const [f] = findings;
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'Cluster Autoscaler may not call the cloud API (autoscaling:DescribeAutoScalingGroups): it exits at start-up');
  assert.equal(f.evidence.length, 2);
  assert.match(f.evidence[0], /^E1205 21:40:02\.390127 +1 aws_manager\.go:128\] Failed to regenerate ASG cache: AccessDenied: User: arn:aws:sts::111122223333:assumed-role\//);
  assert.match(f.evidence[1], /^F1205 .* aws_cloud_provider\.go:468\] Failed to create AWS Manager: AccessDenied/);
  assert.match(f.explanation, /\(arn:aws:sts::111122223333:assumed-role\/eksctl-shop-prod-nodegroup-ng-1-NodeInstanceRole-1X2Y3Z4A5B6C\/i-0a1b2c3d4e5f67890\)/);
  assert.match(f.explanation, /the pod restarts again and again/);
});

test('a refused refresh later on (not fatal): the same finding without "exits"', () => {
  const s = caState('ca-cloud-access');
  s.clusterAutoscaler!.logs[0].lines = s.clusterAutoscaler!.logs[0].lines.filter((l) => !l.startsWith('F'));
  const [f] = run(s, 'cluster-autoscaler-cloud-access');
  assert.match(f.message, /: it cannot refresh its node groups$/);
});

test('logs without a refusal: nothing', () => {
  const s = caState('ca-cloud-access');
  s.clusterAutoscaler!.logs[0].lines = CAUSE;
  assert.deepEqual(run(s, 'cluster-autoscaler-cloud-access'), []);
  assert.deepEqual(run(caState('ca-group-at-max'), 'cluster-autoscaler-cloud-access'), []);
});

// cluster-autoscaler-group-at-max: "max node group size reached" in NotTriggerScaleUp, with the group's size from the
// status ConfigMap (the ca-group-at-max scenario's records: CA v1.33.6, YAML status).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caState, run } from './fixtures';

test('group at max: the pods, the group with target/max, each reason translated; first finding, before pending-pods', () => {
  const findings = run(caState('ca-group-at-max'));
  assert.deepEqual(
    findings.map((f) => f.id),
    ['cluster-autoscaler-group-at-max', 'pending-pods'],
  );
  const [f] = findings;
  assert.equal(f.severity, 'error');
  assert.match(f.message, /^1 pending pod \(ca-group-at-max\/web-5f4c8d9f4f-abcde\) get no node: Cluster Autoscaler says "max node group size reached" for eks-general-\S+ \(3\/3\)$/);
  assert.deepEqual(f.object, { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'cluster-autoscaler-status' });
  assert.equal(
    f.evidence[0],
    "Pod ca-group-at-max/web-5f4c8d9f4f-abcde: NotTriggerScaleUp: pod didn't trigger scale-up: 1 node(s) didn't match Pod's node affinity/selector, 1 max node group size reached",
  );
  assert.match(f.evidence[1], /^cluster-autoscaler-status: nodeGroups\[eks-general-\S+\]\.health\.status: Healthy, cloudProviderTarget: 3, minSize: 1, maxSize: 3$/);
  assert.match(f.explanation, /"node\(s\) didn't match Pod's node affinity\/selector" — a new node of the group would not have the labels/);
  assert.match(f.explanation, /"max node group size reached" — the group is at its maximum size: raise its max/);
  assert.equal(f.docs, 'docs/doctor/cluster-autoscaler-group-at-max.md');
  // pending-pods keeps the scheduler's words and points here.
  assert.match(findings[1].explanation, /The scheduler says: "0\/3 nodes are available: 3 Insufficient cpu\."/);
  assert.match(findings[1].explanation, /See finding cluster-autoscaler-group-at-max/);
});

test('group at max without a status ConfigMap (CA outside the cluster): the event alone, on the Deployment', () => {
  const s = caState('ca-group-at-max', { clusterAutoscalerStatus: null });
  s.clusterAutoscaler!.status = undefined;
  const [f] = run(s, 'cluster-autoscaler-group-at-max');
  assert.match(f.message, /"max node group size reached"$/);
  assert.equal(f.object?.kind, 'Deployment');
});

test('a group at its maximum with no pod waiting is no finding (nothing needs a node)', () => {
  assert.deepEqual(run(caState('ca-group-at-max', { pendingPods: [], events: [] }), 'cluster-autoscaler-group-at-max'), []);
  assert.deepEqual(run(caState('ca-backoff'), 'cluster-autoscaler-group-at-max'), []);
});

// cluster-autoscaler-scale-down-blocked: the ca-scale-down scenario's recorded log (CA v1.33.6): ksd-node-2 "was
// unneeded for 7m2.220392583s" (article 004), ksd-node-3 pinned by a safe-to-evict: "false" pod.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caState, run } from './fixtures';

test('safe-to-evict pins a node: the node, the pod, the unneeded one beside it; the only finding', () => {
  const findings = run(caState('ca-scale-down'));
  assert.deepEqual(
    findings.map((f) => f.id),
    ['cluster-autoscaler-scale-down-blocked'],
  );
  const [f] = findings;
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'Cluster Autoscaler cannot remove node ksd-node-3: pod annotated as not safe to evict present: reports-nightly');
  assert.deepEqual(f.evidence, [
    'I1205 21:14:03.406012       1 cluster.go:170] Node ksd-node-3 cannot be removed: pod annotated as not safe to evict present: reports-nightly',
    'I1205 21:14:03.407330       1 nodes.go:126] ksd-node-2 was unneeded for 7m2.220392583s',
  ]);
  assert.match(f.explanation, /safe-to-evict: "false" pins its node/);
});

test('ScaleDownFailed events on a node count too; other reasons get the general explanation', () => {
  const s = caState('ca-scale-down');
  s.clusterAutoscaler!.logs = [];
  s.clusterAutoscaler!.events = [
    {
      metadata: { name: 'ksd-node-1.1' },
      involvedObject: { kind: 'Node', name: 'ksd-node-1', uid: 'n1' },
      reason: 'ScaleDownFailed',
      type: 'Warning',
      message: 'failed to mark the node as toBeDeleted/unschedulable: nodes "ksd-node-1" is forbidden',
    },
  ];
  const [f] = run(s, 'cluster-autoscaler-scale-down-blocked');
  assert.equal(f.message, 'Cluster Autoscaler cannot remove node ksd-node-1');
  assert.match(f.evidence[0], /^Node ksd-node-1: ScaleDownFailed: failed to mark the node/);
  assert.match(f.explanation, /PodDisruptionBudget/);
});

test('nodes only unneeded (removed in time): nothing', () => {
  const s = caState('ca-scale-down');
  s.clusterAutoscaler!.logs[0].lines = s.clusterAutoscaler!.logs[0].lines.filter((l) => !/cannot be removed/.test(l));
  assert.deepEqual(run(s, 'cluster-autoscaler-scale-down-blocked'), []);
});

test("local storage and kube-system pods: the advice names this CA's flag values", () => {
  const s = caState('ca-scale-down');
  s.clusterAutoscaler!.logs[0].lines = [
    'I1205 21:14:03.406012       1 cluster.go:170] Node ksd-node-1 cannot be removed: pod with local storage present: cache-0',
    'I1205 21:14:03.406100       1 cluster.go:170] Node ksd-node-2 cannot be removed: non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: coredns-7db6d8ff4d-2xk8p',
  ];
  const c = s.clusterAutoscaler!.deployment!.spec!.template.spec!.containers[0];
  // The scenario's CA runs with the AWS example's --skip-nodes-with-local-storage=false: with it, local storage blocks nothing.
  assert.doesNotMatch(run(s, 'cluster-autoscaler-scale-down-blocked')[0].explanation, /skip-nodes-with-local-storage is/);
  c.command = c.command!.filter((a) => !a.startsWith('--skip-nodes-with-local-storage'));
  const [f] = run(s, 'cluster-autoscaler-scale-down-blocked');
  assert.equal(f.message, 'Cluster Autoscaler cannot remove 2 nodes: pod with local storage present: cache-0');
  assert.match(f.explanation, /while --skip-nodes-with-local-storage is true \(the default\): set it to false/);
  assert.match(f.explanation, /while --skip-nodes-with-system-pods is true \(the default\): give the pod a PodDisruptionBudget/);
});

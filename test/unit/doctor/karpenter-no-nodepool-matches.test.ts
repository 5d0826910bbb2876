// karpenter-no-nodepool-matches: no NodePool's requirements, labels or taints admit the pending pods (article 004's
// `nodeSelector: type: karpenter`), each NodePool with its first reason; pending-pods points to it instead of repeating it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflatePod, karpenter, karpenterEvent, nodePool, NOW } from '../karpenter-fixtures';
import { baseState, caState, run } from './fixtures';

const EVENT = 'Failed to schedule pod, incompatible requirements, label "type" does not have known values (typo of "node.kubernetes.io/instance-type"?)';

test("karpenter-no-nodepool-matches: article 004's pods pinned to `type: karpenter` with no NodePool labelling nodes so", () => {
  const pods = [inflatePod('inflate-7d9c6b-a'), inflatePod('inflate-7d9c6b-b')];
  const state = baseState({
    now: NOW,
    pendingPods: pods,
    events: [karpenterEvent(pods[0], 'FailedScheduling', EVENT)],
    karpenter: karpenter([nodePool('default'), nodePool('gpu', { spec: { weight: 10 }, labels: { type: 'karpenter' }, template: { taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] } })]),
  });
  const [f, ...rest] = run(state, 'karpenter-no-nodepool-matches');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'No Karpenter NodePool fits 2 pods of Deployment other/inflate: did not tolerate taint (taint=nvidia.com/gpu:NoSchedule)');
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'other', name: 'inflate', apiVersion: 'apps/v1' });
  // Weight order: gpu (weight 10) first, then default; Karpenter's own event quoted.
  assert.deepEqual(f.evidence, [
    'NodePool gpu (weight 10): did not tolerate taint (taint=nvidia.com/gpu:NoSchedule)',
    'NodePool default: incompatible requirements, label "type" does not have known values (typo of "karpenter.sh/capacity-type"?)',
    `FailedScheduling: ${EVENT}`,
  ]);
  assert.match(f.explanation, /spec\.template\.metadata\.labels/);
  assert.match(f.explanation, /toleration/);
  assert.equal(f.docs, 'docs/doctor/karpenter-no-nodepool-matches.md');
  // The first finding is the cause; pending-pods keeps the scheduler's words and points here without Karpenter's lines.
  const all = run(state);
  assert.equal(all[0].id, 'karpenter-no-nodepool-matches');
  const pending = all.find((x) => x.id === 'pending-pods')!;
  assert.match(pending.explanation, /see the karpenter-no-nodepool-matches finding/);
  assert.ok(!pending.evidence.some((l) => l.includes('Failed to schedule pod')));
  assert.match(pending.evidence[0], /didn't match Pod's node affinity\/selector/);
});

test('karpenter-no-nodepool-matches: none when a NodePool fits; Karpenter with no NodePool says so; not installed says nothing', () => {
  const pod = inflatePod();
  assert.deepEqual(
    run(baseState({ now: NOW, pendingPods: [pod], karpenter: karpenter([nodePool('default'), nodePool('karpenter', { labels: { type: 'karpenter' } })]) }), 'karpenter-no-nodepool-matches'),
    [],
  );
  const [none] = run(baseState({ now: NOW, pendingPods: [pod], karpenter: karpenter([]) }), 'karpenter-no-nodepool-matches');
  assert.equal(none.message, '1 pod of Deployment other/inflate waits for a node, but Karpenter has no NodePool');
  assert.match(none.explanation, /no dynamic nodepools found/);
  assert.deepEqual(
    run(baseState({ now: NOW, pendingPods: [pod], karpenter: { installed: false, nodeClasses: {}, forbidden: [] } })).filter((f) => f.id.startsWith('karpenter')),
    [],
  );
  // A pod that opts out of Karpenter nodes (karpenter.sh/nodepool DoesNotExist) is not Karpenter's to place.
  const optOut = inflatePod('x', {
    nodeSelector: {},
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'karpenter.sh/nodepool', operator: 'DoesNotExist' }] }] } } },
  });
  assert.deepEqual(run(baseState({ now: NOW, pendingPods: [optOut], karpenter: karpenter([]) }), 'karpenter-no-nodepool-matches'), []);
});

test('karpenter-no-nodepool-matches: with no NodePool, Karpenter is not asked when its controller does not run (CRDs alone) or Cluster Autoscaler makes the nodes', () => {
  const pod = inflatePod();
  // Karpenter's CRDs without its controller (left behind, or installed for server-side dry-runs).
  const crdsOnly = karpenter([], { controllers: [], leases: [] });
  assert.deepEqual(
    run(baseState({ now: NOW, pendingPods: [pod], karpenter: crdsOnly })).filter((f) => f.id.startsWith('karpenter')),
    [],
  );
  // Karpenter running with no NodePool beside Cluster Autoscaler: CA's node group at its maximum is the cause.
  const both = run(caState('ca-group-at-max', { now: NOW, karpenter: karpenter([]) }));
  assert.equal(both[0].id, 'cluster-autoscaler-group-at-max', both.map((f) => f.id).join(', '));
  assert.ok(!both.some((f) => f.id === 'karpenter-no-nodepool-matches'));
});

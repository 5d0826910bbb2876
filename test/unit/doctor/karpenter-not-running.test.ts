// karpenter-not-running: NodePools exist but no controller replica is ready and no leader Lease is fresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controllerDeployment, inflatePod, karpenter, lease, nodePool, NOW } from '../karpenter-fixtures';
import { baseState, run } from './fixtures';

test('karpenter-not-running: the Deployment has no ready replica and the Lease is stale; pending pods point to it', () => {
  const state = baseState({
    now: NOW,
    pendingPods: [inflatePod()],
    karpenter: karpenter([nodePool('default', { status: {} })], { controllers: [controllerDeployment(0)], leases: [lease('2026-12-06T00:40:00.000000Z')] }),
  });
  const [f, ...rest] = run(state, 'karpenter-not-running');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, "Karpenter's controller is not running: 1 NodePool makes no nodes; 1 pending pod waits (Deployment other/inflate)");
  assert.deepEqual(f.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'karpenter' });
  assert.deepEqual(f.evidence, [
    'Deployment kube-system/karpenter: 0/1 ready (registry.k8s.io/karpenter/controller:v1.15.0)',
    'Deployment karpenter: Available=False MinimumReplicasUnavailable: Deployment does not have minimum availability.',
    'Lease kube-system/karpenter-leader-election: holder karpenter-6f8d9c-x2x9p_0b6d, renewed 1800s before this read',
  ]);
  // The NodePool without status is the controller's absence, not a NodeClass problem.
  assert.deepEqual(run(state, 'karpenter-nodeclass-not-ready'), []);
  assert.match(run(state, 'pending-pods')[0].explanation, /see the karpenter-not-running finding/);
});

test('karpenter-not-running: a fresh Lease alone (controller outside the cluster) is running; nothing at all is not; unreadable is unknown', () => {
  const np = [nodePool('default')];
  assert.deepEqual(run(baseState({ now: NOW, karpenter: karpenter(np, { controllers: [], leases: [lease('2026-12-06T01:09:50Z')] }) }), 'karpenter-not-running'), []);
  const [f] = run(baseState({ now: NOW, karpenter: karpenter(np, { controllers: [], leases: [] }) }), 'karpenter-not-running');
  assert.deepEqual(f.evidence, ['no Deployment labelled app.kubernetes.io/name=karpenter and no Lease karpenter-leader-election in any namespace']);
  assert.equal(f.object, undefined);
  assert.deepEqual(run(baseState({ now: NOW, karpenter: karpenter(np, { controllers: undefined, leases: [] }) }), 'karpenter-not-running'), []);
  // CRDs left behind with no NodePools: nothing to say.
  assert.deepEqual(run(baseState({ now: NOW, karpenter: karpenter([], { controllers: [], leases: [] }) }), 'karpenter-not-running'), []);
});

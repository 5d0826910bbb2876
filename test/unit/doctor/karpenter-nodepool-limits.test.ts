// karpenter-nodepool-limits: the NodePool the pods fit has spent spec.limits (status.resources), one finding per NodePool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflatePod, karpenter, karpenterEvent, nodePool, NOW, READY_CONDITIONS } from '../karpenter-fixtures';
import { baseState, run } from './fixtures';

const spent = (name: string, weight?: number) =>
  nodePool(name, {
    labels: { type: 'karpenter' },
    spec: { limits: { cpu: '4', memory: '16Gi' }, ...(weight ? { weight } : {}) },
    status: { conditions: READY_CONDITIONS, nodes: 1, resources: { cpu: '4', 'ephemeral-storage': '20Gi', memory: '16Gi', nodes: '1', pods: '110' } },
  });

test('karpenter-nodepool-limits: limits spent on the only fitting NodePool, with spec.limits, status.resources and the event', () => {
  const pod = inflatePod();
  const event = 'Failed to schedule pod, all available instance types exceed limits for nodepool (NodePool=default)';
  const state = baseState({ now: NOW, pendingPods: [pod], events: [karpenterEvent(pod, 'FailedScheduling', event)], karpenter: karpenter([spent('default'), nodePool('other')]) });
  const [f, ...rest] = run(state, 'karpenter-nodepool-limits');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'NodePool default has spent its limits; 1 pending pod waits for it (Deployment other/inflate)');
  assert.deepEqual(f.object, { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name: 'default' });
  assert.deepEqual(f.evidence, [
    'NodePool default: all available instance types exceed limits for nodepool (cpu: 4 in use of limit 4; memory: 16Gi in use of limit 16Gi, the pod requests 1Gi)',
    'spec.limits: cpu=4, memory=16Gi',
    'status.resources: cpu=4, ephemeral-storage=20Gi, memory=16Gi, nodes=1, pods=110',
    `FailedScheduling: ${event}`,
  ]);
  assert.match(f.explanation, /Raise the limit/);
  assert.deepEqual(run(state, 'karpenter-no-nodepool-matches'), []);
  assert.match(run(state, 'pending-pods')[0].explanation, /see the karpenter-nodepool-limits finding \(NodePool default\)/);
});

test('karpenter-nodepool-limits: none while another NodePool with room fits (Karpenter falls through by weight)', () => {
  const pod = inflatePod();
  assert.deepEqual(
    run(baseState({ now: NOW, pendingPods: [pod], karpenter: karpenter([spent('default', 50), nodePool('overflow', { labels: { type: 'karpenter' } })]) }), 'karpenter-nodepool-limits'),
    [],
  );
  // Two spent NodePools: the highest weight one is named.
  const [f] = run(baseState({ now: NOW, pendingPods: [pod], karpenter: karpenter([spent('a'), spent('b', 20)]) }), 'karpenter-nodepool-limits');
  assert.match(f.message, /^NodePool b has spent/);
});

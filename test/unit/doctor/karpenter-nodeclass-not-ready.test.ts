// karpenter-nodeclass-not-ready: a NodePool whose NodeClass is missing or not Ready (NodeClassReady=False) is ignored
// by the provisioner; error when pending pods would fit it, warning otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflatePod, karpenter, nodePool, NOW, T0 } from '../karpenter-fixtures';
import { baseState, run } from './fixtures';

const notReady = (reason: string, message: string) =>
  nodePool('default', {
    labels: { type: 'karpenter' },
    status: {
      conditions: [
        { type: 'NodeClassReady', status: 'False', reason, message, lastTransitionTime: T0 },
        { type: 'Ready', status: 'False', reason: 'UnhealthyDependents', message: 'NodeClassReady=False', lastTransitionTime: T0 },
        { type: 'ValidationSucceeded', status: 'True', reason: 'ValidationSucceeded', lastTransitionTime: T0 },
      ],
    },
  });

test('karpenter-nodeclass-not-ready: the NodeClass is not found; the pods that fit the NodePool wait (error), with both objects quoted', () => {
  const np = notReady('NodeClassNotFound', 'NodeClass not found on cluster');
  const state = baseState({ now: NOW, pendingPods: [inflatePod()], karpenter: karpenter([np], { nodeClasses: { 'karpenter.kwok.sh/KWOKNodeClass/default': null } }) });
  const [f, ...rest] = run(state, 'karpenter-nodeclass-not-ready');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'NodePool default is not Ready, so Karpenter ignores it; 1 pending pod it would fit waits (Deployment other/inflate)');
  assert.deepEqual(f.evidence, [
    'NodePool default: NodeClassReady=False NodeClassNotFound: NodeClass not found on cluster',
    'NodePool default: Ready=False UnhealthyDependents: NodeClassReady=False',
    'KWOKNodeClass default (karpenter.kwok.sh): not found',
  ]);
  assert.deepEqual(run(state, 'karpenter-no-nodepool-matches'), []);
  assert.match(run(state, 'pending-pods')[0].explanation, /see the karpenter-nodeclass-not-ready finding \(NodePool default\)/);
});

test("karpenter-nodeclass-not-ready: the NodeClass's own Ready=False is quoted; no pending pods makes it a warning; Ready NodePools say nothing", () => {
  const np = notReady('SubnetsNotFound', 'SubnetSelector did not match any Subnets');
  const nc = {
    apiVersion: 'karpenter.kwok.sh/v1alpha1',
    kind: 'KWOKNodeClass',
    metadata: { name: 'default' },
    status: { conditions: [{ type: 'Ready', status: 'False', reason: 'SubnetsNotFound', message: 'SubnetSelector did not match any Subnets' }] },
  };
  const [f] = run(baseState({ now: NOW, karpenter: karpenter([np], { nodeClasses: { 'karpenter.kwok.sh/KWOKNodeClass/default': nc } }) }), 'karpenter-nodeclass-not-ready');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'NodePool default is not Ready, so Karpenter ignores it');
  assert.ok(f.evidence.includes('KWOKNodeClass default: Ready=False SubnetsNotFound: SubnetSelector did not match any Subnets'));
  assert.deepEqual(run(baseState({ now: NOW, pendingPods: [inflatePod()], karpenter: karpenter([nodePool('default', { labels: { type: 'karpenter' } })]) }), 'karpenter-nodeclass-not-ready'), []);
});

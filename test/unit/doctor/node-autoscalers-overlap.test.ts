// node-autoscalers-overlap: a Karpenter NodePool fits the pending pods and Cluster Autoscaler (the ca-* scenarios'
// recorded Deployment and status) can grow a node group for them too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import { inflatePod, karpenter, karpenterEvent, nodePool, NOW } from '../karpenter-fixtures';
import { caState, run } from './fixtures';

const fits = nodePool('default', { labels: { type: 'karpenter' } });
const caEvent = (pod: k8s.V1Pod, reason: string, message: string): k8s.CoreV1Event => ({
  metadata: { name: `${pod.metadata!.name}.ca` },
  involvedObject: { kind: 'Pod', namespace: pod.metadata!.namespace, name: pod.metadata!.name, uid: pod.metadata!.uid },
  reason,
  message,
  source: { component: 'cluster-autoscaler' },
});

test('both add a node: CA triggered a scale-up for the pods a NodePool fits (warning on the workload, both sides quoted)', () => {
  const pod = inflatePod();
  const triggered = 'pod triggered scale-up: [{eks-general-20261205175812345600000001-9cc9b2a4-1b1e-4a43-a7b1-2f1d4c0d5e11 3->4 (max: 6)}]';
  const state = caState('ca-backoff', {
    now: NOW,
    pendingPods: [pod],
    events: [karpenterEvent(pod, 'Nominated', 'Pod should schedule on: nodeclaim/default-x2x9p'), caEvent(pod, 'TriggeredScaleUp', triggered)],
    karpenter: karpenter([fits]),
  });
  const [f, ...rest] = run(state, 'node-autoscalers-overlap');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'Deployment other/inflate: Karpenter (NodePool default) and Cluster Autoscaler can both add a node for its 1 pending pod; Cluster Autoscaler triggered a scale-up for them');
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'other', name: 'inflate', apiVersion: 'apps/v1' });
  assert.deepEqual(f.evidence.slice(0, 3), [
    'NodePool default: fits as far as its requirements, taints and limits tell',
    'Nominated: Pod should schedule on: nodeclaim/default-x2x9p',
    `Pod other/inflate-7d9c6b-abcde: TriggeredScaleUp: ${triggered}`,
  ]);
  assert.match(f.explanation, /karpenter\.sh\/nodepool DoesNotExist/);
  assert.equal(f.docs, 'docs/doctor/node-autoscalers-overlap.md');
});

test('no CA event: CA node groups with room count; groups all at max do not', () => {
  const pod = inflatePod();
  // ca-group-at-max: eks-general is at 3/3, eks-graviton has room (0 of max 5).
  const [f] = run(caState('ca-group-at-max', { now: NOW, pendingPods: [pod], events: [], karpenter: karpenter([fits]) }), 'node-autoscalers-overlap');
  assert.match(f.message, /Cluster Autoscaler has 1 node group with room$/);
  assert.match(f.evidence[1], /^cluster-autoscaler-status: nodeGroups\[eks-graviton-\S+\]\.health\.status: Healthy, cloudProviderTarget: 0, minSize: 0, maxSize: 5$/);
  const s = caState('ca-group-at-max', { now: NOW, pendingPods: [pod], events: [], karpenter: karpenter([fits]) });
  s.clusterAutoscaler!.status = { ok: true, status: { form: 'yaml', clusterWide: {}, nodeGroups: [{ name: 'full', cloudProviderTarget: 3, maxSize: 3 }] } };
  assert.deepEqual(run(s, 'node-autoscalers-overlap'), []);
});

test('no finding when only one side can act', () => {
  const pod = inflatePod();
  const base = { now: NOW, pendingPods: [pod], events: [] as k8s.CoreV1Event[], karpenter: karpenter([fits]) };
  // CA said no group can take the pods.
  const notTriggered = caEvent(pod, 'NotTriggerScaleUp', "pod didn't trigger scale-up: 2 node(s) didn't match Pod's node affinity/selector");
  assert.deepEqual(run(caState('ca-backoff', { ...base, events: [notTriggered] }), 'node-autoscalers-overlap'), []);
  // No NodePool fits (karpenter-no-nodepool-matches says why).
  assert.deepEqual(run(caState('ca-backoff', { ...base, karpenter: karpenter([nodePool('other')]) }), 'node-autoscalers-overlap'), []);
  // CA scaled to zero, as Karpenter's migration guide leaves it.
  const off = caState('ca-backoff', base);
  off.clusterAutoscaler!.deployment = { ...off.clusterAutoscaler!.deployment!, spec: { ...off.clusterAutoscaler!.deployment!.spec!, replicas: 0 } };
  assert.deepEqual(run(off, 'node-autoscalers-overlap'), []);
  // No Cluster Autoscaler at all.
  const noCa = caState('ca-backoff', base);
  noCa.clusterAutoscaler = { deployment: null, pods: [], logs: [], events: [] };
  assert.deepEqual(run(noCa, 'node-autoscalers-overlap'), []);
  // Pods that opt out of Karpenter.
  const optOut = inflatePod('inflate-7d9c6b-zzzzz', {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'karpenter.sh/nodepool', operator: 'DoesNotExist' }] }] } } },
  });
  assert.deepEqual(run(caState('ca-backoff', { ...base, pendingPods: [optOut] }), 'node-autoscalers-overlap'), []);
});

// pending-pods: pods the scheduler cannot place, with the scheduler's and the node autoscaler's words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, caState, pod, run } from './fixtures';

const SCHED = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
function pendingPod(name: string): ReturnType<typeof pod> {
  return pod(
    name,
    'pending',
    { containers: [{ name: 'worker', resources: { requests: { cpu: '12' } } }] },
    {
      metadata: {
        name,
        namespace: 'pending',
        uid: `uid-${name}`,
        labels: { 'pod-template-hash': '7c9d8f' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'batch-7c9d8f', uid: 'rs', controller: true }],
      },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: SCHED }] },
    },
  );
}
const event = (p: ReturnType<typeof pod>, reason: string, message: string, component: string) => ({
  metadata: { name: `${p.metadata!.name}.1` },
  involvedObject: { kind: 'Pod', name: p.metadata!.name, namespace: 'pending', uid: p.metadata!.uid },
  reason,
  message,
  source: { component },
});

test("pending pods: one finding per workload with the scheduler's words; error when nothing adds capacity", () => {
  const pods = ['batch-7c9d8f-a', 'batch-7c9d8f-b', 'batch-7c9d8f-c'].map(pendingPod);
  const [f, ...rest] = run(baseState({ pendingPods: pods, events: pods.map((p) => event(p, 'FailedScheduling', SCHED, 'default-scheduler')) }), 'pending-pods');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, '3 pods of Deployment pending/batch cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.');
  assert.deepEqual(f.evidence, [SCHED]);
  assert.match(f.explanation, /requests, not usage/);
  assert.match(f.explanation, /nothing will add capacity/);
});

test('pending pods: Cluster Autoscaler NotTriggerScaleUp and its status explained; TriggeredScaleUp and Karpenter Nominated make it a warning', () => {
  const p = pendingPod('batch-7c9d8f-a');
  const ca = "pod didn't trigger scale-up: 1 max node group size reached";
  const [f] = run(
    baseState({
      pendingPods: [p],
      events: [event(p, 'NotTriggerScaleUp', ca, 'cluster-autoscaler')],
      clusterAutoscalerStatus:
        'Cluster-autoscaler status at 2024-05-01 10:00:00:\nCluster-wide:\n  ScaleUp: NoActivity (ready=3 registered=3)\nNodeGroups:\n  Name: ng-1\n  ScaleUp: Backoff (ready=3 cloudProviderTarget=3)',
    }),
    'pending-pods',
  );
  assert.ok(f.evidence.includes(ca));
  assert.ok(f.evidence.some((l) => l.includes('cluster-autoscaler-status: ScaleUp: Backoff')));
  assert.match(f.explanation, /node groups are at their maximum size/);
  assert.equal(f.severity, 'error');
  const [g] = run(baseState({ pendingPods: [p], events: [event(p, 'TriggeredScaleUp', 'pod triggered scale-up: [{ng-1 3->4 (max: 10)}]', 'cluster-autoscaler')] }), 'pending-pods');
  assert.equal(g.severity, 'warning');
  const [k] = run(baseState({ pendingPods: [p], events: [event(p, 'Nominated', 'Pod should schedule on: nodeclaim/default-x7k2p', 'karpenter')] }), 'pending-pods');
  assert.equal(k.severity, 'warning');
  assert.match(k.explanation, /Karpenter nominated/);
  const [kf] = run(
    baseState({
      pendingPods: [p],
      events: [
        event(
          p,
          'FailedScheduling',
          'Failed to schedule pod, incompatible with nodepool "default", daemonset overhead={"cpu":"150m"}, no instance type satisfied resources {"cpu":"12150m"}',
          'karpenter',
        ),
      ],
    }),
    'pending-pods',
  );
  assert.ok(kf.evidence.some((l) => l.startsWith('FailedScheduling: Failed to schedule pod, incompatible with nodepool')));
  assert.match(kf.explanation, /Karpenter cannot create a node/);
});

test('pending pods no autoscaler spoke about: Cluster Autoscaler "not installed", or installed and silent (its findings say why)', () => {
  const pods = ['batch-7c9d8f-a'].map(pendingPod);
  const notInstalled = baseState({ pendingPods: pods, clusterAutoscaler: { deployment: null, pods: [], logs: [], events: [] } });
  assert.match(run(notInstalled, 'pending-pods')[0].explanation, /Cluster Autoscaler is not installed \(no Deployment in kube-system runs its image, no status ConfigMap\)\.$/);
  const silent = caState('ca-cloud-access', { pendingPods: pods });
  const [f] = run(silent, 'pending-pods');
  assert.match(f.explanation, /Cluster Autoscaler runs \(Deployment kube-system\/cluster-autoscaler\) but recorded nothing about them/);
  assert.equal(run(silent)[0].id, 'cluster-autoscaler-cloud-access');
  // Unknown (not read): no sentence about it.
  assert.match(run(baseState({ pendingPods: pods }), 'pending-pods')[0].explanation, /nothing will add capacity by itself\.$/);
});

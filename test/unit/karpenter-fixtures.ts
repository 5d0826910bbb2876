// Karpenter objects as the API server returns them for Karpenter v1.15 (sigs.k8s.io/karpenter pkg/apis/v1, kwok
// provider), conditions with the reasons its controllers write, and pod events in the provisioner's formats
// (controllers/provisioning/scheduling/events.go). Article 004's case: pods pinned with `nodeSelector: type: karpenter`.
// Not a test file itself.
import type * as k8s from '@kubernetes/client-node';
import type { Condition, NodeClaim, NodeClass, NodePool } from '../../src/core/k8s/karpenterScheduling';
import type { KarpenterState } from '../../src/core/doctor/karpenterReads';

export const T0 = '2026-12-06T01:00:00Z';
/** The time the state is read: ten minutes after T0. */
export const NOW = '2026-12-06T01:10:00Z';

const ok = (type: string): Condition => ({ type, status: 'True', reason: type, message: '', lastTransitionTime: T0 });
export const READY_CONDITIONS: Condition[] = [
  ok('NodeClassReady'),
  { type: 'NodeRegistrationHealthy', status: 'Unknown', reason: 'AwaitingReconciliation', message: 'object is awaiting reconciliation', lastTransitionTime: T0 },
  ok('Ready'),
  ok('ValidationSucceeded'),
];

export function nodePool(
  name: string,
  over: {
    spec?: Partial<NonNullable<NodePool['spec']>>;
    template?: Partial<NonNullable<NonNullable<NodePool['spec']>['template']>['spec']>;
    labels?: Record<string, string>;
    status?: NodePool['status'];
  } = {},
): NodePool {
  return {
    metadata: { name, uid: `uid-${name}` },
    spec: {
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '10%' }] },
      ...over.spec,
      template: {
        ...(over.labels ? { metadata: { labels: over.labels } } : {}),
        spec: {
          nodeClassRef: { group: 'karpenter.kwok.sh', kind: 'KWOKNodeClass', name: 'default' },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
          ],
          expireAfter: '720h',
          ...over.template,
        },
      },
    },
    status: over.status ?? { conditions: READY_CONDITIONS, nodes: 0, resources: { cpu: '0', 'ephemeral-storage': '0', memory: '0', nodes: '0', pods: '0' } },
  };
}

export const KWOK_NODECLASS: NodeClass = {
  apiVersion: 'karpenter.kwok.sh/v1alpha1',
  kind: 'KWOKNodeClass',
  metadata: { name: 'default' },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2024-01-01T01:01:01Z' }] },
};

/** Article 004's inflate Deployment pod: `nodeSelector: type: karpenter`, requests memory 1Gi. */
export function inflatePod(name = 'inflate-7d9c6b-abcde', spec: Partial<k8s.V1PodSpec> = {}): k8s.V1Pod {
  return {
    metadata: {
      name,
      namespace: 'other',
      uid: `uid-${name}`,
      labels: { app: 'inflate', 'pod-template-hash': '7d9c6b' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'inflate-7d9c6b', uid: 'rs-uid', controller: true }],
    },
    spec: {
      nodeSelector: { type: 'karpenter' },
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'inflate', image: 'public.ecr.aws/eks-distro/kubernetes/pause:3.2', resources: { requests: { memory: '1Gi' } } }],
      ...spec,
    },
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        },
      ],
    },
  };
}

/** A pod event from Karpenter (its recorder's component is "karpenter"). */
export function karpenterEvent(pod: k8s.V1Pod, reason: string, message: string): k8s.CoreV1Event {
  return {
    metadata: { name: `${pod.metadata!.name}.18a1`, namespace: pod.metadata!.namespace },
    involvedObject: { kind: 'Pod', name: pod.metadata!.name, namespace: pod.metadata!.namespace, uid: pod.metadata!.uid },
    reason,
    message,
    type: reason === 'Nominated' ? 'Normal' : 'Warning',
    source: { component: 'karpenter' },
  };
}

export const controllerDeployment = (ready: number): k8s.V1Deployment => ({
  metadata: { name: 'karpenter', namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'karpenter' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'karpenter' } },
    template: { spec: { containers: [{ name: 'controller', image: 'registry.k8s.io/karpenter/controller:v1.15.0' }] } },
  },
  status: ready
    ? { replicas: 1, readyReplicas: ready, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }] }
    : { replicas: 1, unavailableReplicas: 1, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }] },
});

export const lease = (renewTime: string): k8s.V1Lease => ({
  metadata: { name: 'karpenter-leader-election', namespace: 'kube-system' },
  spec: { holderIdentity: 'karpenter-6f8d9c-x2x9p_0b6d', leaseDurationSeconds: 15, renewTime: renewTime as unknown as Date },
});

export function nodeClaim(name: string, conditions: Condition[], over: Partial<NodeClaim['status']> = {}): NodeClaim {
  return {
    metadata: { name, labels: { 'karpenter.sh/nodepool': 'default' }, creationTimestamp: T0 },
    spec: { nodeClassRef: { group: 'karpenter.kwok.sh', kind: 'KWOKNodeClass', name: 'default' } },
    status: { conditions, ...over },
  };
}

/** Karpenter installed and running (a ready controller, a fresh Lease), with these NodePools. */
export function karpenter(nodePools: NodePool[], over: Partial<KarpenterState> = {}): KarpenterState {
  return {
    installed: true,
    nodePools,
    nodeClaims: [],
    nodeClasses: { 'karpenter.kwok.sh/KWOKNodeClass/default': KWOK_NODECLASS },
    controllers: [controllerDeployment(1)],
    leases: [lease('2026-12-06T01:09:58.000000Z')],
    forbidden: [],
    ...over,
  };
}

// Why a NodePool cannot serve a pod, as Karpenter v1.15 decides it (k8s/karpenterScheduling.ts): requirements with
// every operator and well-known labels, taints, limits, readiness and weight order, with Karpenter's own wording.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byWeight, limitsSpent, nodePoolVerdicts, podRequests, type NodePool, type PodSpecLike } from '../../src/core/k8s/karpenterScheduling';
import { render } from '../../src/core/l10n';
import { inflatePod, nodePool } from './karpenter-fixtures';

const spec = (s: PodSpecLike = {}): PodSpecLike => ({ containers: [{ resources: { requests: { cpu: '500m', memory: '1Gi' } } }], ...s });
const verdict = (np: NodePool, pod: PodSpecLike) => nodePoolVerdicts([np], pod)[0];
/** The first reason in English, as Karpenter words it. */
const first = (np: NodePool, pod: PodSpecLike) => {
  const message = verdict(np, pod).first?.message;
  return message && render(message, 'en');
};
const required = (...matchExpressions: { key: string; operator: string; values?: string[] }[]) => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } },
});

test("article 004: a pod selecting `type: karpenter` fits only the NodePool whose template labels set it; the other gets Karpenter's message", () => {
  const pod = inflatePod().spec as PodSpecLike;
  // Karpenter hints at a well-known label containing the key; it walks a Go set, so which one varies: here the first sorted.
  assert.equal(first(nodePool('default'), pod), 'incompatible requirements, label "type" does not have known values (typo of "karpenter.sh/capacity-type"?)');
  assert.deepEqual(verdict(nodePool('karpenter', { labels: { type: 'karpenter' } }), pod).blocks, []);
  // A requirement with In produces the label too.
  const viaRequirement = nodePool('req', { template: { requirements: [{ key: 'type', operator: 'In', values: ['karpenter', 'spot'] }] } });
  assert.deepEqual(verdict(viaRequirement, pod).blocks, []);
  assert.equal(first(nodePool('other', { labels: { type: 'batch' } }), pod), 'incompatible requirements, key type, type In [karpenter] not in type In [batch]');
});

test('well-known labels may be left open by the NodePool; values it does constrain must intersect; typos get the hint', () => {
  const np = nodePool('default');
  assert.deepEqual(verdict(np, spec({ nodeSelector: { 'topology.kubernetes.io/zone': 'us-west-2a', 'node.kubernetes.io/instance-type': 'm5.large' } })).blocks, []);
  assert.equal(
    first(np, spec({ nodeSelector: { 'kubernetes.io/arch': 'arm64' } })),
    'incompatible requirements, key kubernetes.io/arch, kubernetes.io/arch In [arm64] not in kubernetes.io/arch In [amd64]',
  );
  // The beta label is normalized to the stable one before comparing.
  assert.equal(
    first(np, spec({ nodeSelector: { 'beta.kubernetes.io/arch': 'arm64' } })),
    'incompatible requirements, key kubernetes.io/arch, kubernetes.io/arch In [arm64] not in kubernetes.io/arch In [amd64]',
  );
  assert.equal(first(np, spec({ nodeSelector: { zone: 'us-west-2a' } })), 'incompatible requirements, label "zone" does not have known values (typo of "topology.kubernetes.io/zone"?)');
  // The kwok provider's labels are well known for NodePools of a KWOKNodeClass, not for others.
  assert.deepEqual(verdict(np, spec({ nodeSelector: { 'karpenter.kwok.sh/instance-family': 'c' } })).blocks, []);
  const ec2 = nodePool('aws', { template: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } } });
  assert.deepEqual(verdict(ec2, spec({ nodeSelector: { 'karpenter.k8s.aws/instance-category': 'c' } })).blocks, []);
  assert.match(first(ec2, spec({ nodeSelector: { 'karpenter.kwok.sh/instance-family': 'c' } })) ?? '', /label "karpenter.kwok.sh\/instance-family" does not have known values/);
  // The NodePool's own name and NodeClass are labels it produces.
  assert.deepEqual(verdict(np, spec({ nodeSelector: { 'karpenter.sh/nodepool': 'default', 'karpenter.kwok.sh/kwoknodeclass': 'default' } })).blocks, []);
  assert.equal(
    first(np, spec({ nodeSelector: { 'karpenter.sh/nodepool': 'gpu' } })),
    'incompatible requirements, key karpenter.sh/nodepool, karpenter.sh/nodepool In [gpu] not in karpenter.sh/nodepool In [default]',
  );
});

test('operators: NotIn and DoesNotExist on labels the NodePool lacks pass; Exists on them fails; Gt/Lt as bounds', () => {
  const np = nodePool('default', {
    template: {
      requirements: [
        { key: 'karpenter.kwok.sh/instance-cpu', operator: 'Gt', values: ['4'] },
        { key: 'team', operator: 'NotIn', values: ['web'] },
      ],
    },
  });
  assert.deepEqual(verdict(np, spec(required({ key: 'gpu', operator: 'DoesNotExist' }, { key: 'tier', operator: 'NotIn', values: ['db'] }))).blocks, []);
  assert.equal(first(np, spec(required({ key: 'gpu', operator: 'Exists' }))), 'incompatible requirements, label "gpu" does not have known values');
  assert.equal(
    first(np, spec(required({ key: 'karpenter.kwok.sh/instance-cpu', operator: 'In', values: ['2'] }))),
    'incompatible requirements, key karpenter.kwok.sh/instance-cpu, karpenter.kwok.sh/instance-cpu In [2] not in karpenter.kwok.sh/instance-cpu Exists >=5',
  );
  assert.deepEqual(verdict(np, spec(required({ key: 'karpenter.kwok.sh/instance-cpu', operator: 'In', values: ['2', '8'] }))).blocks, []);
  assert.equal(
    first(np, spec(required({ key: 'karpenter.kwok.sh/instance-cpu', operator: 'Lt', values: ['5'] }))),
    'incompatible requirements, key karpenter.kwok.sh/instance-cpu, karpenter.kwok.sh/instance-cpu Exists <=4 not in karpenter.kwok.sh/instance-cpu Exists >=5',
  );
  // NotIn against NotIn never conflicts; In against a NotIn that excludes every value does.
  assert.deepEqual(verdict(np, spec(required({ key: 'team', operator: 'NotIn', values: ['web'] }))).blocks, []);
  assert.equal(first(np, spec({ nodeSelector: { team: 'web' } })), 'incompatible requirements, key team, team In [web] not in team NotIn [web]');
});

test('required node affinity terms are ORed (Karpenter tries each); the first term names the reason when none fits', () => {
  const np = nodePool('default');
  const terms = (...t: { key: string; operator: string; values?: string[] }[][]) => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: t.map((matchExpressions) => ({ matchExpressions })) } } },
  });
  assert.deepEqual(verdict(np, spec(terms([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }], [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }]))).blocks, []);
  assert.match(first(np, spec(terms([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }], [{ key: 'pool', operator: 'Exists' }]))) ?? '', /kubernetes.io\/arch In \[arm64\] not in/);
  // nodeSelector applies to every term.
  assert.match(first(np, spec({ nodeSelector: { type: 'karpenter' }, ...terms([{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }]) })) ?? '', /label "type"/);
});

test("taints of the NodePool template must all be tolerated (Equal, Exists, empty key, effects; startupTaints don't count)", () => {
  const np = nodePool('gpu', {
    labels: { type: 'karpenter' },
    template: { taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }], startupTaints: [{ key: 'node.cilium.io/agent-not-ready', effect: 'NoExecute' }] },
  });
  const pod = inflatePod().spec as PodSpecLike;
  assert.equal(first(np, pod), 'did not tolerate taint (taint=nvidia.com/gpu=true:NoSchedule)');
  assert.deepEqual(verdict(np, { ...pod, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }).blocks, []);
  assert.deepEqual(verdict(np, { ...pod, tolerations: [{ key: 'nvidia.com/gpu', value: 'true' }] }).blocks, []);
  assert.deepEqual(verdict(np, { ...pod, tolerations: [{ operator: 'Exists' }] }).blocks, []);
  assert.equal(verdict(np, { ...pod, tolerations: [{ key: 'nvidia.com/gpu', value: 'false', effect: 'NoSchedule' }] }).blocks.length, 1);
  assert.equal(verdict(np, { ...pod, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoExecute' }] }).blocks.length, 1);
  // Karpenter checks PreferNoSchedule taints too, and comparison operators on numeric values.
  const soft = nodePool('soft', { template: { taints: [{ key: 'tier', value: '3', effect: 'PreferNoSchedule' }] } });
  assert.equal(first(soft, spec()), 'did not tolerate taint (taint=tier=3:PreferNoSchedule)');
  assert.deepEqual(verdict(soft, spec({ tolerations: [{ key: 'tier', operator: 'Gt', value: '2' }] })).blocks, []);
  assert.equal(verdict(soft, spec({ tolerations: [{ key: 'tier', operator: 'Lt', value: '2' }] })).blocks.length, 1);
});

test('limits: spent when what remains (limits − status.resources) is below the pod request, zero for cpu/memory/pods, or nodes used up', () => {
  const withUse = (limits: Record<string, string | number>, resources: Record<string, string>) =>
    nodePool('default', { spec: { limits }, status: { conditions: nodePool('x').status!.conditions, resources } });
  const req = podRequests(spec());
  assert.equal(render(limitsSpent(withUse({ cpu: 10 }, { cpu: '10', memory: '40Gi' }), req)!.message, 'en'), 'all available instance types exceed limits for nodepool');
  assert.deepEqual(limitsSpent(withUse({ cpu: 10 }, { cpu: '8' }), podRequests(spec({ containers: [{ resources: { requests: { cpu: '3' } } }] })))?.spent, [
    { resource: 'cpu', limit: '10', used: '8', podRequest: '3' },
  ]);
  assert.equal(limitsSpent(withUse({ cpu: 10 }, { cpu: '8' }), req), undefined);
  assert.equal(limitsSpent(withUse({ memory: '1000Gi' }, { memory: '999.5Gi' }), req)?.spent[0].resource, 'memory');
  assert.equal(render(limitsSpent(withUse({ nodes: '2' }, { nodes: '2' }), req)!.message, 'en'), 'node limits have been exhausted for nodepool');
  // An extended resource the pod does not ask for: instance types without it still fit a limit of 0.
  assert.equal(limitsSpent(withUse({ 'nvidia.com/gpu': '0' }, {}), req), undefined);
  // No limits, or no status yet: nothing spent.
  assert.equal(limitsSpent(nodePool('default'), req), undefined);
  assert.match(first(withUse({ cpu: '4' }, { cpu: '4' }), spec()) ?? '', /^all available instance types exceed limits for nodepool \(cpu: 4 in use of limit 4, the pod requests 500m\)$/);
});

test('pod requests as Karpenter sums them: containers and sidecars, at least the largest init container, plus overhead and one pod', () => {
  const r = podRequests({
    containers: [{ resources: { requests: { cpu: '250m', memory: '256Mi' } } }, { resources: { requests: { cpu: '250m' } } }],
    initContainers: [{ resources: { requests: { cpu: '2' } } }, { restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
    overhead: { cpu: '50m' },
  });
  assert.equal(r.get('cpu'), 2_050_000_000n); // the init container (2) beats containers + sidecar (0.6); + overhead
  assert.equal(r.get('memory'), (256n + 64n) * 1024n * 1024n * 1_000_000_000n);
  assert.equal(r.get('pods'), 1_000_000_000n);
});

test('order: by weight, ties by name descending; not Ready, static and deleting NodePools are skipped with the reason', () => {
  const names = byWeight([nodePool('a'), nodePool('b', { spec: { weight: 50 } }), nodePool('c')]).map((n) => n.metadata.name);
  assert.deepEqual(names, ['b', 'c', 'a']);
  const notReady = nodePool('default', {
    status: {
      conditions: [
        { type: 'NodeClassReady', status: 'False', reason: 'NodeClassNotFound', message: 'NodeClass not found on cluster' },
        { type: 'Ready', status: 'False', reason: 'UnhealthyDependents', message: 'NodeClassReady=False' },
        { type: 'ValidationSucceeded', status: 'True', reason: 'ValidationSucceeded' },
      ],
    },
  });
  assert.equal(first(notReady, spec()), 'ignoring nodepool, not ready (NodeClassReady=False NodeClassNotFound: NodeClass not found on cluster)');
  assert.equal(first(nodePool('fresh', { status: {} }), spec()), 'ignoring nodepool, not ready (no Ready condition yet)');
  assert.equal(verdict(nodePool('static', { spec: { replicas: 3 } }), spec()).first?.kind, 'static');
  // Not ready comes before a requirement mismatch in the first reason; every block is still listed.
  const both = verdict({ ...notReady, spec: { ...notReady.spec, template: { ...notReady.spec!.template, metadata: { labels: { type: 'x' } } } } }, inflatePod().spec as PodSpecLike);
  assert.deepEqual(
    both.blocks.map((b) => b.kind),
    ['not-ready', 'requirements'],
  );
});

test('requirement values print sorted, more than five cut to "and N others"', () => {
  const np = nodePool('default', {
    template: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'c5.large', 'c5.xlarge', 'm5.xlarge', 'r5.large', 't3.large', 't3.xlarge'] }] },
  });
  assert.equal(
    first(np, spec({ nodeSelector: { 'node.kubernetes.io/instance-type': 'g5.xlarge' } })),
    'incompatible requirements, key node.kubernetes.io/instance-type, node.kubernetes.io/instance-type In [g5.xlarge] not in node.kubernetes.io/instance-type In [c5.large c5.xlarge m5.large m5.xlarge r5.large and 2 others]',
  );
});

test('malformed fields (not lists where lists belong) do not crash', () => {
  const odd = {
    nodeSelector: { type: 'karpenter' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: 'x' } } },
    containers: [{ resources: { requests: { cpu: {} } } }],
  } as unknown as PodSpecLike;
  assert.match(first(nodePool('default'), odd) ?? '', /label "type"/);
});

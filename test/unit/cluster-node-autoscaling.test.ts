// The Cluster view's node autoscaling rows: NodePools (nodes, limits against status.resources, disruption), NodeClaim
// phases from Karpenter v1.15's conditions, Cluster Autoscaler node groups from the ca-* scenarios' recorded status
// ConfigMaps (both forms), who made a node, the pending pod's one line, and the group's rows in the tree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseClusterAutoscalerStatus } from '../../src/core/k8s/clusterAutoscalerStatus';
import { render, setLocale } from '../../src/core/l10n';
import { whyNoNode, whyNoNodeLine } from '../../src/core/k8s/karpenterScheduling';
import { madeBy, nodeClaimPhase, nodeClaimRow, nodeGroupRows, nodePoolRow } from '../../src/core/cluster/rows';
import { NodeAutoscalers } from '../../src/core/cluster/nodeAutoscalers';
import { trimNode, trimSchedulingPod } from '../../src/core/cluster/trim';
import type { NodeAutoscaling, Snapshot } from '../../src/core/cluster/types';
import { childrenOf } from '../../src/extension/explorer/children';
import { SnapshotIndex } from '../../src/extension/explorer/model';
import { clusterAutoscalerText, karpenterText, nodeClaimText, nodeGroupText, nodePoolText, nodeText, podText, shortGroupName } from '../../src/extension/explorer/rowText';
import { inflatePod, nodeClaim, nodePool, READY_CONDITIONS, T0 } from './karpenter-fixtures';

const cond = (type: string, status: string, reason = type, message = '') => ({ type, status, reason, message, lastTransitionTime: T0 });

function caStatusOf(scenario: string) {
  const file = join(__dirname, '..', '..', 'scripts', 'cluster', 'scenarios', scenario, 'workloads.yaml');
  const cm = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON())
    .find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === 'cluster-autoscaler-status');
  const parsed = parseClusterAutoscalerStatus(cm.data.status);
  assert.ok(parsed.ok);
  return { cm, status: parsed.status };
}

test('NodePool row: nodes, each limit against what its nodes have (spent when nothing is left), disruption settings and budgets', () => {
  const np = nodePool('default', {
    spec: { limits: { cpu: '4', memory: '64Gi' }, weight: 10 },
    status: { conditions: READY_CONDITIONS, nodes: 1, resources: { cpu: '4', memory: '16Gi', nodes: '1' } },
  });
  const row = nodePoolRow(np);
  assert.deepEqual(row, {
    name: 'default',
    weight: 10,
    nodes: 1,
    limits: [
      { resource: 'cpu', limit: '4', used: '4', spent: true },
      { resource: 'memory', limit: '64Gi', used: '16Gi', spent: false },
    ],
    ready: true,
    consolidationPolicy: 'WhenEmptyOrUnderutilized',
    consolidateAfter: '0s',
    budgets: ['nodes 10%'],
    nodeClass: 'KWOKNodeClass/default',
  });
  const t = nodePoolText(row);
  assert.equal(t.label, 'default');
  assert.equal(t.description, '1 node · cpu 4/4 spent memory 16Gi/64Gi · WhenEmptyOrUnderutilized after 0s');
  assert.match(
    t.aria,
    /^NodePool default \(weight 10\): 1 node; limits cpu 4 used of 4, spent, memory 16Gi used of 64Gi; consolidation WhenEmptyOrUnderutilized after 0s; budgets nodes 10%; NodeClass KWOKNodeClass\/default; Ready$/,
  );
  // Budgets with a schedule; no limits; not ready says why first.
  const other = nodePoolRow(
    nodePool('night', {
      spec: { disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '1m', budgets: [{ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Drifted', 'Underutilized'] }] } },
      status: { conditions: [cond('NodeClassReady', 'False', 'NodeClassNotFound', 'NodeClass not found on cluster'), cond('Ready', 'False', 'UnhealthyDependents')] },
    }),
  );
  assert.deepEqual(other.budgets, ['nodes 0 at 0 9 * * mon-fri for 8h (Drifted, Underutilized)']);
  assert.equal(other.ready, false);
  assert.equal(nodePoolText(other).description, 'not ready · 0 nodes · no limits · WhenEmpty after 1m');
  assert.match(nodePoolText(other).aria, /ignoring nodepool, not ready \(NodeClassReady=False NodeClassNotFound: NodeClass not found on cluster\)$/);
});

test('NodeClaim phase from its conditions: launching, launch failed, launched, registered, initialized, drifted, disrupting', () => {
  const phase = (conditions: ReturnType<typeof cond>[], deleting = false) => {
    const nc = nodeClaim('default-abcde', conditions);
    if (deleting) nc.metadata.deletionTimestamp = T0;
    return nodeClaimPhase(nc).phase;
  };
  assert.equal(phase([]), 'launching');
  assert.equal(phase([cond('Launched', 'Unknown', 'AwaitingReconciliation')]), 'launching');
  assert.equal(phase([cond('Launched', 'False', 'InsufficientCapacity', 'all requested instance types were unavailable')]), 'launch failed');
  assert.equal(phase([cond('Launched', 'True'), cond('Registered', 'Unknown', 'AwaitingReconciliation')]), 'launched');
  assert.equal(phase([cond('Launched', 'True'), cond('Registered', 'True'), cond('Initialized', 'Unknown')]), 'registered');
  const initialized = [cond('Launched', 'True'), cond('Registered', 'True'), cond('Initialized', 'True'), cond('Ready', 'True')];
  assert.equal(phase(initialized), 'initialized');
  assert.equal(phase([...initialized, cond('Drifted', 'True', 'NodePoolDrifted')]), 'drifted');
  assert.equal(phase([...initialized, cond('DisruptionReason', 'True', 'Underutilized')]), 'disrupting');
  assert.equal(phase(initialized, true), 'disrupting');

  const failed = nodeClaimRow(nodeClaim('default-abcde', [cond('Launched', 'False', 'InsufficientCapacity', 'all requested instance types were unavailable')]));
  assert.equal(failed.phaseReason, 'Launched=False InsufficientCapacity: all requested instance types were unavailable');
  const t = nodeClaimText(failed);
  assert.equal(t.description, 'launch failed');
  assert.equal(t.aria, 'NodeClaim default-abcde of NodePool default: launch failed (Launched=False InsufficientCapacity: all requested instance types were unavailable); no node yet');
  const ok = nodeClaimRow(nodeClaim('default-xyz', initialized, { nodeName: 'default-xyz' }));
  assert.equal(nodeClaimText(ok).description, 'initialized · default-xyz');
});

test('Cluster Autoscaler node groups from the YAML status (ca-group-at-max) and the text status (ca-backoff): min/current/target/max, at max, backoff', () => {
  const yaml = nodeGroupRows(caStatusOf('ca-group-at-max').status);
  assert.equal(yaml.length, 2);
  assert.deepEqual(yaml[0], {
    name: 'eks-general-20261205175812345600000001-9cc9b2a4-1b1e-4a43-a7b1-2f1d4c0d5e11',
    minSize: 1,
    maxSize: 3,
    current: 3,
    ready: 3,
    target: 3,
    health: 'Healthy',
    scaleUp: 'NoActivity',
    atMax: true,
  });
  const t = nodeGroupText(yaml[0]);
  assert.equal(t.label, 'eks-general…');
  assert.equal(t.description, '3 (1–3) · at max');
  assert.match(t.aria, /^Cluster Autoscaler node group eks-general-\S+: 3 nodes registered, 3 ready, target 3, min 1, max 3; at its maximum: it cannot grow; health Healthy; scale-up NoActivity$/);
  const text = nodeGroupRows(caStatusOf('ca-backoff').status);
  const backoff = text.find((g) => g.backoff);
  assert.ok(backoff, 'the group in Backoff');
  assert.equal(backoff.scaleUp, 'Backoff');
  assert.match(nodeGroupText(backoff).description, /^0 \(0–4\) · backoff$/);
  assert.equal(shortGroupName('ng-plain'), 'ng-plain');
});

test('who made a node: the NodePool label, else the node group label matched to the CA group (EKS: eks-<group>-…)', () => {
  const groups = ['eks-general-20261205175812345600000001-9cc9b2a4-1b1e-4a43-a7b1-2f1d4c0d5e11'];
  assert.deepEqual(madeBy({ 'karpenter.sh/nodepool': 'default' }, groups), { kind: 'NodePool', name: 'default' });
  assert.deepEqual(madeBy({ 'eks.amazonaws.com/nodegroup': 'general' }, groups), { kind: 'NodeGroup', name: 'general', caNodeGroup: groups[0] });
  assert.deepEqual(madeBy({ 'eks.amazonaws.com/nodegroup': 'ng-general' }, groups), { kind: 'NodeGroup', name: 'ng-general' });
  assert.equal(madeBy({ 'kubernetes.io/os': 'linux' }, groups), undefined);
  // trimNode keeps these labels (and only node labels rows read).
  const kept = trimNode({ metadata: { name: 'n', labels: { 'karpenter.sh/nodepool': 'default', 'kubernetes.io/os': 'linux' } } });
  assert.deepEqual(kept.metadata?.labels, { 'karpenter.sh/nodepool': 'default' });
  const row = {
    name: 'n',
    ready: true,
    unschedulable: false,
    allocatable: { cpuMilli: 1000, memoryBytes: 1 },
    requested: { cpuMilli: 0, memoryBytes: 0 },
    cpuRequestedPercent: 0,
    memoryRequestedPercent: 0,
  };
  const t = nodeText({ ...row, madeBy: { kind: 'NodeGroup', name: 'general', caNodeGroup: groups[0] } });
  assert.equal(t.description, 'no metrics · req cpu 0% mem 0% · general');
  assert.match(t.aria, /; in node group general \(Cluster Autoscaler node group eks-general-\S+\)$/);
});

test("a pending pod's one line is the doctor's reason (whyNoNode), from the fields trimSchedulingPod keeps", () => {
  const pod = trimSchedulingPod(inflatePod() as unknown as Record<string, unknown>);
  const store = new NodeAutoscalers({ changed: () => undefined, podsChanged: () => undefined, nodeGroupsChanged: () => undefined });
  store.setKarpenter(true);
  store.setNodePool(nodePool('default'), true);
  store.setUnscheduledPod(pod, true);
  const line = store.whyNoNode('other/inflate-7d9c6b-abcde');
  const doctor = whyNoNode([nodePool('default')], inflatePod().spec as never);
  assert.ok(doctor);
  assert.equal(line, render(whyNoNodeLine(doctor), 'en'));
  // Karpenter's own hint (requirements.go labelHint) comes along.
  assert.equal(line, 'no NodePool matches: NodePool default: incompatible requirements, label "type" does not have known values (typo of "karpenter.sh/capacity-type"?)');
  // A NodePool that fits: no line.
  store.setNodePool(nodePool('karp', { labels: { type: 'karpenter' } }), true);
  assert.equal(store.whyNoNode('other/inflate-7d9c6b-abcde'), undefined);
  const p = podText({ namespace: 'other', name: 'inflate-7d9c6b-abcde', status: 'Pending', restarts: 0, containers: [], request: {}, metrics: 'unavailable', whyNoNode: line });
  assert.equal(p.description, `Pending · ${line} · no metrics`);
  assert.match(p.aria, /; no node from Karpenter: no NodePool matches/);
});

test("a pending pod's line in the display language: Japanese words around Karpenter's label names and NodePool name", () => {
  const store = new NodeAutoscalers({ changed: () => undefined, podsChanged: () => undefined, nodeGroupsChanged: () => undefined });
  store.setKarpenter(true);
  store.setNodePool(nodePool('default'), true);
  store.setUnscheduledPod(trimSchedulingPod(inflatePod() as unknown as Record<string, unknown>), true);
  try {
    setLocale('ja');
    assert.equal(
      store.whyNoNode('other/inflate-7d9c6b-abcde'),
      '一致する NodePool がありません: NodePool default: requirements が合いません。ラベル "type" に既知の値がありません（"karpenter.sh/capacity-type" の誤記？）',
    );
  } finally {
    setLocale('en');
  }
});

test('the tree: Node autoscaling under the root, NodeClaims under their NodePool; "not installed" rows have no children', () => {
  const claim = nodeClaimRow(nodeClaim('default-xyz', [cond('Launched', 'True')]));
  const na: NodeAutoscaling = {
    karpenter: { installed: true, nodePools: [nodePoolRow(nodePool('default'))], nodeClaims: [claim] },
    clusterAutoscaler: { installed: false, nodeGroups: [] },
  };
  const snap: Snapshot = { info: { context: 'c', cluster: 'c', server: 's', namespace: 'default' }, nodes: [], pods: [], autoscalers: [], problems: [], nodeAutoscaling: na };
  const index = new SnapshotIndex(snap);
  const top = childrenOf({ kind: 'root', id: 'root' }, index, undefined);
  assert.ok(top.some((r) => r.kind === 'nodeAutoscaling'));
  const group = childrenOf({ kind: 'nodeAutoscaling', id: 'node-autoscaling' }, index, undefined);
  assert.deepEqual(
    group.map((r) => r.kind),
    ['karpenter', 'clusterAutoscaler'],
  );
  assert.deepEqual(childrenOf({ kind: 'karpenter', id: 'karpenter' }, index, undefined), [{ kind: 'nodePool', id: 'nodepool:default', name: 'default' }]);
  assert.deepEqual(childrenOf({ kind: 'nodePool', id: 'nodepool:default', name: 'default' }, index, undefined), [{ kind: 'nodeClaim', id: 'nodeclaim:default-xyz', name: 'default-xyz' }]);
  assert.deepEqual(childrenOf({ kind: 'clusterAutoscaler', id: 'cluster-autoscaler' }, index, undefined), []);
  assert.equal(clusterAutoscalerText(na.clusterAutoscaler).description, 'not installed');
  assert.equal(karpenterText(na.karpenter).description, '1 NodePool · 1 NodeClaim');
  assert.equal(karpenterText({ installed: false, nodePools: [], nodeClaims: [] }).aria, 'Karpenter: not installed (the API server does not serve karpenter.sh/v1 NodePools)');
  // A refused read: the problem row names the permission.
  const forbidden = { kind: 'forbidden' as const, title: 'Forbidden: cannot list nodeclaims.karpenter.sh', message: 'Your user may not list nodeclaims.karpenter.sh (needed for the NodeClaim list).' };
  const denied = new SnapshotIndex({ ...snap, nodeAutoscaling: { ...na, karpenter: { ...na.karpenter, problem: forbidden } } });
  const rows = childrenOf({ kind: 'karpenter', id: 'karpenter' }, denied, undefined);
  assert.equal(rows[0].kind, 'problem');
  assert.equal(rows[0].kind === 'problem' && rows[0].problem.title, 'Forbidden: cannot list nodeclaims.karpenter.sh');
});

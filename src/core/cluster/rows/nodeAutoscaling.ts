// Rows of the node autoscalers: Karpenter NodePools (nodes, limits against what their nodes have, disruption settings)
// and NodeClaims (their phase from the conditions of Karpenter v1.15, pkg/apis/v1/nodeclaim_status.go), Cluster
// Autoscaler node groups from its status ConfigMap (clusterAutoscalerStatus.ts), and who made a node.
import { isAtMax, type CaStatus } from '../../k8s/clusterAutoscalerStatus';
import { NODEPOOL_LABEL, notReady, limitsSpent, type Condition, type NodeClaim, type NodePool } from '../../k8s/karpenterScheduling';
import { textOf } from '../../l10n';
import type { NodeClaimPhase, NodeClaimRow, NodeGroupRow, NodePoolRow, NodeRow } from '../types';

export function nodePoolRow(np: NodePool): NodePoolRow {
  const used = np.status?.resources ?? {};
  // limitsSpent with no request: the resources that have nothing left for any pod.
  const spent = new Set((limitsSpent(np, new Map())?.spent ?? []).map((s) => s.resource));
  const d = np.spec?.disruption;
  const ref = np.spec?.template?.spec?.nodeClassRef;
  const nr = notReady(np);
  return {
    name: np.metadata.name,
    weight: np.spec?.weight ?? 0,
    ...(typeof np.status?.nodes === 'number' ? { nodes: np.status.nodes } : {}),
    limits: Object.entries(np.spec?.limits ?? {}).map(([resource, limit]) => ({ resource, limit: String(limit), used: String(used[resource] ?? '0'), spent: spent.has(resource) })),
    ready: !nr,
    ...(nr ? { notReady: textOf(nr) } : {}),
    ...(d?.consolidationPolicy ? { consolidationPolicy: d.consolidationPolicy } : {}),
    ...(d?.consolidateAfter ? { consolidateAfter: d.consolidateAfter } : {}),
    budgets: (Array.isArray(d?.budgets) ? d.budgets : []).map(budgetText),
    nodeClass: `${ref?.kind ?? '?'}/${ref?.name ?? '?'}`,
  };
}

/** `nodes 10%`, `nodes 0 at @daily for 10m (Drifted, Underutilized)` (pkg/apis/v1/nodepool.go Budget). */
function budgetText(b: unknown): string {
  const o = (typeof b === 'object' && b !== null ? b : {}) as { nodes?: unknown; schedule?: unknown; duration?: unknown; reasons?: unknown };
  const reasons = Array.isArray(o.reasons) ? o.reasons.map(String) : [];
  return [`nodes ${String(o.nodes ?? '?')}`, o.schedule ? `at ${String(o.schedule)}` : '', o.duration ? `for ${String(o.duration)}` : '', reasons.length ? `(${reasons.join(', ')})` : '']
    .filter(Boolean)
    .join(' ');
}

const conditionText = (c: Condition) => `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`;

/**
 * A NodeClaim's phase: disrupting (being deleted, or DisruptionReason True) and drifted first, as they say what comes
 * next; else the furthest of Launched, Registered and Initialized that is True (Karpenter sets them in that order);
 * Launched False is a failed launch.
 */
export function nodeClaimPhase(nc: NodeClaim): { phase: NodeClaimPhase; reason?: Condition } {
  const conds = nc.status?.conditions ?? [];
  const cond = (type: string) => conds.find((c) => c.type === type);
  const isTrue = (type: string) => cond(type)?.status === 'True';
  if (nc.metadata.deletionTimestamp) return { phase: 'disrupting' };
  if (isTrue('DisruptionReason')) return { phase: 'disrupting', reason: cond('DisruptionReason') };
  if (isTrue('Drifted')) return { phase: 'drifted', reason: cond('Drifted') };
  if (isTrue('Initialized')) return { phase: 'initialized' };
  if (isTrue('Registered')) return { phase: 'registered', reason: cond('Initialized') };
  if (isTrue('Launched')) return { phase: 'launched', reason: cond('Registered') };
  const launched = cond('Launched');
  return launched?.status === 'False' ? { phase: 'launch failed', reason: launched } : { phase: 'launching', reason: launched };
}

export function nodeClaimRow(nc: NodeClaim): NodeClaimRow {
  const { phase, reason } = nodeClaimPhase(nc);
  const labels = nc.metadata.labels ?? {};
  return {
    name: nc.metadata.name,
    ...(labels[NODEPOOL_LABEL] ? { nodePool: labels[NODEPOOL_LABEL] } : {}),
    ...(nc.status?.nodeName ? { nodeName: nc.status.nodeName } : {}),
    phase,
    // A condition that is not True says why the claim is not further along; a True one is the phase itself.
    ...(reason && (reason.status !== 'True' || reason.reason) ? { phaseReason: conditionText(reason) } : {}),
    ...(labels['node.kubernetes.io/instance-type'] ? { instanceType: labels['node.kubernetes.io/instance-type'] } : {}),
    ...(nc.metadata.creationTimestamp ? { createdAt: nc.metadata.creationTimestamp } : {}),
  };
}

export function nodeGroupRows(status: CaStatus): NodeGroupRow[] {
  return status.nodeGroups.map((g) => ({
    name: g.name,
    ...(g.minSize !== undefined ? { minSize: g.minSize } : {}),
    ...(g.maxSize !== undefined ? { maxSize: g.maxSize } : {}),
    ...(g.registered !== undefined ? { current: g.registered } : {}),
    ...(g.ready !== undefined ? { ready: g.ready } : {}),
    ...(g.cloudProviderTarget !== undefined ? { target: g.cloudProviderTarget } : {}),
    ...(g.health ? { health: g.health.status } : {}),
    ...(g.scaleUp ? { scaleUp: g.scaleUp.status } : {}),
    atMax: isAtMax(g),
    ...(g.scaleUp?.status === 'Backoff' ? { backoff: g.backoff ? [g.backoff.errorCode, g.backoff.errorMessage].filter(Boolean).join(': ') : g.scaleUp.line } : {}),
  }));
}

/**
 * Node labels that name the node group a node belongs to: EKS managed node groups, GKE node pools, AKS agent pools
 * (the label each cloud's kubelet registers the node with).
 */
export const NODE_GROUP_LABELS = ['eks.amazonaws.com/nodegroup', 'cloud.google.com/gke-nodepool', 'kubernetes.azure.com/agentpool'] as const;
/** The node labels node rows read (trim.ts keeps only these). */
export const NODE_LABELS = [NODEPOOL_LABEL, ...NODE_GROUP_LABELS] as const;

/**
 * Who made a node: its NodePool, else its node group. Cluster Autoscaler's status names groups as the cloud does (an
 * EKS managed node group `ng` is the Auto Scaling group `eks-ng-<uuid>`), so a group matches by that name.
 */
export function madeBy(labels: Record<string, string> | undefined, caGroups: readonly string[]): NodeRow['madeBy'] {
  const nodePool = labels?.[NODEPOOL_LABEL];
  if (nodePool) return { kind: 'NodePool', name: nodePool };
  const group = NODE_GROUP_LABELS.map((l) => labels?.[l]).find(Boolean);
  if (!group) return undefined;
  const ca = caGroups.find((g) => g === group || g.startsWith(`eks-${group}-`));
  return { kind: 'NodeGroup', name: group, ...(ca ? { caNodeGroup: ca } : {}) };
}

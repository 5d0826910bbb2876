// What the Karpenter checks and pending-pods share: the pending pods grouped by workload, whether Karpenter's
// controller runs, and for each group why no NodePool makes a node for it (karpenterScheduling.ts), computed once
// per state so each check reads the same answer and pending-pods can point to the finding that explains a group.
import type * as k8s from '@kubernetes/client-node';
import { workloadOf } from '../cluster/objects';
import { ignoresKarpenter, nodePoolVerdicts, whyNoNode, type NodePool, type NodePoolVerdict, type NoNodeCause, type PodSpecLike } from '../k8s/karpenterScheduling';
import { msg } from '../l10n';
import { controllerHealth, type ControllerHealth } from './checkKit';
import { englishText } from './findingText';
import { nodeClassKey } from './karpenterReads';
import type { DoctorState } from './state';
import type { DiagnosisId } from './types';

export interface PodGroup {
  namespace: string;
  kind: string;
  name: string;
  pods: k8s.V1Pod[];
}

/** Pending pods by workload (Deployment through its ReplicaSet, StatefulSet, Job, bare pod), in the order first seen. */
export function pendingGroups(state: DoctorState): PodGroup[] {
  const groups = new Map<string, PodGroup>();
  for (const pod of state.pendingPods) {
    const w = workloadOf(pod) ?? { kind: 'Pod', name: pod.metadata?.name ?? '' };
    const namespace = pod.metadata?.namespace ?? '';
    const key = `${namespace}/${w.kind}/${w.name}`;
    const g = groups.get(key) ?? { namespace, kind: w.kind, name: w.name, pods: [] };
    g.pods.push(pod);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export const groupKey = (g: PodGroup) => `${g.namespace}/${g.kind}/${g.name}`;
export const groupName = (g: PodGroup) => `${g.kind} ${g.namespace}/${g.name}`;

export type KarpenterCause = 'controller-down' | NoNodeCause;

export interface KarpenterExplanation {
  group: PodGroup;
  cause: KarpenterCause;
  /** Every NodePool in weight order with what stops it. */
  verdicts: NodePoolVerdict[];
  /** The NodePool the pods would get a node from once its block is gone (not-ready, limits): the first fitting one by weight. */
  nodePool?: string;
  /** The diagnosis whose finding explains the group. */
  diagnosis: DiagnosisId;
}

/** Karpenter's controller: a ready replica of its Deployment or a fresh leader Lease (checkKit.ts controllerHealth). */
export function karpenterHealth(state: DoctorState): ControllerHealth {
  const k = state.karpenter;
  return controllerHealth({
    deployments: k?.controllers,
    leases: k?.leases,
    now: state.now,
    nothing: msg('no Deployment labelled app.kubernetes.io/name=karpenter and no Lease karpenter-leader-election in any namespace'),
  });
}

const memo = new WeakMap<DoctorState, Map<string, KarpenterExplanation>>();

/** Karpenter's answer per pending group (keyed by groupKey); empty when Karpenter is not installed or its NodePools unreadable. */
export function karpenterExplanations(state: DoctorState): Map<string, KarpenterExplanation> {
  const cached = memo.get(state);
  if (cached) return cached;
  const out = new Map<string, KarpenterExplanation>();
  memo.set(state, out);
  const nodePools = state.karpenter?.installed ? state.karpenter.nodePools : undefined;
  if (!nodePools) return out;
  // With no NodePool Karpenter makes no node at all: its CRDs alone (left behind, or installed for dry-runs) or Cluster
  // Autoscaler's node groups are not its concern. Only a running controller with no NodePool, and no CA, is a finding.
  if (nodePools.length === 0 && (karpenterHealth(state).running !== true || state.clusterAutoscaler?.deployment)) return out;
  const down = karpenterHealth(state).running === false && nodePools.length > 0;
  for (const group of pendingGroups(state)) {
    const spec = (group.pods[0].spec ?? {}) as PodSpecLike;
    if (ignoresKarpenter(spec)) continue;
    const explain = (cause: KarpenterCause, diagnosis: DiagnosisId, verdicts: NodePoolVerdict[], nodePool?: string) => out.set(groupKey(group), { group, cause, verdicts, nodePool, diagnosis });
    if (down) {
      explain('controller-down', 'karpenter-not-running', nodePoolVerdicts(nodePools, spec));
      continue;
    }
    const why = whyNoNode(nodePools, spec);
    if (why) explain(why.cause, DIAGNOSIS[why.cause], why.verdicts, why.nodePool);
  }
  return out;
}

/** The diagnosis whose finding explains each cause (karpenterScheduling.ts whyNoNode). */
const DIAGNOSIS: Record<Exclude<KarpenterCause, 'controller-down'>, DiagnosisId> = {
  'no-nodepool': 'karpenter-no-nodepool-matches',
  'no-match': 'karpenter-no-nodepool-matches',
  'not-ready': 'karpenter-nodeclass-not-ready',
  limits: 'karpenter-nodepool-limits',
};

/** Karpenter's own events on the group's pods (FailedScheduling from component karpenter, Nominated), as `reason: message`. */
export function karpenterEvents(state: DoctorState, pods: readonly k8s.V1Pod[]): string[] {
  const uids = new Set(pods.map((p) => p.metadata?.uid));
  const names = new Set(pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
  return state.events
    .filter((e) => uids.has(e.involvedObject?.uid) || names.has(`${e.involvedObject?.namespace}/${e.involvedObject?.name}`))
    .filter((e) => isKarpenterEvent(e))
    .map((e) => `${e.reason}: ${e.message ?? ''}`);
}

export const isKarpenterEvent = (e: k8s.CoreV1Event) => /karpenter/i.test(`${e.source?.component ?? ''} ${e.reportingComponent ?? ''}`);

export function nodePoolNamed(state: DoctorState, name: string | undefined): NodePool | undefined {
  return state.karpenter?.nodePools?.find((np) => np.metadata.name === name);
}

/** The NodeClass a NodePool references, as read: the object, null (absent), undefined (unreadable). */
export function nodeClassOf(state: DoctorState, np: NodePool) {
  return state.karpenter?.nodeClasses[nodeClassKey(np.spec?.template?.spec?.nodeClassRef)];
}

export const nodePoolRef = (name: string) => ({ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name });

/** What `doctor --format json` says of Karpenter under "karpenter"; null when it was not read. */
export interface KarpenterSummary {
  installed: boolean;
  /** null: could not be told (reads refused). */
  controllerRunning: boolean | null;
  nodePools: { name: string; weight: number; ready: boolean; nodeClass: string; limits: Record<string, string>; resources: Record<string, string> }[] | null;
  nodeClaims: { name: string; nodePool: string | null; nodeName: string | null; conditions: Record<string, string> }[] | null;
  /** Pending workloads Karpenter will not make a node for, each NodePool with its first reason. */
  pending: {
    workload: string;
    pods: number;
    diagnosis: DiagnosisId;
    cause: KarpenterCause;
    nodePool: string | null;
    nodePools: { name: string; weight: number; reason: string | null; kind: string | null }[];
  }[];
}

const strings = (o: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, String(v)]));

export function karpenterSummary(state: DoctorState): KarpenterSummary | null {
  const k = state.karpenter;
  if (!k) return null;
  const health = k.installed ? karpenterHealth(state) : { running: undefined };
  return {
    installed: k.installed,
    controllerRunning: health.running ?? null,
    nodePools:
      k.nodePools?.map((np) => {
        const ref = np.spec?.template?.spec?.nodeClassRef;
        return {
          name: np.metadata.name,
          weight: np.spec?.weight ?? 0,
          ready: !!np.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
          nodeClass: `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
          limits: strings(np.spec?.limits),
          resources: strings(np.status?.resources),
        };
      }) ?? null,
    nodeClaims:
      k.nodeClaims?.map((nc) => ({
        name: nc.metadata.name,
        nodePool: nc.metadata.labels?.['karpenter.sh/nodepool'] ?? null,
        nodeName: nc.status?.nodeName ?? null,
        conditions: Object.fromEntries((nc.status?.conditions ?? []).map((c) => [c.type, c.status])),
      })) ?? null,
    pending: [...karpenterExplanations(state).values()].map((e) => ({
      workload: groupName(e.group),
      pods: e.group.pods.length,
      diagnosis: e.diagnosis,
      cause: e.cause,
      nodePool: e.nodePool ?? null,
      nodePools: e.verdicts.map((v) => ({ name: v.nodePool, weight: v.weight, reason: v.first ? englishText(v.first.message) : null, kind: v.first?.kind ?? null })),
    })),
  };
}

// The session's node autoscalers: Karpenter's NodePools and NodeClaims, Cluster Autoscaler's status ConfigMap, and the
// unscheduled pods (with the spec fields Karpenter schedules on) whose rows say why no node comes. Rows are recomputed
// when their objects change; what makes a node's or a pod's row change is reported back to the session.
import type * as k8s from '@kubernetes/client-node';
import { parseClusterAutoscalerStatus, type CaStatus } from '../k8s/clusterAutoscalerStatus';
import { whyNoNode, whyNoNodeLine, type NodeClaim, type NodePool, type PodSpecLike } from '../k8s/karpenterScheduling';
import { textOf } from '../l10n';
import { objectKey } from './objects';
import { httpStatus, templatedProblem, toProblem } from './problems';
import { getJson } from './request';
import { nodeClaimRow, nodeGroupRows, nodePoolRow } from './rows';
import type { ClusterProblem, NodeAutoscaling } from './types';
import { msg } from '../l10n';

export const KARPENTER_API = '/apis/karpenter.sh/v1';

/**
 * Whether the server serves Karpenter's NodePools: true; false when it does not (no CRDs: "not installed", never a
 * problem); or the problem that kept it from telling. RBAC refuses a list before the API server knows the resource, so
 * a 403 is answered by the group's discovery, which every user may read: a 404 there is "not installed", anything
 * else leaves the answer to the informers, which name the missing permission (true).
 */
export async function karpenterServed(kc: k8s.KubeConfig): Promise<boolean | ClusterProblem> {
  try {
    await getJson(kc, `${KARPENTER_API}/nodepools`, { limit: 1 });
    return true;
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404) return false;
    if (status !== 403) return toProblem(err, msg('reading Karpenter NodePools'));
    return getJson(kc, '/apis/karpenter.sh').then(
      () => true,
      (e) => httpStatus(e) !== 404,
    );
  }
}

/** Where Cluster Autoscaler publishes its status (clusterstate/utils/status.go StatusConfigMapName, in its namespace). */
export const CA_STATUS = { namespace: 'kube-system', name: 'cluster-autoscaler-status' } as const;

export interface NodeAutoscalerEvents {
  /** The group's rows changed. */
  changed(): void;
  /** Pending pods' "why no node" may have changed (NodePools changed): these pod keys. */
  podsChanged(keys: string[]): void;
  /** The node groups changed: node rows name them. */
  nodeGroupsChanged(): void;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class NodeAutoscalers {
  private readonly nodePools = new Map<string, NodePool>();
  private readonly nodeClaims = new Map<string, NodeClaim>();
  private readonly unscheduled = new Map<string, k8s.V1Pod>();
  private caStatus?: CaStatus;
  private caStatusError?: string;
  private karpenterInstalled?: boolean;
  private caInstalled?: boolean;
  private karpenterProblem?: ClusterProblem;
  private caProblem?: ClusterProblem;
  private cached?: NodeAutoscaling;
  /** pod key → its line, cached until the NodePools change. */
  private readonly lines = new Map<string, string | undefined>();

  constructor(private readonly on: NodeAutoscalerEvents) {}

  snapshot(): NodeAutoscaling {
    this.cached ??= {
      karpenter: {
        installed: this.karpenterInstalled,
        nodePools: [...this.nodePools.values()].map(nodePoolRow).sort((a, b) => cmp(a.name, b.name)),
        nodeClaims: [...this.nodeClaims.values()].map(nodeClaimRow).sort((a, b) => cmp(a.nodePool ?? '', b.nodePool ?? '') || cmp(a.name, b.name)),
        ...(this.karpenterProblem ? { problem: this.karpenterProblem } : {}),
      },
      clusterAutoscaler: {
        installed: this.caInstalled,
        nodeGroups: this.caStatus ? nodeGroupRows(this.caStatus) : [],
        ...(this.caStatus?.time ? { statusTime: this.caStatus.time } : {}),
        ...(this.caStatus?.autoscalerStatus ? { autoscalerStatus: this.caStatus.autoscalerStatus } : {}),
        ...(this.caProblem ? { problem: this.caProblem } : this.caStatusError ? { problem: unreadableStatus(this.caStatusError) } : {}),
      },
    };
    return this.cached;
  }

  /** The Cluster Autoscaler node groups the status names (node rows match their node group against these). */
  caNodeGroups(): string[] {
    return this.caStatus?.nodeGroups.map((g) => g.name) ?? [];
  }

  /** Why no NodePool makes a node for this unscheduled pod, in the current language; undefined when it is scheduled, Karpenter is absent or a NodePool fits. */
  whyNoNode(podKey: string): string | undefined {
    if (!this.karpenterInstalled) return undefined;
    if (this.lines.has(podKey)) return this.lines.get(podKey);
    const pod = this.unscheduled.get(podKey);
    const why = pod && !pod.spec?.nodeName ? whyNoNode([...this.nodePools.values()], (pod.spec ?? {}) as PodSpecLike) : undefined;
    const line = why && textOf(whyNoNodeLine(why));
    this.lines.set(podKey, line);
    return line;
  }

  setKarpenter(installed: boolean | undefined, problem?: ClusterProblem): void {
    if (this.karpenterInstalled === installed && JSON.stringify(problem) === JSON.stringify(this.karpenterProblem)) return;
    this.karpenterInstalled = installed;
    this.karpenterProblem = problem;
    this.nodePoolsChanged();
  }

  setClusterAutoscaler(installed: boolean | undefined, problem?: ClusterProblem): void {
    if (this.caInstalled === installed && JSON.stringify(problem) === JSON.stringify(this.caProblem)) return;
    this.caInstalled = installed;
    this.caProblem = problem;
    this.touch();
  }

  setNodePool(np: NodePool, present: boolean): void {
    if (present) this.nodePools.set(np.metadata.name, np);
    else this.nodePools.delete(np.metadata.name);
    this.nodePoolsChanged();
  }

  setNodeClaim(nc: NodeClaim, present: boolean): void {
    if (present) this.nodeClaims.set(nc.metadata.name, nc);
    else this.nodeClaims.delete(nc.metadata.name);
    this.touch();
  }

  setUnscheduledPod(pod: k8s.V1Pod, present: boolean): void {
    const k = objectKey(pod);
    if (present) this.unscheduled.set(k, pod);
    else this.unscheduled.delete(k);
    this.lines.delete(k);
    this.on.podsChanged([k]);
  }

  /** The status ConfigMap (undefined: gone); its `data.status` in either form CA writes. */
  setStatusConfigMap(cm: k8s.V1ConfigMap | undefined): void {
    const parsed = cm ? parseClusterAutoscalerStatus(cm.data?.status ?? '') : undefined;
    const before = this.caNodeGroups().join('\0');
    const shown = (s: CaStatus | undefined) => JSON.stringify(s && { ...s, time: undefined, nodeGroups: nodeGroupRows(s), autoscalerStatus: s.autoscalerStatus });
    // CA rewrites its status every scan (10 s): only a change of what the rows show is reported.
    const same = shown(this.caStatus) === shown(parsed?.ok ? parsed.status : undefined) && this.caInstalled === !!cm && this.caStatusError === (parsed && !parsed.ok ? parsed.error : undefined);
    this.caStatus = parsed?.ok ? parsed.status : undefined;
    this.caStatusError = parsed && !parsed.ok ? parsed.error : undefined;
    this.caInstalled = !!cm;
    this.cached = undefined;
    if (same) return;
    this.touch();
    if (this.caNodeGroups().join('\0') !== before) this.on.nodeGroupsChanged();
  }

  private nodePoolsChanged(): void {
    this.lines.clear();
    this.touch();
    this.on.podsChanged([...this.unscheduled.keys()]);
  }

  private touch(): void {
    this.cached = undefined;
    this.on.changed();
  }
}

function unreadableStatus(error: string): ClusterProblem {
  // The parser's error is its own English, quoted as it is.
  return templatedProblem(
    'error',
    msg("ConfigMap {configMap} could not be read as Cluster Autoscaler's status", { configMap: `${CA_STATUS.namespace}/${CA_STATUS.name}` }),
    msg('Its data.status is neither the text form (Cluster Autoscaler up to 1.29) nor the YAML form (1.30 and later): {error}.', { error }),
  );
}

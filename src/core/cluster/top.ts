// One-shot `top`: nodes and pods with usage, % of allocatable and % of requests, from the same row
// functions as the live session. Used by the CLI; problems come back as data, never as throws
// (except a kubeconfig problem, which happens before any request). `topPodUsage` reads the pod
// metrics alone, as `kubectl top pods` does: listing 22,000 pods for their requests costs the API
// server seconds that a metrics read does not.
import type * as k8s from '@kubernetes/client-node';
import { clusterInfo } from './connect';
import { listPath, PAGE_SIZE, type KubeList } from './informer';
import { listNodeMetrics, listPodMetrics, listPodMetricsAs, metricsErrorProblem, type PodUsage } from './metrics';
import { findMissingPermission, metricsEmptyProblem, metricsPendingProblem, toProblem, unexpectedAnswerProblem, type PermissionNeed } from './problems';
import { workloadOf, type NodeMetrics, type PodMetrics } from './objects';
import { addNanos, isTerminated, nodeRow, podRow, podSchedulingRequest, podUsageAmounts, ZERO, type NanoAmounts } from './rows';
import { METADATA_ONLY, settle } from './request';
import { nodeFromProtobuf, podFromProtobuf } from './protoObjects';
import { trimNode, trimPod, trimToMetadata } from './trim';
import type { ClusterInfo, ClusterProblem, NodeRow, PodRow, PodUsageRow } from './types';
import { msg, type Message } from '../l10n';

export interface TopNodesResult {
  info: ClusterInfo;
  nodes: NodeRow[];
  /** False when the cluster's pods could not be listed: the requested columns are unknown. */
  requestsKnown: boolean;
  /** Problems; `fatal` is the one that left `nodes` empty. */
  problems: ClusterProblem[];
  fatal?: ClusterProblem;
}

export interface TopPodsResult {
  info: ClusterInfo;
  /** Namespace shown, undefined for all namespaces. */
  namespace?: string;
  pods: PodRow[];
  problems: ClusterProblem[];
  fatal?: ClusterProblem;
}

export interface TopPodUsageResult {
  info: ClusterInfo;
  namespace?: string;
  pods: PodUsageRow[];
}

export interface TopOptions {
  pageSize?: number;
  /** For tests: the clock used to tell pods too new for metrics. */
  now?: number;
}

async function problemOf(kc: k8s.KubeConfig, err: unknown, what: Message, needs: PermissionNeed[]): Promise<ClusterProblem> {
  const p = toProblem(err, what);
  if (p.kind !== 'forbidden') return p;
  return (await findMissingPermission(kc, needs).catch(() => undefined)) ?? p;
}

/** Objects whose fields have impossible types (a status that is a string): an unexpected answer, not a crash. */
function garbled(path: string, what: Message): ClusterProblem {
  return unexpectedAnswerProblem(`GET ${path}`, msg('has objects whose fields do not have their Kubernetes types'), what);
}

const nsPath = (namespace?: string) => (namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '');

function listPods(kc: k8s.KubeConfig, namespace: string | undefined, pageSize: number, fieldSelector?: string): Promise<KubeList<k8s.V1Pod>> {
  return listPath<k8s.V1Pod>(kc, `/api/v1${nsPath(namespace)}/pods`, { query: { fieldSelector }, pageSize, keep: trimPod, protobuf: podFromProtobuf });
}

/** `kubectl top nodes` plus requested %: node usage, % of allocatable and the sum of pod requests per node. */
export async function topNodes(kc: k8s.KubeConfig, opts: TopOptions = {}): Promise<TopNodesResult> {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const info = clusterInfo(kc);
  const [nodes, pods, metrics] = await Promise.all([
    settle(listPath<k8s.V1Node>(kc, '/api/v1/nodes', { pageSize, keep: trimNode, protobuf: nodeFromProtobuf })),
    settle(listPods(kc, undefined, pageSize, 'status.phase!=Succeeded,status.phase!=Failed')),
    settle(listNodeMetrics(kc, pageSize)),
  ]);
  const problems: ClusterProblem[] = [];
  if (!nodes.ok) {
    const fatal = await problemOf(kc, nodes.err, msg('listing nodes'), [{ verb: 'list', group: '', resource: 'nodes', for: msg('`top nodes`') }]);
    return { info, nodes: [], requestsKnown: false, problems: [fatal], fatal };
  }
  const requested = new Map<string, NanoAmounts>();
  if (pods.ok) {
    for (const pod of pods.value.items) {
      const node = pod.spec?.nodeName;
      if (!node || isTerminated(pod)) continue;
      requested.set(node, addNanos(requested.get(node) ?? ZERO, podSchedulingRequest(pod)));
    }
  } else {
    problems.push(await problemOf(kc, pods.err, msg('listing pods for the requested columns'), [{ verb: 'list', group: '', resource: 'pods', for: msg('the requested % columns') }]));
  }
  let byName = new Map<string, NodeMetrics>();
  if (metrics.ok) {
    byName = new Map(metrics.value.map((m) => [m.metadata.name, m]));
    if (metrics.value.length === 0 && nodes.value.items.length > 0) problems.push(metricsEmptyProblem());
  } else {
    problems.push(await metricsErrorProblem(kc, metrics.err, 'nodes'));
  }
  let rows: NodeRow[];
  try {
    rows = nodes.value.items.map((n) => nodeRow(n, requested.get(n.metadata?.name ?? '') ?? ZERO, byName.get(n.metadata?.name ?? ''))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    const fatal = garbled('/api/v1/nodes', msg('computing node rows'));
    return { info, nodes: [], requestsKnown: false, problems: [...problems, fatal], fatal };
  }
  return { info, nodes: rows, requestsKnown: pods.ok, problems };
}

// An item without metadata gives a row without a name, which the list reader rejects as it would the item.
const podUsageRow = (m: PodUsage): PodUsageRow => ({ namespace: m.metadata?.namespace ?? '', name: m.metadata?.name, usage: podUsageAmounts(m) });

const byNamespacedName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * `kubectl top pods`: the usage of each pod metrics-server has a sample of, from one metrics read and
 * nothing else. Undefined when the metrics cannot say which pods there are (the read failed, or it is
 * empty: no pods, or none scraped yet): `topPods` then tells these apart from the pod list.
 */
export async function topPodUsage(kc: k8s.KubeConfig, sel: { namespace?: string; allNamespaces?: boolean } = {}, opts: TopOptions = {}): Promise<TopPodUsageResult | undefined> {
  const info = clusterInfo(kc, sel.namespace);
  const namespace = sel.allNamespaces ? undefined : info.namespace;
  // A read that fails, also on usage of an impossible type (podUsageAmounts throws), leaves it to the full read,
  // which tells the failures apart and reports an impossible answer as unexpected.
  const usage = await settle(listPodMetricsAs(kc, podUsageRow, namespace, opts.pageSize ?? PAGE_SIZE));
  if (!usage.ok || usage.value.length === 0) return undefined;
  return { info, ...(namespace ? { namespace } : {}), pods: usage.value.sort(byNamespacedName) };
}

/**
 * Pods of `namespace` (default: the context's namespace) or of all namespaces, with usage, % of
 * request, restarts, status and workload (ReplicaSets resolved to their Deployment).
 */
export async function topPods(kc: k8s.KubeConfig, sel: { namespace?: string; allNamespaces?: boolean } = {}, opts: TopOptions = {}): Promise<TopPodsResult> {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const info = clusterInfo(kc, sel.namespace);
  const namespace = sel.allNamespaces ? undefined : info.namespace;
  const [pods, metrics, replicaSets] = await Promise.all([
    settle(listPods(kc, namespace, pageSize)),
    settle(listPodMetrics(kc, namespace, pageSize)),
    settle(listPath<k8s.V1ReplicaSet>(kc, `/apis/apps/v1${nsPath(namespace)}/replicasets`, { pageSize, keep: trimToMetadata, accept: METADATA_ONLY })),
  ]);
  const base = { info, ...(namespace ? { namespace } : {}) };
  if (!pods.ok) {
    const fatal = await problemOf(kc, pods.err, msg('listing pods'), [{ verb: 'list', group: '', resource: 'pods', ...(namespace ? { namespace } : {}), for: msg('`top pods`') }]);
    return { ...base, pods: [], problems: [fatal], fatal };
  }
  const problems: ClusterProblem[] = [];
  let byKey = new Map<string, PodMetrics>();
  if (metrics.ok) byKey = new Map(metrics.value.map((m) => [`${m.metadata.namespace}/${m.metadata.name}`, m]));
  else problems.push(await metricsErrorProblem(kc, metrics.err, 'pods', namespace));
  // Without ReplicaSets (no permission) workloadOf falls back to the pod-template-hash convention.
  const owners = new Map<string, { kind: string; name: string } | null>();
  if (replicaSets.ok) {
    for (const rs of replicaSets.value.items) {
      const c = rs.metadata?.ownerReferences?.find((o) => o.controller);
      owners.set(`${rs.metadata?.namespace}/${rs.metadata?.name}`, c ? { kind: c.kind, name: c.name } : null);
    }
  }
  const now = opts.now ?? Date.now();
  let rows: PodRow[];
  try {
    rows = pods.value.items
      .map((pod) => {
        const k = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
        const workload = workloadOf(pod, (ns, name) => owners.get(`${ns}/${name}`));
        return podRow(pod, { workload, metrics: byKey.get(k), now });
      })
      .sort(byNamespacedName);
  } catch {
    const fatal = garbled(`/api/v1${nsPath(namespace)}/pods`, msg('computing pod rows'));
    return { ...base, pods: [], problems: [...problems, fatal], fatal };
  }
  if (metrics.ok) {
    const pending = rows.filter((r) => r.metrics === 'pending').map((r) => `${r.namespace}/${r.name}`);
    if (pending.length) problems.push(metricsPendingProblem(pending));
  }
  return { ...base, pods: rows, problems };
}

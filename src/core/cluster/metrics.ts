// Reading metrics.k8s.io (NodeMetrics, PodMetrics), paged with limit + continue, and turning its
// errors into the metrics problems of problems.ts. Lists ask for protobuf first (metrics-server serves
// it: its API server encodes the k8s.io/metrics types with the same codecs as kube-apiserver) and
// fall back to JSON, trimmed to the fields used either way.
import type * as k8s from '@kubernetes/client-node';
import { listPath, PAGE_SIZE } from './informer';
import { METRICS_GROUP, METRICS_VERSION } from './metricsApi';
import type { NodeMetrics, PodMetrics } from './objects';
import { nodeMetricsFromProtobuf, podMetricsFromProtobuf } from './protoObjects';
import { trimNodeMetrics, trimPodMetrics } from './trim';
import { findMissingPermission, httpStatus, metricsApiProblem, metricsMissingProblem, metricsUnavailableProblem, serverMessage, toProblem } from './problems';
import type { ClusterProblem } from './types';
import { msg, type Message } from '../l10n';

export async function listNodeMetrics(kc: k8s.KubeConfig, pageSize = PAGE_SIZE): Promise<NodeMetrics[]> {
  return (await listPath<NodeMetrics>(kc, `/apis/${METRICS_GROUP}/${METRICS_VERSION}/nodes`, { pageSize, keep: trimNodeMetrics, protobuf: nodeMetricsFromProtobuf })).items ?? [];
}

/** What listPodMetricsAs gives of a PodMetrics: the pod and its containers' usage. */
export type PodUsage = Pick<PodMetrics, 'metadata' | 'containers'>;

const podMetricsPath = (namespace?: string) => `/apis/${METRICS_GROUP}/${METRICS_VERSION}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/pods`;

/** Pod metrics of one namespace, or of all namespaces when `namespace` is undefined. */
export async function listPodMetrics(kc: k8s.KubeConfig, namespace?: string, pageSize = PAGE_SIZE): Promise<PodMetrics[]> {
  return (await listPath<PodMetrics>(kc, podMetricsPath(namespace), { pageSize, keep: trimPodMetrics, protobuf: podMetricsFromProtobuf })).items ?? [];
}

/**
 * Pods' usage turned into `T` (which names its pod) as each arrives. A caller that keeps a row of each (`top pods`)
 * keeps one small object per pod: the decoded PodMetrics die young, where 22,000 of them kept until the end cost more
 * garbage collection than decoding them. The samples' timestamp and window are not read from protobuf.
 */
export async function listPodMetricsAs<T extends { name?: string }>(kc: k8s.KubeConfig, as: (m: PodUsage) => T, namespace?: string, pageSize = PAGE_SIZE): Promise<T[]> {
  const list = await listPath<T>(kc, podMetricsPath(namespace), {
    pageSize,
    keep: (item) => as(trimPodMetrics(item)),
    protobuf: (buf, start, end) => as(podMetricsFromProtobuf(buf, start, end, false)),
    nameOf: (row) => row.name,
  });
  return list.items ?? [];
}

/** What a metrics read is doing, for its problem: `reading node metrics`, `reading pod metrics`. */
export function metricsReading(resource: 'nodes' | 'pods'): Message {
  return resource === 'nodes' ? msg('reading node metrics') : msg('reading pod metrics');
}

/**
 * The problem behind a failed metrics request: the APIService's own state when it is missing or
 * unavailable (404/503), the missing permission for 403, else the generic classification.
 */
export async function metricsErrorProblem(kc: k8s.KubeConfig, err: unknown, resource: 'nodes' | 'pods', namespace?: string): Promise<ClusterProblem> {
  const what = metricsReading(resource);
  const status = httpStatus(err);
  if (status === 403) {
    const need = { verb: 'list', group: METRICS_GROUP, resource, ...(resource === 'pods' && namespace ? { namespace } : {}), for: what };
    return (await findMissingPermission(kc, [need]).catch(() => undefined)) ?? toProblem(err, what);
  }
  if (status === 404 || status === 503 || status === 502) {
    try {
      const p = await metricsApiProblem(kc);
      if (p) return p;
    } catch {
      // fall through to what the failed request itself says
    }
    return status === 404 ? metricsMissingProblem() : metricsUnavailableProblem({ status: 'False', reason: `HTTP ${status}`, message: serverMessage(err) });
  }
  return toProblem(err, what);
}

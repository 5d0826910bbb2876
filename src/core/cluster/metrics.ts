// Reading metrics.k8s.io (NodeMetrics, PodMetrics), paged with limit + continue, and turning its
// errors into the metrics problems of problems.ts.
import * as k8s from '@kubernetes/client-node';
import { listAll, PAGE_SIZE, type KubeList } from './informer';
import { findMissingPermission, httpStatus, metricsApiProblem, metricsMissingProblem, metricsUnavailableProblem, serverMessage, toProblem } from './problems';
import type { NodeMetrics, PodMetrics } from './rows';
import type { ClusterProblem } from './types';

const GROUP = 'metrics.k8s.io';
const VERSION = 'v1beta1';

export async function listNodeMetrics(kc: k8s.KubeConfig, pageSize = PAGE_SIZE): Promise<NodeMetrics[]> {
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  const list = await listAll<NodeMetrics>(
    ({ limit, _continue, options }) => api.listClusterCustomObject({ group: GROUP, version: VERSION, plural: 'nodes', limit, _continue }, options) as Promise<KubeList<NodeMetrics>>,
    pageSize,
  );
  return list.items;
}

/** Pod metrics of one namespace, or of all namespaces when `namespace` is undefined. */
export async function listPodMetrics(kc: k8s.KubeConfig, namespace?: string, pageSize = PAGE_SIZE): Promise<PodMetrics[]> {
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  const list = await listAll<PodMetrics>(
    ({ limit, _continue, options }) =>
      (namespace
        ? api.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: 'pods', limit, _continue }, options)
        : api.listClusterCustomObject({ group: GROUP, version: VERSION, plural: 'pods', limit, _continue }, options)) as Promise<KubeList<PodMetrics>>,
    pageSize,
  );
  return list.items;
}

/**
 * The problem behind a failed metrics request: the APIService's own state when it is missing or
 * unavailable (404/503), the missing permission for 403, else the generic classification.
 */
export async function metricsErrorProblem(kc: k8s.KubeConfig, err: unknown, what: string, namespace?: string): Promise<ClusterProblem> {
  const status = httpStatus(err);
  if (status === 403) {
    const plural = what.includes('node') ? 'nodes' : 'pods';
    const need = { verb: 'list', group: GROUP, resource: plural, ...(plural === 'pods' && namespace ? { namespace } : {}), for: what };
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

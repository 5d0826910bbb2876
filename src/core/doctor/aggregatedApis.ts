// The aggregated APIs a Deployment serves (metrics-server's metrics.k8s.io, an adapter's custom.metrics.k8s.io,
// KEDA's external.metrics.k8s.io): after its rollout the API server's proxy can still answer 503 for a moment,
// until the aggregator reaches the new pod. The repair flow waits for these paths to answer before re-diagnosing.
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { KubeApiError, kubeRequest, type KubeObject } from '../cluster/request';
import type { ObjectRef } from '../k8s/objectRef';
import { errorText } from '../l10n';

/** `/apis/<group>/<version>` of each APIService whose Service selects the pods of `deployment`. */
export async function aggregatedApisServedBy(kc: KubeConfig, deployment: ObjectRef): Promise<string[]> {
  const ns = deployment.namespace ?? 'default';
  const apiServices: KubeObject[] = (await kubeRequest(kc, 'GET', '/apis/apiregistration.k8s.io/v1/apiservices')).items ?? [];
  const candidates = apiServices.filter((a) => a.spec?.service?.namespace === ns && a.spec?.service?.name && a.spec?.group && a.spec?.version);
  if (candidates.length === 0) return [];
  const dep = await kubeRequest(kc, 'GET', `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments/${encodeURIComponent(deployment.name)}`);
  const podLabels: Record<string, string> = dep.spec?.template?.metadata?.labels ?? {};
  const paths: string[] = [];
  for (const a of candidates) {
    let service: KubeObject;
    try {
      service = await kubeRequest(kc, 'GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/services/${encodeURIComponent(a.spec.service.name)}`);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) continue;
      throw err;
    }
    const selector: Record<string, string> = service.spec?.selector ?? {};
    const keys = Object.keys(selector);
    if (keys.length > 0 && keys.every((k) => podLabels[k] === selector[k])) paths.push(`/apis/${a.spec.group}/${a.spec.version}`);
  }
  return paths;
}

/** Whether the API server answers `path` (an aggregated API's discovery) with success; else why not, in the reader's language. */
export async function apiAnswers(kc: KubeConfig, path: string): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    await kubeRequest(kc, 'GET', path);
    return { ok: true };
  } catch (err) {
    return { ok: false, why: errorText(err) };
  }
}

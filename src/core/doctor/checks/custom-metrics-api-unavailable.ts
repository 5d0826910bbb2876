// The APIService of custom.metrics.k8s.io or external.metrics.k8s.io is registered but not Available: its reason names
// the broken link (Service missing, no endpoints, adapter not answering), and its Service says which adapter it is.
import { capEvidence, conditionLine, hpaRef, type Check, type Draft } from '../checkKit';
import { adapterOwner, availableOf, hpasFailingAt, scalingActiveLine, unavailableOf } from '../customMetrics';
import { GROUP_NAMES, METRIC_TYPES, type AdapterApiService, type MetricsGroup } from '../customMetricsReads';
import { isKedaApiService } from '../kedaKit';

/** Cause per Available reason (kube-aggregator's remote availability controller). */
const CAUSES: Record<string, string> = {
  ServiceNotFound: 'The Service the APIService names (spec.service) does not exist: the adapter was uninstalled without its APIService, or spec.service names the wrong Service.',
  ServiceAccessError: 'The aggregator could not read the Service (see the message): usually a transient API server problem.',
  ServicePortError: 'The Service does not listen on the port the APIService names (spec.service.port).',
  EndpointsNotFound: "The Service has no endpoints: its selector matches no pod (the adapter's Deployment is missing or its labels changed).",
  MissingEndpoints: 'The Service has no ready endpoint: no adapter pod is Ready (scaled to 0, Pending, crash-looping, or its selector matches no pod).',
  FailedDiscoveryCheck:
    "The API server reached the Service but got no valid discovery answer from the adapter: it cannot connect to the pod (network policy, port), the adapter's TLS is not trusted (caBundle), or the adapter refuses the aggregator (401/403).",
};

function serviceLine(a: AdapterApiService): string | undefined {
  const ref = a.apiService?.spec?.service;
  if (!ref) return undefined;
  if (a.service === null) return `Service ${ref.namespace}/${ref.name} not found`;
  const s = a.service?.spec;
  if (!s) return undefined;
  const selector = Object.entries(s.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `Service ${ref.namespace}/${ref.name}: type ${s.type ?? 'ClusterIP'}${s.externalName ? ` (${s.externalName})` : ''}${selector ? `, selector ${selector}` : ''}, port ${ref.port ?? 443}`;
}

export const check: Check = {
  id: 'custom-metrics-api-unavailable',
  title: 'The custom or external metrics API is registered but not Available',
  run(state) {
    const out: Draft[] = [];
    for (const group of ['custom', 'external'] as MetricsGroup[]) {
      const affected = hpasFailingAt(state, 'custom-metrics-api-unavailable').filter(({ hpa }) => (hpa.spec?.metrics ?? []).some((m) => METRIC_TYPES[m.type]?.group === group));
      for (const a of unavailableOf(state, group)) {
        // KEDA's own APIService down is keda-not-running's finding (its operator and metrics server evidence).
        if (state.keda && isKedaApiService(a)) continue;
        const cond = availableOf(a.apiService);
        const reason = cond?.reason ?? 'Unknown';
        const owner = adapterOwner(a);
        out.push({
          id: 'custom-metrics-api-unavailable',
          severity: 'error',
          message: `APIService layer: ${a.name} is registered but not available (${reason}); it routes ${GROUP_NAMES[group]} to ${owner}`,
          object: affected.length ? hpaRef(affected[0].hpa) : { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: a.name },
          evidence: capEvidence([
            cond ? `APIService ${a.name} ${conditionLine(cond)}` : `APIService ${a.name} has no Available condition`,
            ...[serviceLine(a)].filter((l): l is string => !!l),
            ...affected.flatMap(({ hpa }) => scalingActiveLine(hpa)),
          ]),
          explanation:
            `APIService ${a.name} sends every ${GROUP_NAMES[group]} request to ${owner}; its Available condition is ${cond?.status ?? 'missing'} with reason ${reason}. ` +
            (CAUSES[reason] ?? 'See the condition message for the cause.') +
            ` Until it is Available, HPAs reading ${group === 'custom' ? 'Pods and Object' : 'External'} metrics get "no known available metric versions found" (the HPA controller finds no Available version of the group) or "the server is currently unable to handle the request", and do not scale.`,
          repairs: [],
        });
      }
    }
    return out;
  },
};

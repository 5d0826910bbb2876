// The APIService of custom.metrics.k8s.io or external.metrics.k8s.io is registered but not Available: its reason names
// the broken link (Service missing, no endpoints, adapter not answering), and its Service says which adapter it is.
import { capEvidence, conditionLine, hpaRef, type Check, type Draft } from '../checkKit';
import { adapterOwner, availableOf, hpasFailingAt, scalingActiveLine, unavailableOf } from '../customMetrics';
import { GROUP_NAMES, METRIC_TYPES, type AdapterApiService, type MetricsGroup } from '../customMetricsReads';
import { msg, type Message } from '../../l10n';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';
import { isKedaApiService } from '../kedaKit';

/** Cause per Available reason (kube-aggregator's remote availability controller). */
const CAUSES: Record<string, Message> = {
  ServiceNotFound: msg('The Service the APIService names (spec.service) does not exist: the adapter was uninstalled without its APIService, or spec.service names the wrong Service.'),
  ServiceAccessError: msg('The aggregator could not read the Service (see the message): usually a transient API server problem.'),
  ServicePortError: msg('The Service does not listen on the port the APIService names (spec.service.port).'),
  EndpointsNotFound: msg("The Service has no endpoints: its selector matches no pod (the adapter's Deployment is missing or its labels changed)."),
  MissingEndpoints: msg('The Service has no ready endpoint: no adapter pod is Ready (scaled to 0, Pending, crash-looping, or its selector matches no pod).'),
  FailedDiscoveryCheck: msg(
    "The API server reached the Service but got no valid discovery answer from the adapter: it cannot connect to the pod (network policy, port), the adapter's TLS is not trusted (caBundle), or the adapter refuses the aggregator (401/403).",
  ),
};

function serviceLine(a: AdapterApiService): DoctorText | undefined {
  const ref = a.apiService?.spec?.service;
  if (!ref) return undefined;
  if (a.service === null) return msg('Service {service} not found', { service: `${ref.namespace}/${ref.name}` });
  const s = a.service?.spec;
  if (!s) return undefined;
  const selector = Object.entries(s.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `Service ${ref.namespace}/${ref.name}: type ${s.type ?? 'ClusterIP'}${s.externalName ? ` (${s.externalName})` : ''}${selector ? `, selector ${selector}` : ''}, port ${ref.port ?? 443}`;
}

export const check: Check = {
  id: 'custom-metrics-api-unavailable',
  title: msg('The custom or external metrics API is registered but not Available'),
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
          message: msg('APIService layer: {apiService} is registered but not available ({reason}); it routes {api} to {owner}', { apiService: a.name, reason, api: GROUP_NAMES[group], owner }),
          object: affected.length ? hpaRef(affected[0].hpa) : { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: a.name },
          evidence: capEvidence([
            cond ? `APIService ${a.name} ${conditionLine(cond)}` : msg('APIService {apiService} has no Available condition', { apiService: a.name }),
            ...[serviceLine(a)].filter((l): l is DoctorText => !!l),
            ...affected.flatMap(({ hpa }) => scalingActiveLine(hpa)),
          ]),
          explanation: sentences(
            cond
              ? msg('APIService {apiService} sends every {api} request to {owner}; its Available condition is {status} with reason {reason}.', {
                  apiService: a.name,
                  api: GROUP_NAMES[group],
                  owner,
                  status: cond.status,
                  reason,
                })
              : msg('APIService {apiService} sends every {api} request to {owner}; its Available condition is missing with reason {reason}.', {
                  apiService: a.name,
                  api: GROUP_NAMES[group],
                  owner,
                  reason,
                }),
            CAUSES[reason] ?? msg('See the condition message for the cause.'),
            group === 'custom'
              ? msg(
                  'Until it is Available, HPAs reading Pods and Object metrics get "no known available metric versions found" (the HPA controller finds no Available version of the group) or "the server is currently unable to handle the request", and do not scale.',
                )
              : msg(
                  'Until it is Available, HPAs reading External metrics get "no known available metric versions found" (the HPA controller finds no Available version of the group) or "the server is currently unable to handle the request", and do not scale.',
                ),
          ),
          repairs: [],
        });
      }
    }
    return out;
  },
};

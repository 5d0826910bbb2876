// ScaledObjects with external triggers exist, but the APIService v1beta1.external.metrics.k8s.io routes to another
// adapter (prometheus-adapter, a test adapter): only one APIService can hold a group/version, so KEDA's HPAs ask the
// wrong server for metrics it has never heard of (article 004 removed prometheus-adapter before installing KEDA).
import { capEvidence, conditionLine, hpaRef, type Check } from '../checkKit';
import { adapterOwner, availableOf, scalingActiveLine } from '../customMetrics';
import { externalTriggers, isKedaApiService, kedaHpas, scaledObjectCount, soRef, targetName } from '../kedaKit';
import { msg } from '../../l10n';
import { listJoin, sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'keda-external-metrics-taken',
  title: msg("Another adapter serves external.metrics.k8s.io while KEDA's ScaledObjects need it"),
  run(state) {
    const api = state.keda?.externalApi;
    if (!api?.apiService || isKedaApiService(api)) return [];
    const sos = (state.scaledObjects ?? []).filter((so) => externalTriggers(so).length);
    if (!sos.length) return [];
    const owner = adapterOwner(api);
    const hpas = kedaHpas(state).filter((h) => (h.spec?.metrics ?? []).some((m) => m.type === 'External'));
    const cond = availableOf(api.apiService);
    const ref = api.apiService.spec?.service;
    const service = ref ? `${ref.namespace}/${ref.name}` : '(none)';
    return [
      {
        id: 'keda-external-metrics-taken',
        severity: 'error',
        message: msg("External metrics API layer: APIService {apiService} routes to {owner}, not to KEDA's metrics server, so {scaledObjects} with external triggers cannot scale", {
          apiService: api.name,
          owner,
          scaledObjects: scaledObjectCount(sos.length),
        }),
        object: hpas[0] ? hpaRef(hpas[0]) : soRef(sos[0]),
        evidence: capEvidence([
          // The APIService's spec.service and Available condition: field names and the cluster's words.
          `APIService ${api.name}: spec.service ${service}${cond ? `, ${conditionLine(cond)}` : ''}`,
          ...sos.map((so) =>
            msg('ScaledObject {scaledObject} scales {target} with {triggers} trigger(s)', {
              scaledObject: `${so.metadata.namespace}/${so.metadata.name}`,
              target: targetName(so),
              triggers: listJoin(externalTriggers(so).map((t) => t.type ?? '?')),
            }),
          ),
          ...hpas.flatMap((h) => scalingActiveLine(h)),
        ]),
        explanation: sentences(
          msg(
            "KEDA serves its triggers' values to the HPAs it makes through external.metrics.k8s.io, and an API group/version has exactly one APIService: whoever applied v1beta1.external.metrics.k8s.io last owns it.",
          ),
          msg(
            "Here it is {owner}, which knows none of KEDA's metric names (s0-<trigger>-…), so KEDA's HPAs get errors or no value, report FailedGetExternalMetric and hold their replica count (cpu and memory triggers still work: they are Resource metrics).",
            { owner },
          ),
          msg(
            "Choose one external-metrics server: keep KEDA and move the other adapter's external rules to KEDA triggers (prometheus-adapter keeps custom.metrics.k8s.io; its chart's external APIService is off unless `rules.external` is set), or point the APIService back at KEDA by re-applying KEDA's manifests or Helm release.",
          ),
        ),
        repairs: [],
      },
    ];
  },
};

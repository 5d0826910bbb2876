// An HPA reads a Pods/Object metric (custom.metrics.k8s.io) or an External metric (external.metrics.k8s.io) but no
// APIService registers that group: no adapter is installed, or it was removed (article 004 removed prometheus-adapter
// before installing KEDA). The first layer of the custom/external pipeline.
import { capEvidence, hpaRef, type Check, type Draft } from '../checkKit';
import { apiServicesOf, groupMissing, hpasFailingAt, scalingActiveLine } from '../customMetrics';
import { GROUP_NAMES, METRIC_TYPES, type MetricsGroup } from '../customMetricsReads';
import { msg } from '../../l10n';
import { orJoin, sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'custom-metrics-api-missing',
  title: msg('No APIService serves the custom or external metrics API an HPA reads'),
  run(state) {
    const out: Draft[] = [];
    for (const group of ['custom', 'external'] as MetricsGroup[]) {
      if (!groupMissing(state, group)) continue;
      const hpas = hpasFailingAt(state, 'custom-metrics-api-missing').filter(({ hpa }) => (hpa.spec?.metrics ?? []).some((m) => METRIC_TYPES[m.type]?.group === group));
      if (!hpas.length) continue;
      const api = GROUP_NAMES[group];
      const names = apiServicesOf(state, group).map((a) => a.name);
      const custom = group === 'custom';
      const args = { api, names: names.join(', '), count: hpas.length };
      out.push({
        id: 'custom-metrics-api-missing',
        severity: 'error',
        message: custom
          ? msg('APIService layer: no APIService serves {api} ({names} not found), so {count} HPA(s) cannot read their Pods and Object metrics', args)
          : msg('APIService layer: no APIService serves {api} ({names} not found), so {count} HPA(s) cannot read their External metrics', args),
        object: hpaRef(hpas[0].hpa),
        evidence: capEvidence([
          ...apiServicesOf(state, group).map((a) => a.notFound ?? `apiservices.apiregistration.k8s.io "${a.name}" not found`),
          ...hpas.flatMap(({ hpa }) => scalingActiveLine(hpa)),
        ]),
        explanation: sentences(
          custom
            ? msg('The HPA controller reads Pods and Object metrics from {api}, an aggregated API that an adapter registers with an APIService ({names}).', { api, names: orJoin(names) })
            : msg('The HPA controller reads External metrics from {api}, an aggregated API that an adapter registers with an APIService ({names}).', { api, names: orJoin(names) }),
          msg('None is registered, so every read fails with "the server could not find the requested resource" and the HPA stops scaling (ScalingActive=False, {reasons}).', {
            reasons: custom ? 'FailedGetPodsMetric / FailedGetObjectMetric' : 'FailedGetExternalMetric',
          }),
          custom
            ? msg(
                "Install the adapter that serves these metrics (prometheus-adapter with rules for them, or your monitoring vendor's), or check that its APIService was not deleted with an uninstall.",
              )
            : msg(
                'Install the adapter that serves them: KEDA registers v1beta1.external.metrics.k8s.io for its ScaledObjects, prometheus-adapter does with `rules.external`; only one of them can hold the name.',
              ),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

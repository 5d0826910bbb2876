// The resource metrics API is not registered: no APIService v1beta1.metrics.k8s.io. kubectl top
// says "Metrics API not available"; CPU/memory HPAs show <unknown> with "the server could not find
// the requested resource (get pods.metrics.k8s.io)".
import { METRICS_APISERVICE } from '../state';
import { capEvidence, condition, conditionLine, type Check } from '../checkKit';
import { detectSetup, metricsServerInstallWhere } from '../setup';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'metrics-api-missing',
  title: msg('The resource metrics API (v1beta1.metrics.k8s.io) is not registered'),
  run(state) {
    if (state.apiService !== null) return [];
    const hpaLines = state.hpas
      .map((h) => condition(h, 'ScalingActive'))
      .filter((c) => c?.status === 'False' && /could not find the requested resource \(get pods\.metrics\.k8s\.io\)/.test(c.message ?? ''))
      .map((c) => conditionLine(c!));
    const deployment = state.metricsServer?.deployment;
    return [
      {
        id: 'metrics-api-missing',
        severity: 'error',
        message: msg('The resource metrics API is not registered (no APIService {apiService}): kubectl top and CPU/memory autoscaling cannot work', { apiService: METRICS_APISERVICE }),
        object: { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: METRICS_APISERVICE },
        evidence: capEvidence([state.apiServiceNotFound ?? `apiservices.apiregistration.k8s.io "${METRICS_APISERVICE}" not found`, ...hpaLines], { max: 4 }),
        explanation: sentences(
          msg(
            'metrics.k8s.io is served by metrics-server (or another server such as prometheus-adapter) through the API aggregation layer, registered by APIService `v1beta1.metrics.k8s.io`. Without it `kubectl top` fails with `error: Metrics API not available` and every HPA on CPU or memory stays at `<unknown>` (ScalingActive=False, FailedGetResourceMetric).',
          ),
          deployment
            ? msg("A Deployment {deployment} exists but its APIService is missing: re-apply metrics-server's manifest (the repair installs the complete set, keeping existing objects).", {
                deployment: `${deployment.metadata?.namespace}/${deployment.metadata?.name}`,
              })
            : msg(
                'No metrics-server Deployment was found either: install metrics-server (the repair uses the manifests bundled with Scaling Doctor, matched to the cluster version; nothing is downloaded).',
              ),
          !deployment && metricsServerInstallWhere(detectSetup(state)),
        ),
        repairs: ['install-metrics-server'],
      },
    ];
  },
};

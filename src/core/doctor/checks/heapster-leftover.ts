// Heapster is still installed (Deployment or Service kube-system/heapster), years after its retirement
// (kubernetes-retired/heapster docs/deprecation.md: deprecated in 1.11, retired in 1.13). kubectl 1.8–1.18 fall back
// to services/heapster for `kubectl top` when metrics.k8s.io is not discoverable, so a leftover serves stale or
// no numbers in place of the metrics API's error; articles 000–002 still meet it.
import { isAvailable } from '../state';
import type { Check } from '../checkKit';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';

export const check: Check = {
  id: 'heapster-leftover',
  title: msg('Heapster is still installed'),
  run(state) {
    const { deployment, service } = state.heapster ?? {};
    if (!deployment && !service) return [];
    const image = deployment?.spec?.template?.spec?.containers?.[0]?.image;
    const ready = { ready: deployment?.status?.readyReplicas ?? 0, replicas: deployment?.spec?.replicas ?? 1 };
    const evidence: DoctorText[] = [
      ...(deployment
        ? [image ? msg('Deployment kube-system/heapster (image {image}), {ready}/{replicas} ready', { ...ready, image }) : msg('Deployment kube-system/heapster, {ready}/{replicas} ready', ready)]
        : []),
      ...(service ? [`Service kube-system/heapster${service.spec?.clusterIP ? ` (${service.spec.clusterIP})` : ''}`] : []),
    ];
    const metricsApi = isAvailable(state.apiService);
    const k = state.kubectl;
    const oldKubectl = k?.major === 1 && k.minor !== undefined && k.minor < 19;
    const kinds = deployment && service ? msg('Deployment and Service') : deployment ? 'Deployment' : 'Service';
    return [
      {
        id: 'heapster-leftover',
        severity: 'warning',
        message: metricsApi
          ? msg('Heapster is still installed ({kinds} kube-system/heapster): remove it', { kinds })
          : msg('Heapster is still installed ({kinds} kube-system/heapster): remove it and install metrics-server', { kinds }),
        object: deployment
          ? { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'heapster' }
          : { apiVersion: 'v1', kind: 'Service', namespace: 'kube-system', name: 'heapster' },
        evidence: [...evidence, ...(oldKubectl ? [k!.raw] : [])],
        explanation: sentences(
          msg(
            'Heapster was deprecated in Kubernetes 1.11 and retired in 1.13; nothing reads it any more except kubectl 1.8 to 1.18, which fall back to `services/heapster` for `kubectl top` when metrics.k8s.io is not discoverable (kubectl 1.19 dropped that).',
          ),
          oldKubectl &&
            msg("This machine's kubectl ({version}) is one of them, so `kubectl top` may show Heapster's numbers or its errors instead of the metrics API's.", {
              version: k!.gitVersion ?? k!.raw,
            }),
          msg(
            'A leftover Heapster only hides the real state of the metrics pipeline and runs for nothing: delete it with the manifests it was installed from (e.g. `kubectl delete -f heapster/` with its influxdb and grafana, as article 002 does), or `kubectl -n kube-system delete deployment,service heapster`, and the ClusterRoleBinding that granted it access.',
          ),
          metricsApi ? msg('metrics-server already serves metrics.k8s.io here.') : msg('metrics.k8s.io is not available: install metrics-server (see metrics-api-missing).'),
        ),
        repairs: [],
      },
    ];
  },
};

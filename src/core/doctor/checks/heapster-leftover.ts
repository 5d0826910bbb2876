// Heapster is still installed (Deployment or Service kube-system/heapster), years after its retirement
// (kubernetes-retired/heapster docs/deprecation.md: deprecated in 1.11, retired in 1.13). kubectl 1.8–1.18 fall back
// to services/heapster for `kubectl top` when metrics.k8s.io is not discoverable, so a leftover serves stale or
// no numbers in place of the metrics API's error; articles 000–002 still meet it.
import { isAvailable } from '../state';
import type { Check } from '../checkKit';
import { msg } from '../../l10n';

export const check: Check = {
  id: 'heapster-leftover',
  title: msg('Heapster is still installed'),
  run(state) {
    const { deployment, service } = state.heapster ?? {};
    if (!deployment && !service) return [];
    const image = deployment?.spec?.template?.spec?.containers?.[0]?.image;
    const evidence = [
      ...(deployment ? [`Deployment kube-system/heapster${image ? ` (image ${image})` : ''}, ${deployment.status?.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 1} ready`] : []),
      ...(service ? [`Service kube-system/heapster${service.spec?.clusterIP ? ` (${service.spec.clusterIP})` : ''}`] : []),
    ];
    const metricsApi = isAvailable(state.apiService);
    const k = state.kubectl;
    const oldKubectl = k?.major === 1 && k.minor !== undefined && k.minor < 19;
    return [
      {
        id: 'heapster-leftover',
        severity: 'warning',
        message: `Heapster is still installed (${[deployment && 'Deployment', service && 'Service'].filter(Boolean).join(' and ')} kube-system/heapster): remove it${metricsApi ? '' : ' and install metrics-server'}`,
        object: deployment
          ? { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'heapster' }
          : { apiVersion: 'v1', kind: 'Service', namespace: 'kube-system', name: 'heapster' },
        evidence: [...evidence, ...(oldKubectl ? [k!.raw] : [])],
        explanation:
          'Heapster was deprecated in Kubernetes 1.11 and retired in 1.13; nothing reads it any more except kubectl 1.8 to 1.18, which fall back to `services/heapster` for `kubectl top` when metrics.k8s.io is not discoverable (kubectl 1.19 dropped that). ' +
          (oldKubectl ? `This machine's kubectl (${k!.gitVersion ?? k!.raw}) is one of them, so \`kubectl top\` may show Heapster's numbers or its errors instead of the metrics API's. ` : '') +
          'A leftover Heapster only hides the real state of the metrics pipeline and runs for nothing: delete it with the manifests it was installed from (e.g. `kubectl delete -f heapster/` with its influxdb and grafana, as article 002 does), or `kubectl -n kube-system delete deployment,service heapster`, and the ClusterRoleBinding that granted it access. ' +
          (metricsApi ? 'metrics-server already serves metrics.k8s.io here.' : 'metrics.k8s.io is not available: install metrics-server (see metrics-api-missing).'),
        repairs: [],
      },
    ];
  },
};

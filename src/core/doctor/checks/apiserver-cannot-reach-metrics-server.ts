// kube-apiserver cannot reach metrics-server through its Service: the APIService's discovery check times out on
// the Service IP, and metrics-server logs the API server giving up on its requests (article 003:
// `Failed to make webhook authorizer request: … context canceled`, `post-timeout activity … GET "/apis/metrics.k8s.io/v1beta1"`).
// Typical for control planes outside the pod network (no kube-proxy there), where `--enable-aggregator-routing=true`
// (dial the endpoint IPs instead of the ClusterIP) is the fix.
import { METRICS_APISERVICE } from '../state';
import { capEvidence, conditionLine, klogMessage, metricsServerLines, type Check } from '../checkKit';
import { apiServerFlagsWhere, detectSetup } from '../setup';
import { availableCondition } from './metrics-api-unavailable';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

const LOG_SIGNS = [/Failed to make webhook authorizer request: .*context canceled/, /post-timeout activity .*"\/apis\/metrics\.k8s\.io\//, /subjectaccessreviews[^"]*": context canceled/];
/** The aggregator's discovery check giving up on the Service address (not a 401/403: those are authentication). */
const DISCOVERY_TIMEOUT = /dial tcp [^:]+:\d+: (?:i\/o timeout|connect: no route to host|connect: connection timed out)|context deadline exceeded|Client\.Timeout exceeded|net\/http: request canceled/;

export const check: Check = {
  id: 'apiserver-cannot-reach-metrics-server',
  title: msg('kube-apiserver cannot reach metrics-server through its Service (aggregator routing)'),
  run(state) {
    const cond = availableCondition(state.apiService);
    const condHit = cond && cond.status !== 'True' && cond.reason === 'FailedDiscoveryCheck' && DISCOVERY_TIMEOUT.test(cond.message ?? '');
    const lines = metricsServerLines(state).filter((l) => LOG_SIGNS.some((re) => re.test(l)));
    if (!condHit && !lines.length) return [];
    const setup = detectSetup(state);
    const svc = state.apiService?.spec?.service;
    const managed = setup.kind === 'eks' || setup.kind === 'aks' || setup.kind === 'gke';
    return [
      {
        id: 'apiserver-cannot-reach-metrics-server',
        severity: 'error',
        message: svc
          ? msg("kube-apiserver's requests to metrics-server time out (Service {service}): the control plane cannot reach it", { service: `${svc.namespace}/${svc.name}` })
          : msg("kube-apiserver's requests to metrics-server time out: the control plane cannot reach it"),
        object: { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: METRICS_APISERVICE },
        evidence: capEvidence([...(condHit ? [conditionLine(cond)] : []), ...lines], { key: klogMessage }),
        explanation: sentences(
          msg(
            "The aggregation layer sends every metrics.k8s.io request from kube-apiserver to the metrics-server Service's ClusterIP. That address exists only where kube-proxy (or the CNI's replacement) programs it, and the pod IPs behind it only where the pod network is routed: a control plane that runs outside the cluster (systemd units on hosts without kube-proxy, as in article 003's setup) sends those packets nowhere, the request times out, and kube-apiserver cancels it, which metrics-server logs as `context canceled` on its own authorization call and `post-timeout activity`.",
          ),
          managed
            ? msg('On a managed control plane the usual cause is the network between control plane and nodes: let it reach the nodes on the port metrics-server listens on (its `--secure-port`).')
            : msg(
                '`--enable-aggregator-routing=true` makes kube-apiserver dial the endpoint (pod) IPs instead of the ClusterIP, which fixes it when the control-plane hosts can route to the pod network; otherwise run kube-proxy and the CNI on them, or run metrics-server with `hostNetwork: true`.',
              ),
          apiServerFlagsWhere(setup, ['--enable-aggregator-routing=true']),
        ),
        repairs: [],
      },
    ];
  },
};

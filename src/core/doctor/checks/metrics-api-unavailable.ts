// The APIService v1beta1.metrics.k8s.io exists but is not Available: its condition's reason says
// which link of the chain APIService → Service → endpoints → metrics-server pod is broken.
import type * as k8s from '@kubernetes/client-node';
import type { RepairId } from '../repairs';
import { METRICS_APISERVICE, type DoctorState } from '../state';
import { capEvidence, conditionLine, metricsServerLines, type Check } from '../checkKit';
import { sentences } from '../../l10n/lists';
import type { DoctorText } from '../types';
import { msg, type Message } from '../../l10n';

/** Cause and next step per Available reason (kube-aggregator's status controller). */
const CAUSES: Record<string, Message> = {
  ServiceNotFound: msg('The Service the APIService points to (spec.service) does not exist: metrics-server was partly removed, or spec.service names the wrong Service.'),
  ServiceAccessError: msg('The aggregator could not read the Service (see the message): usually a transient API server problem.'),
  ServicePortError: msg('The Service does not listen on the port the APIService names (spec.service.port): the Service and APIService come from different metrics-server versions.'),
  EndpointsNotFound: msg('The Service has no EndpointSlices: its selector matches no pods, or the metrics-server Deployment is missing.'),
  MissingEndpoints: msg(
    'The Service has no ready endpoint: the metrics-server pod is not Ready. metrics-server reports ready only after its first successful scrape, so failing scrapes (TLS, DNS, network; see the other findings and its logs) keep it unready; a pod that is Pending or crash-looping does the same.',
  ),
  FailedDiscoveryCheck: msg(
    'The API server reached no working metrics-server: it cannot connect to the pod (firewall between control plane and pod network, `hostNetwork`/port mismatch), the pod crashes, or metrics-server rejects the aggregator (401/403: front-proxy client certificate not trusted; see aggregation-layer-off).',
  ),
};

export function availableCondition(as: k8s.V1APIService | null | undefined) {
  return as?.status?.conditions?.find((c) => c.type === 'Available');
}

export const check: Check = {
  id: 'metrics-api-unavailable',
  title: msg('The resource metrics API is registered but not Available'),
  run(state) {
    const cond = availableCondition(state.apiService);
    if (!state.apiService || !cond || cond.status === 'True') return [];
    const reason = cond.reason ?? 'Unknown';
    const evidence = [conditionLine(cond), ...podLines(state)];
    const probe = metricsServerLines(state)
      .filter((l) => /Failed probe|no metrics to serve|Metric storage is not ready/.test(l))
      .slice(-2);
    const noDeployment = state.metricsServer?.deployment === null;
    const repairs: RepairId[] = (reason === 'ServiceNotFound' || reason === 'EndpointsNotFound') && noDeployment ? ['install-metrics-server'] : [];
    const svc = state.apiService.spec?.service;
    return [
      {
        id: 'metrics-api-unavailable',
        severity: 'error',
        message: msg('The resource metrics API is registered but not available ({reason}): kubectl top and CPU/memory autoscaling fail', { reason }),
        object: { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: METRICS_APISERVICE },
        evidence: capEvidence([...evidence, ...probe]),
        explanation: sentences(
          svc
            ? msg('APIService {apiService} routes metrics.k8s.io to Service {service}; its Available condition is {status} with reason {reason}.', {
                apiService: METRICS_APISERVICE,
                service: `${svc.namespace}/${svc.name}`,
                status: cond.status,
                reason,
              })
            : msg('APIService {apiService} routes metrics.k8s.io to Service (none: spec.service is empty); its Available condition is {status} with reason {reason}.', {
                apiService: METRICS_APISERVICE,
                status: cond.status,
                reason,
              }),
          CAUSES[reason] ?? msg('See the condition message for the cause.'),
          state.metricsServer?.deployment &&
            !state.metricsServer.pods.length &&
            (state.metricsServer.deployment.spec?.replicas === 0
              ? msg('Here no metrics-server pod runs at all: its Deployment is scaled to 0 replicas (scale it back to 1 or more).')
              : msg("Here no metrics-server pod runs at all (check the Deployment's events and ReplicaSet).")),
          msg('Meanwhile `kubectl top` fails and HPAs report `the server is currently unable to handle the request (get pods.metrics.k8s.io)`.'),
          noDeployment && msg('No metrics-server Deployment was found: installing it restores the chain.'),
        ),
        repairs,
      },
    ];
  },
};

/** One line per metrics-server pod that is not Running and Ready, like `kubectl get pods` shows it. */
function podLines(state: DoctorState): DoctorText[] {
  const ms = state.metricsServer;
  if (!ms) return [];
  if (ms.deployment === null) return [msg('Deployment {deployment} not found', { deployment: `${ms.namespace}/metrics-server` })];
  if (!ms.pods.length) {
    const deployment = `${ms.namespace}/${ms.deployment.metadata?.name}`;
    return [ms.deployment.spec?.replicas === 0 ? msg('Deployment {deployment} has no pods (spec.replicas: 0)', { deployment }) : msg('Deployment {deployment} has no pods', { deployment })];
  }
  return ms.pods.flatMap((p) => {
    const ready = p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    if (p.status?.phase === 'Running' && ready) return [];
    const waiting = p.status?.containerStatuses?.map((s) => s.state?.waiting?.reason).find(Boolean);
    const sched = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    // The phase or waiting reason and the scheduler's message are the cluster's words; "not Ready" is ours.
    const args = { pod: `${p.metadata?.namespace}/${p.metadata?.name}`, state: waiting ?? p.status?.phase ?? 'Unknown', scheduling: sched?.message ?? '' };
    if (ready) return [sched?.message ? msg('Pod {pod}: {state} ({scheduling})', args) : msg('Pod {pod}: {state}', args)];
    return [sched?.message ? msg('Pod {pod}: {state}, not Ready ({scheduling})', args) : msg('Pod {pod}: {state}, not Ready', args)];
  });
}

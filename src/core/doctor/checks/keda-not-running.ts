// ScaledObjects or ScaledJobs exist but KEDA does not run: its operator (no ready replica, no fresh leader Lease operator.keda.sh)
// reconciles nothing, or its metrics API server (the APIService v1beta1.external.metrics.k8s.io that is KEDA's is not
// Available) answers no external metric, so every KEDA HPA with a non-cpu/memory trigger stops scaling.
import { capEvidence, conditionLine, controllerHealth, type Check, type Draft } from '../checkKit';
import { availableOf, isAvailable, scalingActiveLine } from '../customMetrics';
import { externalTriggers, isKedaApiService, kedaHpas, kedaOperatorHealth, scaledObjectCount, soRef } from '../kedaKit';
import { KEDA_METRICS_SERVER_SELECTOR } from '../kedaReads';
import { msg } from '../../l10n';
import { sentences } from '../../l10n/lists';

export const check: Check = {
  id: 'keda-not-running',
  title: msg("ScaledObjects or ScaledJobs exist but KEDA's operator or metrics server is not running"),
  run(state) {
    const sos = state.scaledObjects ?? [];
    const jobs = state.scaledJobs ?? [];
    const k = state.keda;
    if (!k || (!sos.length && !jobs.length)) return [];
    const out: Draft[] = [];
    const operator = kedaOperatorHealth(state);
    if (operator.running === false) {
      const dep = k.operators?.[0];
      out.push({
        id: 'keda-not-running',
        severity: 'error',
        // A ScaledJob's Jobs come from the operator too: with only ScaledJobs, they are what stops.
        message: !sos.length
          ? jobs.length === 1
            ? msg("KEDA operator layer: KEDA's operator is not running, so 1 ScaledJob is not reconciled and starts no Jobs")
            : msg("KEDA operator layer: KEDA's operator is not running, so {count} ScaledJobs are not reconciled and start no Jobs", { count: jobs.length })
          : sos.length === 1
            ? msg("KEDA operator layer: KEDA's operator is not running, so 1 ScaledObject is not reconciled")
            : msg("KEDA operator layer: KEDA's operator is not running, so {count} ScaledObjects are not reconciled", { count: sos.length }),
        object: dep ? { apiVersion: 'apps/v1', kind: 'Deployment', namespace: dep.metadata?.namespace, name: dep.metadata?.name ?? 'keda-operator' } : soRef(sos[0] ?? jobs[0]),
        evidence: capEvidence(operator.evidence),
        explanation: sentences(
          msg(
            "KEDA's operator turns each ScaledObject into its HPA (keda-hpa-<name>), runs the triggers' scalers, scales the workload between 0 and 1 replica itself (the HPA never goes below 1), and writes the Ready, Active and Fallback conditions.",
          ),
          msg(
            'With no replica ready and no leader holding the Lease operator.keda.sh, new or changed ScaledObjects get no HPA, workloads at 0 never wake up, and the conditions the doctor reads are stale.',
          ),
          msg(
            'Look at its pods (`kubectl get pods -A -l app.kubernetes.io/name=keda-operator`, `kubectl logs` of them): a crash at start is usually its certificates (kedaorg-certs), its RBAC, or CRDs of another KEDA release. An operator run outside the cluster shows only as its Lease.',
          ),
        ),
        repairs: [],
      });
    }
    const api = k.externalApi;
    // ScaledJobs never read external.metrics.k8s.io (the operator polls their scalers itself): only ScaledObjects' HPAs do.
    if (sos.length && isKedaApiService(api) && !isAvailable(api.apiService)) {
      const cond = availableOf(api.apiService);
      const affected = kedaHpas(state).filter((h) => (h.spec?.metrics ?? []).some((m) => m.type === 'External'));
      const servers = controllerHealth({
        deployments: k.metricsServers,
        leases: [],
        now: state.now,
        nothing: msg('no Deployment labelled {selector}', { selector: KEDA_METRICS_SERVER_SELECTOR }),
      });
      const scaledObjects = scaledObjectCount(sos.filter((so) => externalTriggers(so).length).length);
      const where = { apiService: api.name, scaledObjects };
      out.push({
        id: 'keda-not-running',
        severity: 'error',
        message: cond?.reason
          ? msg("KEDA metrics server layer: KEDA's metrics API server does not answer: APIService {apiService} is not available ({reason}), so {scaledObjects} with external triggers cannot scale", {
              ...where,
              reason: cond.reason,
            })
          : msg(
              "KEDA metrics server layer: KEDA's metrics API server does not answer: APIService {apiService} is not available (no Available condition), so {scaledObjects} with external triggers cannot scale",
              where,
            ),
        object: { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: api.name },
        evidence: capEvidence([
          cond ? `APIService ${api.name} ${conditionLine(cond)}` : msg('APIService {apiService} has no Available condition', { apiService: api.name }),
          ...servers.evidence,
          ...affected.flatMap((h) => scalingActiveLine(h)),
        ]),
        explanation: sentences(
          msg(
            "Every trigger of a ScaledObject except cpu and memory reaches its HPA as an External metric, which the HPA controller reads from external.metrics.k8s.io: KEDA's metrics API server (keda-operator-metrics-apiserver) serves it, asking the operator over gRPC for each value.",
          ),
          msg('Its APIService is registered but the API server cannot reach it, so those HPAs report ScalingActive=False FailedGetExternalMetric and hold their replica count.'),
          msg(
            "Look at the metrics server's pods and logs (`kubectl get pods -A -l app.kubernetes.io/part-of=keda-operator`); the Available reason says which link is broken (MissingEndpoints: no ready pod; FailedDiscoveryCheck: the pod does not answer, or its certificate is not the APIService's caBundle).",
          ),
        ),
        repairs: [],
      });
    }
    return out;
  },
};

// keda-not-running: ScaledObjects exist but KEDA's operator (no ready replica, no fresh Lease operator.keda.sh) or its
// metrics API server (KEDA's APIService not Available) is not running.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOW, keda, kedaApiService, kedaDeployment, kedaHpa, kedaLease, scaledJob, scaledObject } from '../keda-fixtures';
import { baseState, metricsApiService, run } from './fixtures';

const failedExternal = {
  type: 'ScalingActive',
  status: 'False',
  reason: 'FailedGetExternalMetric',
  message:
    'the HPA was unable to compute the replica count: unable to get external metric shop/s0-cron-Etc-UTC-0xxxx-5xxxx/&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: cart,},MatchExpressions:[]LabelSelectorRequirement{},}: unable to fetch metrics from external metrics API: the server is currently unable to handle the request (get s0-cron-Etc-UTC-0xxxx-5xxxx.external.metrics.k8s.io)',
};

test('keda-not-running: the operator Deployment has no ready replica and its Lease is stale: first finding, with both as evidence', () => {
  const s = baseState({
    now: NOW,
    scaledObjects: [scaledObject('cart'), scaledObject('web')],
    keda: keda({ operators: [kedaDeployment('keda-operator', 0)], leases: [kedaLease('2026-12-06T10:00:00Z')] }),
  });
  assert.equal(run(s)[0].id, 'keda-not-running');
  const [f, ...rest] = run(s, 'keda-not-running');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, "KEDA operator layer: KEDA's operator is not running, so 2 ScaledObjects are not reconciled");
  assert.deepEqual(f.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'keda', name: 'keda-operator' });
  assert.deepEqual(f.evidence, [
    'Deployment keda/keda-operator: 0/1 ready (ghcr.io/kedacore/keda:2.21.1)',
    'Deployment keda-operator: Available=False MinimumReplicasUnavailable: Deployment does not have minimum availability.',
    'Lease keda/operator.keda.sh: holder ksd-keda-ksd-keda_5d0c0f5e, renewed 1800s before this read',
  ]);
  assert.equal(f.docs, 'docs/doctor/keda-not-running.md');
});

test('keda-not-running: a fresh Lease alone (operator outside the cluster) runs; neither Deployment nor Lease does not; unreadable says nothing', () => {
  const sos = [scaledObject('cart')];
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: sos, keda: keda({ operators: [] }) }), 'keda-not-running'), []);
  const [f] = run(baseState({ now: NOW, scaledObjects: sos, keda: keda({ operators: [], leases: [] }) }), 'keda-not-running');
  assert.deepEqual(f.evidence, ['no Deployment labelled app.kubernetes.io/name=keda-operator and no Lease operator.keda.sh in any namespace']);
  assert.deepEqual(f.object, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', namespace: 'shop', name: 'cart' });
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: sos, keda: keda({ operators: undefined, leases: [] }) }), 'keda-not-running'), []);
  // No ScaledObject: KEDA not running is nobody's problem.
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: [], keda: undefined }), 'keda-not-running'), []);
});

test("keda-not-running: KEDA's APIService not Available names the metrics server layer, and custom-metrics-api-unavailable leaves it to this finding", () => {
  const api = kedaApiService('FailedDiscoveryCheck');
  const s = baseState({
    now: NOW,
    scaledObjects: [scaledObject('cart')],
    hpas: [kedaHpa('cart', failedExternal)],
    keda: keda({ externalApi: api, metricsServers: [] }),
    customMetrics: { apiServices: [api], discovery: {}, reads: [] },
  });
  assert.equal(run(s)[0].id, 'keda-not-running');
  const [f, ...rest] = run(s, 'keda-not-running');
  assert.equal(rest.length, 0);
  assert.equal(
    f.message,
    "KEDA metrics server layer: KEDA's metrics API server does not answer: APIService v1beta1.external.metrics.k8s.io is not available (FailedDiscoveryCheck), so 1 ScaledObject with external triggers cannot scale",
  );
  assert.match(f.evidence[0], /^APIService v1beta1\.external\.metrics\.k8s\.io Available=False FailedDiscoveryCheck: /);
  assert.equal(f.evidence[1], 'no Deployment labelled app.kubernetes.io/name in (keda-metrics-apiserver,keda-operator-metrics-apiserver)');
  assert.match(f.evidence[2], /^HPA shop\/keda-hpa-cart ScalingActive=False FailedGetExternalMetric/);
  assert.deepEqual(run(s, 'custom-metrics-api-unavailable'), []);
  // Another adapter's APIService down is not KEDA's metrics server: custom-metrics-api-unavailable's (and keda-external-metrics-taken's).
  const adapter = metricsApiService('v1beta1.external.metrics.k8s.io', 'MissingEndpoints');
  const other = baseState({ now: NOW, scaledObjects: [scaledObject('cart')], keda: keda({ externalApi: adapter }) });
  assert.deepEqual(run(other, 'keda-not-running'), []);
});

test('keda-not-running: only ScaledJobs and the operator down: their Jobs stop, said of the ScaledJobs; the metrics server layer is not theirs', () => {
  const api = kedaApiService('FailedDiscoveryCheck');
  const s = baseState({
    now: NOW,
    scaledObjects: [],
    scaledJobs: [scaledJob('import'), scaledJob('export')],
    keda: keda({ operators: [kedaDeployment('keda-operator', 0)], leases: [kedaLease('2026-12-06T10:00:00Z')], externalApi: api, metricsServers: [] }),
    customMetrics: { apiServices: [api], discovery: {}, reads: [] },
  });
  const findings = run(s, 'keda-not-running');
  assert.deepEqual(
    findings.map((f) => f.message),
    ["KEDA operator layer: KEDA's operator is not running, so 2 ScaledJobs are not reconciled and start no Jobs"],
  );
  assert.deepEqual(findings[0].object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'keda', name: 'keda-operator' });
  const one = run(baseState({ now: NOW, scaledJobs: [scaledJob('import')], keda: keda({ operators: [], leases: [] }) }), 'keda-not-running');
  assert.equal(one[0].message, "KEDA operator layer: KEDA's operator is not running, so 1 ScaledJob is not reconciled and starts no Jobs");
  assert.deepEqual(one[0].object, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', namespace: 'shop', name: 'import' });
});

// custom-metrics-api-unavailable: the group's APIService is registered but not Available; its reason and its adapter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, metricsApiService, podsMetricHpa, run } from './fixtures';

const unavailable = [
  {
    type: 'ScalingActive',
    status: 'False',
    reason: 'FailedGetPodsMetric',
    message:
      'the HPA was unable to compute the replica count: unable to get metric http_requests: unable to fetch metrics from custom metrics API: the server is currently unable to handle the request (get pods.custom.metrics.k8s.io *)',
  },
];

test('Available=False MissingEndpoints: the reason, the Service and its owner (prometheus-adapter), the HPA condition; first finding', () => {
  const s = baseState({
    hpas: [podsMetricHpa('web', 'shop', 'http_requests', unavailable)],
    customMetrics: {
      apiServices: [metricsApiService('v1beta1.custom.metrics.k8s.io', 'MissingEndpoints'), metricsApiService('v1beta2.custom.metrics.k8s.io', null)],
      discovery: {},
      reads: [],
    },
  });
  assert.equal(run(s)[0].id, 'custom-metrics-api-unavailable');
  const [f] = run(s, 'custom-metrics-api-unavailable');
  assert.match(
    f.message,
    /^APIService layer: v1beta1\.custom\.metrics\.k8s\.io is registered but not available \(MissingEndpoints\); it routes custom\.metrics\.k8s\.io to prometheus-adapter \(Service monitoring\/prometheus-adapter\)/,
  );
  assert.equal(
    f.evidence[0],
    'APIService v1beta1.custom.metrics.k8s.io Available=False MissingEndpoints: endpoints for service/prometheus-adapter in "monitoring" have no addresses with port name "https"',
  );
  assert.equal(f.evidence[1], 'Service monitoring/prometheus-adapter: type ClusterIP, selector app.kubernetes.io/name=prometheus-adapter, port 443');
  assert.match(f.evidence[2], /^HPA shop\/web ScalingActive=False FailedGetPodsMetric/);
  assert.match(f.explanation, /no adapter pod is Ready/);
  assert.deepEqual(run(s, 'hpa-unknown-metric'), []);
});

test("KEDA's metrics server is named as the owner of the external API", () => {
  const keda = metricsApiService('v1beta1.external.metrics.k8s.io', 'FailedDiscoveryCheck', { namespace: 'keda', name: 'keda-operator-metrics-apiserver' });
  const s = baseState({
    hpas: [
      {
        ...podsMetricHpa('keda-hpa-worker', 'jobs', 'unused'),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
          maxReplicas: 5,
          metrics: [{ type: 'External', external: { metric: { name: 's0-rabbitmq-orders' }, target: { type: 'AverageValue', averageValue: '5' } } }],
        },
      },
    ],
    customMetrics: { apiServices: [keda], discovery: {}, reads: [] },
  });
  const [f] = run(s, 'custom-metrics-api-unavailable');
  assert.match(f.message, /routes external\.metrics\.k8s\.io to KEDA's metrics API server \(Service keda\/keda-operator-metrics-apiserver\)/);
  assert.match(f.explanation, /discovery answer/);
});

test('an Available APIService is no finding', () => {
  const s = baseState({ hpas: [podsMetricHpa('web', 'shop', 'http_requests')], customMetrics: { apiServices: [metricsApiService('v1beta1.custom.metrics.k8s.io', true)], discovery: {}, reads: [] } });
  assert.deepEqual(run(s, 'custom-metrics-api-unavailable'), []);
});

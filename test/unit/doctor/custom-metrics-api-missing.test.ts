// custom-metrics-api-missing: an HPA reads Pods/Object or External metrics and no APIService registers the group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, metricsApiService, podsMetricHpa, run } from './fixtures';

const podsFailed = [
  {
    type: 'ScalingActive',
    status: 'False',
    reason: 'FailedGetPodsMetric',
    message:
      'the HPA was unable to compute the replica count: unable to get metric http_requests: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
  },
];

test('no custom.metrics.k8s.io APIService: one finding naming the APIService layer, with the 404s and the HPA condition; first of all findings', () => {
  const s = baseState({
    hpas: [podsMetricHpa('web', 'shop', 'http_requests', podsFailed)],
    customMetrics: {
      apiServices: [metricsApiService('v1beta1.custom.metrics.k8s.io', null), metricsApiService('v1beta2.custom.metrics.k8s.io', null), metricsApiService('v1beta1.external.metrics.k8s.io', null)],
      discovery: {},
      reads: [],
    },
  });
  const all = run(s);
  assert.equal(all[0].id, 'custom-metrics-api-missing');
  const [f] = run(s, 'custom-metrics-api-missing');
  assert.match(
    f.message,
    /^APIService layer: no APIService serves custom\.metrics\.k8s\.io \(v1beta1\.custom\.metrics\.k8s\.io, v1beta2\.custom\.metrics\.k8s\.io not found\), so 1 HPA\(s\) cannot read their Pods and Object metrics/,
  );
  assert.deepEqual(f.evidence, [
    'apiservices.apiregistration.k8s.io "v1beta1.custom.metrics.k8s.io" not found',
    'apiservices.apiregistration.k8s.io "v1beta2.custom.metrics.k8s.io" not found',
    `HPA shop/web ScalingActive=False FailedGetPodsMetric: ${podsFailed[0].message}`,
  ]);
  // The external group is missing too, but no HPA reads it: no finding for it.
  assert.equal(run(s, 'custom-metrics-api-missing').length, 1);
  // hpa-unknown-metric leaves this HPA to the layer finding.
  assert.deepEqual(run(s, 'hpa-unknown-metric'), []);
});

test('not a finding: one version of the group registered, an APIService that could not be read, or no HPA on these metrics', () => {
  const hpas = [podsMetricHpa('web', 'shop', 'http_requests', podsFailed)];
  const oneVersion = baseState({
    hpas,
    customMetrics: { apiServices: [metricsApiService('v1beta1.custom.metrics.k8s.io', true), metricsApiService('v1beta2.custom.metrics.k8s.io', null)], discovery: {}, reads: [] },
  });
  assert.deepEqual(run(oneVersion, 'custom-metrics-api-missing'), []);
  const unread = baseState({ hpas, customMetrics: { apiServices: [{ name: 'v1beta1.custom.metrics.k8s.io', group: 'custom', apiService: undefined }], discovery: {}, reads: [] } });
  assert.deepEqual(run(unread, 'custom-metrics-api-missing'), []);
  assert.deepEqual(run(baseState({ hpas: [hpa('web', 'shop')] }), 'custom-metrics-api-missing'), []);
});

// custom-metric-not-listed: the adapter lists its metrics in discovery and the HPA's is not one of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, metricsApiService, podsMetricHpa, run } from './fixtures';
import type { MetricRead } from '../../../src/core/doctor/customMetricsReads';

const noMetrics = [
  {
    type: 'ScalingActive',
    status: 'False',
    reason: 'FailedGetPodsMetric',
    message: 'the HPA was unable to compute the replica count: unable to get metric http_request: no metrics returned from custom metrics API',
  },
];
const read = (metric: string, values: MetricRead['values']): MetricRead => ({
  hpa: 'shop/web',
  index: 0,
  type: 'Pods',
  group: 'custom',
  metric,
  resource: 'pods',
  request: `GET /apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/pods/*/${metric}?labelSelector=app=web`,
  values,
});
const state = (metric: string, names: string[], values: MetricRead['values'] = []) =>
  baseState({
    hpas: [podsMetricHpa('web', 'shop', metric, noMetrics)],
    customMetrics: {
      apiServices: [metricsApiService('v1beta1.custom.metrics.k8s.io', true)],
      discovery: { custom: { path: '/apis/custom.metrics.k8s.io/v1beta1', names } },
      reads: [read(metric, values)],
    },
  });

test('a misspelt metric: the metric layer named, the listed names for pods, the nearest one; first finding', () => {
  const s = state('http_request', ['pods/http_requests', 'namespaces/http_requests', 'pods/queue_depth']);
  assert.equal(run(s)[0].id, 'custom-metric-not-listed');
  const [f] = run(s, 'custom-metric-not-listed');
  assert.equal(f.message, 'Metric layer: HPA shop/web asks custom.metrics.k8s.io for pods/http_request, which the adapter does not list (nearest: http_requests)');
  assert.deepEqual(f.evidence.slice(0, 3), [
    'spec.metrics[0]: type Pods, metric.name http_request',
    'GET /apis/custom.metrics.k8s.io/v1beta1 lists 2 metric(s) for pods: http_requests, queue_depth',
    'nearest served names: http_requests',
  ]);
  assert.match(f.explanation, /`http_requests`/);
  assert.deepEqual(run(s, 'custom-metric-no-value'), []);
});

test("not this layer: the metric is listed, or discovery lists only custom-metrics-apiserver's placeholder", () => {
  assert.deepEqual(run(state('http_requests', ['pods/http_requests'], [{ of: 'web-1', value: '300' }]), 'custom-metric-not-listed'), []);
  const placeholder = state('http_request', ['custommetrics']);
  assert.deepEqual(run(placeholder, 'custom-metric-not-listed'), []);
  assert.equal(run(placeholder)[0].id, 'custom-metric-no-value');
});

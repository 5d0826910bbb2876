// custom-metric-no-value: the API is Available but returns no value (or an error) for the HPA's selector.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, metricsApiService, run } from './fixtures';
import type { MetricRead } from '../../../src/core/doctor/customMetricsReads';

const externalHpa = hpa('queue', 'shop', {
  metrics: [{ type: 'External', external: { metric: { name: 'queue_depth', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: '10' } } }],
  conditions: [
    {
      type: 'ScalingActive',
      status: 'False',
      reason: 'FailedGetExternalMetric',
      message:
        'the HPA was unable to compute the replica count: unable to get external metric shop/queue_depth/&LabelSelector{MatchLabels:map[string]string{queue: orders,},MatchExpressions:[]LabelSelectorRequirement{},}: no metrics returned from external metrics API',
    },
  ],
});
const read = (over: Partial<MetricRead>): MetricRead => ({
  hpa: 'shop/queue',
  index: 0,
  type: 'External',
  group: 'external',
  metric: 'queue_depth',
  resource: '',
  request: 'GET /apis/external.metrics.k8s.io/v1beta1/namespaces/shop/queue_depth?labelSelector=queue=orders',
  ...over,
});
const state = (r: MetricRead, names = ['externalmetrics']) =>
  baseState({
    hpas: [externalHpa],
    customMetrics: { apiServices: [metricsApiService('v1beta1.external.metrics.k8s.io', true)], discovery: { external: { path: '/apis/external.metrics.k8s.io/v1beta1', names } }, reads: [r] },
  });

test('an empty answer for the selector: the value layer named, the request and answer quoted; placeholder discovery said; first finding', () => {
  const s = state(read({ values: [] }));
  assert.equal(run(s)[0].id, 'custom-metric-no-value');
  const [f] = run(s, 'custom-metric-no-value');
  assert.match(f.message, /^Value layer: external\.metrics\.k8s\.io returns no value of queue_depth for HPA shop\/queue \(no items\); served by prometheus-adapter/);
  assert.equal(f.evidence[0], 'GET /apis/external.metrics.k8s.io/v1beta1/namespaces/shop/queue_depth?labelSelector=queue=orders answered 0 items');
  assert.match(f.evidence[2], /^HPA shop\/queue ScalingActive=False FailedGetExternalMetric/);
  assert.match(f.explanation, /lists no metric names in its discovery/);
  assert.deepEqual(run(s, 'hpa-unknown-metric'), []);
});

test("the adapter's error answer is the evidence", () => {
  const [f] = run(
    state(read({ error: { status: 500, message: 'unable to fetch metrics: Post "http://prometheus:9090/api/v1/query": dial tcp: lookup prometheus: no such host' } })),
    'custom-metric-no-value',
  );
  assert.match(f.message, /\(error 500\)/);
  assert.match(f.evidence[0], / answered 500: unable to fetch metrics: Post "http:\/\/prometheus:9090/);
  assert.match(f.explanation, /its logs say why/);
});

test('a value for the selector is no finding; hpa-unknown-metric then says every layer passes now', () => {
  const s = state(read({ values: [{ of: 'queue=orders', value: '42' }] }), ['queue_depth']);
  assert.deepEqual(run(s, 'custom-metric-no-value'), []);
  const [f] = run(s, 'hpa-unknown-metric');
  assert.match(f.explanation, /earlier sync/);
});

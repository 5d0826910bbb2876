// The replay of Pods, Object and External metrics from what their metrics APIs return now (the doctor's reads,
// customMetricsReads.ts) rather than from the HPA status: per-pod values for a Pods metric, the object's value, the sum
// of an external metric's series; a failed read falls back to the status and says why. Values as test-adapter serves them.
import type * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MetricRead } from '../../src/core/doctor/customMetricsReads';
import { metricValuesOf, replayOf } from '../../src/core/doctor/hpaReplayInputs';
import { msg, setLocale, textOf } from '../../src/core/l10n';
import { whyView } from '../../src/extension/hpaPanel/why';
import { hpa, sampledPods } from './doctor/fixtures';

const NOW = Date.parse('2026-12-06T14:00:00.000Z');
const LONG_AGO = new Date('2026-12-06T12:00:00.000Z');

/** `n` ready pods web-0… of Deployment web (no metrics.k8s.io samples: these HPAs read none). */
const web = (n: number) => {
  const { pods } = sampledPods('web', 'shop', n, { cpu: '100m' }, () => undefined, LONG_AGO, '2026-12-06T13:59:50Z');
  return { pods, replicas: { spec: n, status: n } };
};

const read = (type: MetricRead['type'], values: { of: string; value: string }[] | undefined, extra: Partial<MetricRead> = {}): MetricRead => ({
  hpa: 'shop/web',
  index: 0,
  type,
  group: type === 'External' ? 'external' : 'custom',
  metric: 'm',
  resource: type === 'Pods' ? 'pods' : type === 'Object' ? 'services' : '',
  request: 'GET /apis/…',
  values,
  ...extra,
});

const pods: k8s.V2MetricSpec = { type: 'Pods', pods: { metric: { name: 'http_requests' }, target: { type: 'AverageValue', averageValue: '100' } } };

test('Pods metric: the per-pod values the API returns, pods without one counted as 0 on a scale-up (calcPlainMetricReplicas)', () => {
  // 2 of 6 pods at 300 against 100: 600 over 6 pods is the target, so 6 holds; the status (300 per pod) alone says 18.
  const h = hpa('web', 'shop', { metrics: [pods], status: { currentReplicas: 6, currentMetrics: [{ type: 'Pods', pods: { metric: { name: 'http_requests' }, current: { averageValue: '300' } } }] } });
  const reads = [
    read('Pods', [
      { of: 'web-0', value: '300' },
      { of: 'web-1', value: '300' },
    ]),
  ];
  const r = replayOf(h, web(6), [], NOW, undefined, reads);
  assert.equal(r.fromMetricApis, 1);
  assert.equal(r.replay.metrics[0].source, 'pods');
  assert.equal(textOf(r.replay.chain[0], 'en'), 'http_requests 300 / 100 per pod × 6 pods → 6 (18 over all 6 pods by the average alone; 4 pods without metrics counted as 0)');
  assert.equal(textOf(r.replay.summary, 'en'), 'desired 6 · held at 6 by pods without metrics');
  const fromStatus = replayOf(h, web(6), [], NOW);
  assert.equal(fromStatus.replay.metrics[0].source, 'status');
  assert.equal(fromStatus.replay.desiredReplicas, 10);
  assert.equal(fromStatus.fromMetricApis, undefined);
  assert.deepEqual(whyView({ replay: r }).notes, ['Custom and external metrics are replayed from the values their metrics API returns now, with the selectors the controller uses.']);
  // Values in quantities: 1500m is 1.5.
  assert.deepEqual(metricValuesOf(h, [read('Pods', [{ of: 'web-0', value: '1500m' }])]), [{ kind: 'pods', values: [{ pod: 'web-0', value: 1500 }] }]);
});

test('Object metric: AverageValue divides the value read by status.replicas and proposes ceil(value / target); Value uses the ready pods', () => {
  const object = (target: k8s.V2MetricTarget): k8s.V2MetricSpec => ({
    type: 'Object',
    object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' }, metric: { name: 'requests_per_pod' }, target },
  });
  const perPod = hpa('web', 'shop', { metrics: [object({ type: 'AverageValue', averageValue: '100' })], status: { currentReplicas: 4 } });
  const at4 = replayOf(perPod, web(4), [], NOW, undefined, [read('Object', [{ of: 'web', value: '100' }])]);
  assert.equal(at4.replay.metrics[0].source, 'api');
  assert.equal(textOf(at4.replay.chain[0], 'en'), 'requests_per_pod 25 / 100 per pod × 4 pods → 1');
  const value = hpa('web', 'shop', { metrics: [object({ type: 'Value', value: '200' })], status: { currentReplicas: 2 } });
  const r = replayOf(value, web(2), [], NOW, undefined, [read('Object', [{ of: 'web', value: '500' }])]);
  assert.equal(textOf(r.replay.chain[0], 'en'), 'requests_per_pod 500 / 200 × 2 pods → 5');
  // One object has one value: anything else is the API's fault, and the status is used.
  assert.deepEqual(metricValuesOf(value, [read('Object', [])]), [{ kind: 'error', error: 'no metrics returned from custom metrics API' }]);
  assert.equal(
    metricValuesOf(value, [
      read('Object', [
        { of: 'a', value: '1' },
        { of: 'b', value: '2' },
      ]),
    ])[0]?.kind,
    'error',
  );
});

test('External metric: the sum of its series (GetExternalMetric), said when there are several', () => {
  const h = hpa('web', 'shop', {
    metrics: [{ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '10' } } }],
    status: { currentReplicas: 2 },
  });
  const r = replayOf(h, web(2), [], NOW, undefined, [
    read('External', [
      { of: 'queue=a', value: '30' },
      { of: 'queue=b', value: '12' },
    ]),
  ]);
  assert.equal(textOf(r.replay.chain[0], 'en'), 'queue_depth 21 (sum of 2 series) / 10 per pod × 2 pods → 5');
  // 42 / 10 → 5, then one step from 2 reaches at most 4 (no behavior).
  assert.equal(r.replay.proposal, 5);
  assert.equal(r.replay.desiredReplicas, 4);
});

test('a read that failed: the status is replayed and the panel says which API could not be read', () => {
  const h = hpa('web', 'shop', { metrics: [pods], status: { currentReplicas: 2, currentMetrics: [{ type: 'Pods', pods: { metric: { name: 'http_requests' }, current: { averageValue: '100' } } }] } });
  const failed = read('Pods', undefined, { error: { status: 503, message: 'the server is currently unable to handle the request' } });
  const r = replayOf(h, web(2), [], NOW, undefined, [failed]);
  assert.equal(r.replay.metrics[0].source, 'status');
  assert.equal(r.replay.metrics[0].readError, 'the server is currently unable to handle the request');
  assert.equal(r.fromMetricApis, undefined);
  assert.deepEqual(whyView({ replay: r }).notes, [
    "Some metrics come from the HPA status (the controller's last reading), not from the pods' own samples.",
    'http_requests: its metrics API could not be read (the server is currently unable to handle the request).',
  ]);
  const [notQuantity] = metricValuesOf(h, [read('Pods', [{ of: 'web-0', value: 'lots' }])]);
  assert.equal(notQuantity?.kind, 'error');
  assert.equal(textOf(notQuantity.error, 'en'), 'GET /apis/… answered "lots", not a quantity');
  // Why a read failed is a template: the panel's note says it whole in the reader's language.
  assert.equal(textOf(notQuantity.error, 'ja'), 'GET /apis/… の応答は "lots" で、数量ではありません');
  const unexpected = read('Pods', undefined, {
    error: { message: msg('unexpected answer: {request} {why}', { request: 'GET /apis/…', why: msg('has an item whose "value" is not a quantity string') }) },
  });
  const replayed = replayOf(h, web(2), [], NOW, undefined, [unexpected]);
  setLocale('zh-cn');
  try {
    assert.equal(whyView({ replay: replayed }).notes[1], 'http_requests：无法读取其指标 API（应答不符合预期：GET /apis/… 返回的某一项的 "value" 不是数量（quantity）字符串）。');
  } finally {
    setLocale('en');
  }
  // Another HPA's reads are not this one's.
  assert.deepEqual(metricValuesOf(h, [{ ...failed, hpa: 'shop/other' }]), []);
});

// The HPA panel's data: metric values as numbers, samples, chart columns, and the events table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { AutoscalerRow } from '../../src/core/cluster/types';
import { eventRows } from '../../src/core/cluster/events';
import { chartData, metricNumber, sampleOf, SampleBuffer } from '../../src/extension/hpaPanel/series';

function row(over: Partial<AutoscalerRow> = {}): AutoscalerRow {
  return {
    kind: 'HorizontalPodAutoscaler',
    namespace: 'shop',
    name: 'web',
    target: { kind: 'Deployment', name: 'web' },
    metrics: [{ name: 'cpu', text: 'cpu: 45%/50%', current: '45%', target: '50%' }],
    minReplicas: 2,
    maxReplicas: 10,
    currentReplicas: 3,
    desiredReplicas: 4,
    conditions: [],
    atMax: false,
    ...over,
  };
}

test('TARGETS values become numbers: percentages, quantities, averages; <unknown> stays missing', () => {
  assert.deepEqual(metricNumber('45%'), { value: 45, unit: '%' });
  assert.deepEqual(metricNumber('250m'), { value: 0.25, unit: '' });
  assert.deepEqual(metricNumber('1k'), { value: 1000, unit: '' });
  assert.deepEqual(metricNumber('12 (avg)'), { value: 12, unit: '' });
  assert.equal(metricNumber('<unknown>'), undefined);
  assert.equal(metricNumber(undefined), undefined);
});

test('a sample holds replicas and each metric against its target; an unknown current value is a gap', () => {
  const s = sampleOf(row({ metrics: [{ name: 'cpu', text: 'cpu: <unknown>/50%', target: '50%' }] }), 100);
  assert.deepEqual(s, { t: 100, current: 3, desired: 4, min: 2, max: 10, metrics: [{ name: 'cpu', current: undefined, target: 50, unit: '%' }] });
});

test('chart columns line up by sample; a metric that appears later is null before it', () => {
  const buf = new SampleBuffer(3);
  buf.push(sampleOf(row(), 10));
  buf.push(sampleOf(row({ currentReplicas: 4, metrics: [...row().metrics, { name: 'rps', text: 'rps: 120/100', current: '120', target: '100' }] }), 25));
  // Same second: replaces the last sample.
  buf.push(sampleOf(row({ currentReplicas: 5, metrics: [...row().metrics, { name: 'rps', text: 'rps: 130/100', current: '130', target: '100' }] }), 25));
  const c = chartData(buf.all());
  assert.deepEqual(c.times, [10, 25]);
  assert.deepEqual(c.replicas.current, [3, 5]);
  assert.deepEqual(c.replicas.max, [10, 10]);
  assert.deepEqual(
    c.metrics.map((m) => [m.name, m.unit, m.current, m.target]),
    [
      ['cpu', '%', [45, 45], [50, 50]],
      ['rps', '', [null, 130], [null, 100]],
    ],
  );
});

test('the buffer keeps the newest samples up to its capacity', () => {
  const buf = new SampleBuffer(3);
  for (let t = 1; t <= 5; t++) buf.push(sampleOf(row(), t));
  assert.deepEqual(
    buf.all().map((s) => s.t),
    [3, 4, 5],
  );
  buf.clear();
  assert.equal(buf.length, 0);
});

test('events: newest first, series counts and times, reporting component', () => {
  const events: CoreV1Event[] = [
    {
      metadata: {},
      involvedObject: {},
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: 'New size: 3; reason: cpu resource utilization (percentage of request) above target',
      count: 1,
      lastTimestamp: new Date('2026-11-22T00:01:00Z'),
      source: { component: 'horizontal-pod-autoscaler' },
    },
    {
      metadata: {},
      involvedObject: {},
      type: 'Warning',
      reason: 'FailedGetResourceMetric',
      message: 'failed to get cpu utilization: missing request for cpu\n',
      count: 7,
      lastTimestamp: new Date('2026-11-22T00:05:00Z'),
    },
    {
      metadata: {},
      involvedObject: {},
      type: 'Warning',
      reason: 'FailedComputeMetricsReplicas',
      message: 'invalid metrics',
      eventTime: new Date('2026-11-22T00:03:00Z'),
      series: { count: 4, lastObservedTime: new Date('2026-11-22T00:04:00Z') },
      reportingComponent: 'horizontal-pod-autoscaler',
    },
  ];
  const rows = eventRows(events);
  assert.deepEqual(
    rows.map((r) => [r.reason, r.count, r.last]),
    [
      ['FailedGetResourceMetric', 7, '2026-11-22T00:05:00.000Z'],
      ['FailedComputeMetricsReplicas', 4, '2026-11-22T00:04:00.000Z'],
      ['SuccessfulRescale', 1, '2026-11-22T00:01:00.000Z'],
    ],
  );
  assert.equal(rows[0].message, 'failed to get cpu utilization: missing request for cpu');
  assert.equal(rows[1].source, 'horizontal-pod-autoscaler');
  assert.equal(rows[2].source, 'horizontal-pod-autoscaler');
});

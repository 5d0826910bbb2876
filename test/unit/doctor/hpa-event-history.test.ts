// hpa-event-history: article 000's events that outlive the fix (verbatim messages and counts) and article 004's
// 2→4→2→4→3 replica history (SuccessfulRescale messages as the HPA controller writes them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import type { MetricRead } from '../../../src/core/doctor/customMetricsReads';
import { baseState, hpa, run } from './fixtures';

const NOW = '2026-02-15T12:10:00.000Z';
function event(name: string, type: string, reason: string, message: string, count: number, minutesAgo: number): k8s.CoreV1Event {
  const last = new Date(Date.parse(NOW) - minutesAgo * 60_000) as unknown as Date;
  return {
    metadata: { name: `${name}.${reason}.${minutesAgo}` },
    involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'default', name },
    type,
    reason,
    message,
    count,
    lastTimestamp: last,
    source: { component: 'horizontal-pod-autoscaler' },
  };
}
const FAILED_COMPUTE =
  'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';
const FAILED_GET = 'unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';
const valid = {
  type: 'ScalingActive',
  status: 'True',
  reason: 'ValidMetricFound',
  message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
};

test('HPA events: failures whose HPA computes its replicas now are past failures (article 000)', () => {
  const events = [event('hello-hpa', 'Warning', 'FailedComputeMetricsReplicas', FAILED_COMPUTE, 12, 4), event('hello-hpa', 'Warning', 'FailedGetResourceMetric', FAILED_GET, 13, 4)];
  const s = baseState({ now: NOW, hpas: [hpa('hello-hpa', 'default', { conditions: [valid] })], hpaEvents: events });
  const [f, ...rest] = run(s, 'hpa-event-history');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /HPA default\/hello-hpa failed 25 times \(FailedComputeMetricsReplicas, FailedGetResourceMetric\) but computes its replicas now/);
  assert.ok(f.evidence.some((l) => l.startsWith('Warning  FailedGetResourceMetric  (x13, last 2026-02-15T12:06:00.000Z)  horizontal-pod-autoscaler  unable to get metrics')));
  assert.match(f.explanation, /count no longer grows/);
  // While the condition still shows the failure, hpa-unknown-metric reports it and this check stays quiet.
  const failing = { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${FAILED_GET}` };
  assert.deepEqual(run({ ...s, hpas: [hpa('hello-hpa', 'default', { conditions: [failing] })] }, 'hpa-event-history'), []);
});

test('HPA events: up-and-down SuccessfulRescale within an hour is flapping (article 004: 2→4→2→4→3)', () => {
  const up = (n: number) => `New size: ${n}; reason: cpu resource utilization (percentage of request) above target`;
  const down = (n: number) => `New size: ${n}; reason: All metrics below target`;
  const events = [
    event('php-apache', 'Normal', 'SuccessfulRescale', up(4), 2, 6),
    event('php-apache', 'Normal', 'SuccessfulRescale', down(2), 2, 4),
    event('php-apache', 'Normal', 'SuccessfulRescale', down(3), 1, 1),
  ];
  const [f] = run(baseState({ now: NOW, hpaEvents: events }), 'hpa-event-history');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /rescaled 5 times within an hour, up and down \(new sizes 4 \(x2\) → 2 \(x2\) → 3\)/);
  assert.match(f.explanation, /autoscaler-conflict/);
  // One scale-up and its scale-down an hour later is normal.
  const calm = [event('php-apache', 'Normal', 'SuccessfulRescale', up(4), 1, 90), event('php-apache', 'Normal', 'SuccessfulRescale', down(2), 1, 2)];
  assert.deepEqual(run(baseState({ now: NOW, hpaEvents: calm }), 'hpa-event-history'), []);
});

test('HPA events: flapping names the likely why from the HPA itself (a second autoscaler, no scale-down window, no steady count, AverageValue of a non-total)', () => {
  const up = (n: number) => `New size: ${n}; reason: cpu resource utilization (percentage of request) above target`;
  const down = (n: number) => `New size: ${n}; reason: All metrics below target`;
  const events = [
    event('php-apache', 'Normal', 'SuccessfulRescale', up(3), 2, 6),
    event('php-apache', 'Normal', 'SuccessfulRescale', down(2), 2, 4),
    event('php-apache', 'Normal', 'SuccessfulRescale', up(3), 1, 1),
  ];
  // 3 pods at 46 % of a 60 % target: 2.3 pods' worth of load; 2 pods → 69 %, 3 pods → 46 %: neither within 10 %.
  const flapping = hpa('php-apache', 'default', { status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 46 } } }] } });
  flapping.spec!.metrics = [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    { type: 'External', external: { metric: { name: 'queue_latency_seconds' }, target: { type: 'AverageValue', averageValue: '2' } } },
  ];
  flapping.spec!.behavior = { scaleDown: { stabilizationWindowSeconds: 0 } };
  const second = hpa('php-apache-2', 'default', { target: 'php-apache' });
  const [f] = run(baseState({ now: NOW, hpas: [flapping, second], hpaEvents: events }), 'hpa-event-history');
  assert.deepEqual(f.evidence.slice(0, 4), [
    'likely: Deployment php-apache is also scaled by HPA php-apache-2 (see autoscaler-conflict)',
    'likely: External metric queue_latency_seconds has an AverageValue target (2 per pod) and spec.behavior.scaleDown.stabilizationWindowSeconds is 0: the controller proposes ceil(value / 2) pods whatever runs now, so a value that falls as pods are added (a per-pod rate, a latency, an average already taken per pod) proposes few pods while many run and many while few run, and no window waits between the two',
    'likely: no scale-down window: spec.behavior.scaleDown.stabilizationWindowSeconds is 0',
    "likely: no replica count keeps cpu within the 10 % tolerance of its 60 % target (the load is 2.30 pods' worth: 2 pods → 69 %, 3 pods → 46 %): the target is too close to where one pod more or less crosses it",
  ]);
  assert.match(f.message, /: the replica count flaps; likely: a second autoscaler \(HPA php-apache-2\)$/);
  assert.match(f.explanation, /^Likely here: Deployment php-apache is also scaled by HPA php-apache-2/);
  // With the default scale-down window the AverageValue target is named on its own, last.
  delete flapping.spec!.behavior;
  const [h] = run(baseState({ now: NOW, hpas: [flapping], hpaEvents: events }), 'hpa-event-history');
  assert.deepEqual(h.evidence.filter((l) => l.startsWith('likely:')).slice(-1), [
    'likely: External metric queue_latency_seconds has an AverageValue target: the controller takes the value as a total and divides it by the pod count, so unless it is one (a queue length, requests per second of the whole service) it falls as pods are added',
  ]);
  // A count that can be steady (3 pods at 60 % of 60 %) and the default window give no "likely" line.
  const calm = hpa('php-apache', 'default', { status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 60 } } }] } });
  calm.spec!.metrics = [flapping.spec!.metrics[0]];
  const [g] = run(baseState({ now: NOW, hpas: [calm], hpaEvents: events }), 'hpa-event-history');
  assert.ok(!g.evidence.some((l) => l.startsWith('likely:')), g.evidence.join('\n'));
});

test('HPA events: an Object metric per pod with no scale-down window that flaps names that cause first, with what its API reads now', () => {
  // custom-metrics-hpa/flap: the Service's requests_per_pod (already a per-pod rate) under an AverageValue target.
  const up = 'New size: 4; reason: external metric requests_per_pod(nil) above target';
  const down = 'New size: 1; reason: All metrics below target';
  const events = [event('flap', 'Normal', 'SuccessfulRescale', up, 3, 2), event('flap', 'Normal', 'SuccessfulRescale', down, 3, 1)];
  const flap = hpa('flap', 'default', {
    status: { currentReplicas: 4 },
    metrics: [
      { type: 'Object', object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 'flap' }, metric: { name: 'requests_per_pod' }, target: { type: 'AverageValue', averageValue: '100' } } },
    ],
  });
  flap.spec!.behavior = { scaleDown: { stabilizationWindowSeconds: 0 } };
  const read: MetricRead = {
    hpa: 'default/flap',
    index: 0,
    type: 'Object',
    group: 'custom',
    metric: 'requests_per_pod',
    resource: 'services',
    request: 'GET /apis/custom.metrics.k8s.io/v1beta1/namespaces/default/services/flap/requests_per_pod',
    values: [{ of: 'flap', value: '100' }],
  };
  const state = baseState({ now: NOW, hpas: [flap], hpaEvents: events });
  state.targets = { 'default/flap': { pods: [], replicas: { spec: 4, status: 4 } } };
  state.customMetrics = { apiServices: [], discovery: {}, reads: [read] };
  const [f] = run(state, 'hpa-event-history');
  assert.equal(
    f.message,
    'HPA default/flap rescaled 6 times within an hour, up and down (new sizes 4 (x3) → 1 (x3)): the replica count flaps; likely: Object metric requests_per_pod with an AverageValue target and no scale-down window',
  );
  assert.match(f.evidence[0], /^likely: Object metric requests_per_pod of Service flap has an AverageValue target \(100 per pod\) and spec\.behavior\.scaleDown\.stabilizationWindowSeconds is 0/);
  assert.equal(f.evidence[1], 'likely: no scale-down window: spec.behavior.scaleDown.stabilizationWindowSeconds is 0');
  // 100 over 4 pods is 25 per pod against 100: the value read now proposes 1 while 4 run.
  assert.equal(f.evidence[2], 'read now: requests_per_pod 25 / 100 per pod × 4 pods → 1 (at 4 replicas)');
  // Without the metric's value (its API unread), the cause stays and no "read now" line is invented.
  state.customMetrics = undefined;
  const [g] = run(state, 'hpa-event-history');
  assert.ok(!g.evidence.some((l) => l.startsWith('read now:')), g.evidence.join('\n'));
  assert.match(g.message, /likely: Object metric requests_per_pod with an AverageValue target and no scale-down window$/);
});

// hpa-event-history: article 000's events that outlive the fix (verbatim messages and counts) and article 004's
// 2→4→2→4→3 replica history (SuccessfulRescale messages as the HPA controller writes them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
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
    'likely: no scale-down window: spec.behavior.scaleDown.stabilizationWindowSeconds is 0',
    "likely: no replica count keeps cpu within the 10 % tolerance of its 60 % target (the load is 2.30 pods' worth: 2 pods → 69 %, 3 pods → 46 %): the target is too close to where one pod more or less crosses it",
    'likely: External metric queue_latency_seconds has an AverageValue target: the controller divides it by the pod count, so unless it is a total (a queue length, requests per second of the whole service) it falls as pods are added',
  ]);
  assert.match(f.explanation, /^Likely here: Deployment php-apache is also scaled by HPA php-apache-2/);
  // A count that can be steady (3 pods at 60 % of 60 %) and the default window give no "likely" line.
  const calm = hpa('php-apache', 'default', { status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 60 } } }] } });
  calm.spec!.metrics = [flapping.spec!.metrics[0]];
  const [g] = run(baseState({ now: NOW, hpas: [calm], hpaEvents: events }), 'hpa-event-history');
  assert.ok(!g.evidence.some((l) => l.startsWith('likely:')), g.evidence.join('\n'));
});

// hpa-replicas-held: the replayed chain explains a count the metrics alone would not give (tolerance, window,
// policy, pods without metrics); max/min alone stay hpa-at-max's and hpa-at-min's.
import type * as k8s from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, run, sampledPods } from './fixtures';

const NOW = '2026-12-06T14:00:00.000Z';
const LONG_AGO = '2026-12-06T12:00:00.000Z';

const web = (n: number, cpu: (i: number) => string | undefined, request = '250m') =>
  sampledPods('web', 'shop', n, { cpu: request }, (i) => (cpu(i) === undefined ? undefined : { cpu: cpu(i)! }), new Date(LONG_AGO), '2026-12-06T13:59:50Z');

const stabilizing = { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };

test('held by the scale-down window: the chain, and the latest the window can end', () => {
  const h = hpa('web', 'shop', { status: { currentReplicas: 6, desiredReplicas: 6 }, conditions: [stabilizing] });
  h.spec!.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }];
  const [f, ...rest] = run(baseState({ now: NOW, hpas: [h], targets: { 'shop/web': web(6, () => '50m') } }), 'hpa-replicas-held');
  assert.equal(rest.length, 0);
  assert.equal(f.message, 'HPA shop/web stays at 6 replicas while its metrics point to 2: held by the scale-down stabilization window until 14:05:00 UTC at the latest');
  assert.deepEqual(f.evidence.slice(0, 3), [
    'cpu 20 % / 60 % × 6 pods → 2',
    'scale-down window 300 s → 6 until 14:05:00',
    'replayed: desired 2 · held at 6 by scale-down window until 14:05:00 (metrics.k8s.io samples of 6 pods)',
  ]);
  assert.ok(f.evidence.includes('AbleToScale=True ScaleDownStabilized: recent recommendations were higher than current one, applying the highest recent recommendation'));
});

test('held by the tolerance: 65 % of 60 % over 3 pods would be 4', () => {
  const h = hpa('web', 'shop', { status: { currentReplicas: 3, desiredReplicas: 3 } });
  h.spec!.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }];
  const [f] = run(baseState({ now: NOW, hpas: [h], targets: { 'shop/web': web(3, () => '163m') } }), 'hpa-replicas-held');
  assert.equal(f.message, 'HPA shop/web stays at 3 replicas while its metrics point to 4: held by the tolerance');
  assert.equal(f.evidence[0], 'cpu 65 % / 60 % × 3 pods → 4 (4 is within the tolerance: held at 3)');
});

test('held by pods without metrics: new pods counted at 0 % damp a scale-up', () => {
  // Two pods at 100 % of a 50 % target and two new ones without samples: the average alone says 8 over 4 pods;
  // counted at 0 %, the new pods make it 50 % over 4 → 4: the count stays.
  const h = hpa('web', 'shop', { status: { currentReplicas: 4, desiredReplicas: 4 } });
  h.spec!.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];
  const [f] = run(baseState({ now: NOW, hpas: [h], targets: { 'shop/web': web(4, (i) => (i < 2 ? '250m' : undefined)) } }), 'hpa-replicas-held');
  assert.equal(f.message, 'HPA shop/web stays at 4 replicas while its metrics point to 8: held by pods without metrics');
  assert.equal(f.evidence[0], 'cpu 100 % / 50 % × 4 pods → 4 (8 over all 4 pods by the average alone; 2 pods without metrics counted as 0)');
});

test('held by a behavior policy: 2 pods per minute', () => {
  const h = hpa('web', 'shop', { status: { currentReplicas: 2, desiredReplicas: 4 } });
  h.spec!.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];
  h.spec!.maxReplicas = 20;
  h.spec!.behavior = { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } };
  const [f] = run(baseState({ now: NOW, hpas: [h], targets: { 'shop/web': web(2, () => '500m') } }), 'hpa-replicas-held');
  assert.equal(f.message, 'HPA shop/web stays at 4 replicas while its metrics point to 8: held by a scale-up policy');
  assert.deepEqual(f.evidence.slice(0, 2), ['cpu 200 % / 50 % × 2 pods → 8', 'scale-up policy 2 pods/60 s → 4']);
});

test('quiet when the metrics get what they ask, when only maxReplicas holds (hpa-at-max), or when the pods were not read', () => {
  const steady = hpa('steady', 'shop', { status: { currentReplicas: 3, desiredReplicas: 3 } });
  steady.spec!.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }];
  const atMax = hpa('atmax', 'shop', { max: 3, status: { currentReplicas: 3, desiredReplicas: 3 } });
  atMax.spec!.metrics = steady.spec!.metrics;
  const unread = hpa('unread', 'shop', { status: { currentReplicas: 3, desiredReplicas: 3 } });
  // At max with pods without samples: by the average alone 8 pods at 100 % of 60 % point to 14, but maxReplicas 8 decides.
  const maxAndMissing = hpa('full', 'shop', { max: 8, status: { currentReplicas: 8, desiredReplicas: 8 } });
  maxAndMissing.spec!.metrics = steady.spec!.metrics;
  const state = baseState({
    now: NOW,
    hpas: [steady, atMax, unread, maxAndMissing],
    targets: {
      'shop/steady': web(3, () => '150m'),
      'shop/atmax': web(3, () => '250m'),
      'shop/unread': { pods: [], error: 'forbidden' },
      'shop/full': web(8, (i) => (i < 6 ? '250m' : undefined)),
    },
  });
  assert.deepEqual(run(state, 'hpa-replicas-held'), []);
});

test("the current count is the workload's spec.replicas (the HPA's status repeats it one sync late)", () => {
  // The controller just scaled 1 → 2 under a 1-pod-per-60-s policy; the HPA's status still says 1.
  const h = hpa('web', 'shop', { status: { currentReplicas: 1, desiredReplicas: 2 } });
  h.spec!.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];
  h.spec!.behavior = { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
  const rescaled = { metadata: { name: 'web.rescale' }, involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' }, type: 'Normal', reason: 'SuccessfulRescale', count: 1 };
  const events = [
    { ...rescaled, message: 'New size: 1; reason: All metrics below target', lastTimestamp: new Date('2026-12-06T13:00:00Z') },
    { ...rescaled, message: 'New size: 2; reason: cpu resource utilization (percentage of request) above target', lastTimestamp: new Date('2026-12-06T13:59:40Z') },
  ] as k8s.CoreV1Event[];
  const target = { ...web(2, () => '400m'), replicas: { spec: 2, status: 2 } };
  const [f] = run(baseState({ now: NOW, hpas: [h], hpaEvents: events, targets: { 'shop/web': target } }), 'hpa-replicas-held');
  // 2 pods at 160 % of 50 % → 7; the rescale 20 s ago is inside the policy's 60 s: the count stays 2.
  assert.equal(f.message, 'HPA shop/web stays at 2 replicas while its metrics point to 7: held by a scale-up policy');
  assert.deepEqual(f.evidence.slice(0, 2), ['cpu 160 % / 50 % × 2 pods → 7', 'scale-up policy 1 pod/60 s → 2']);
});

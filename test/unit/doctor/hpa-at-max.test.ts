// hpa-at-max: an HPA held at maxReplicas while its metrics ask for more (ScalingLimited TooManyReplicas).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, pod, run } from './fixtures';

test('HPA at max: ScalingLimited TooManyReplicas is a warning', () => {
  const h = hpa('checkout', 'healthy', {
    max: 4,
    status: { currentReplicas: 4, desiredReplicas: 4 },
    conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }],
  });
  const [f] = run(baseState({ hpas: [h] }));
  assert.equal(f.id, 'hpa-at-max');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.evidence, ['ScalingLimited=True TooManyReplicas: the desired replica count is more than the maximum replica count', 'currentReplicas=4 desiredReplicas=4 maxReplicas=4']);
});

test('HPA at max: quiet when held at minReplicas or scaling within range', () => {
  const limited = (status: string, reason: string, message: string) => hpa('checkout', 'healthy', { max: 4, conditions: [{ type: 'ScalingLimited', status, reason, message }] });
  const atMin = limited('True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count');
  const inRange = limited('False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
  assert.deepEqual(run(baseState({ hpas: [atMin, inRange] }), 'hpa-at-max'), []);
});

test('HPA at max: the replayed chain shows what the metrics ask and that maxReplicas decides', () => {
  const h = hpa('checkout', 'healthy', {
    max: 4,
    status: { currentReplicas: 4, desiredReplicas: 4 },
    conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }],
  });
  const pods = [0, 1, 2, 3].map((i) =>
    pod(
      `checkout-${i}`,
      'healthy',
      { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '200m' } } }] },
      { status: { phase: 'Running', startTime: new Date('2026-12-06T12:00:00Z'), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date('2026-12-06T12:00:00Z') }] } },
    ),
  );
  const podMetrics = pods.map((p) => ({
    metadata: { name: p.metadata!.name!, namespace: 'healthy' },
    timestamp: '2026-12-06T13:59:50Z',
    window: '10s',
    containers: [{ name: 'app', usage: { cpu: '400m' } }],
  }));
  const [f] = run(baseState({ now: '2026-12-06T14:00:00Z', hpas: [h], targets: { 'healthy/checkout': { pods, podMetrics } } }), 'hpa-at-max');
  // 200 % of the 70 % target (the fixture's) over 4 pods: 12; maxReplicas 4 decides.
  assert.deepEqual(f.evidence.slice(2), ['cpu 200 % / 70 % × 4 pods → 12', 'maxReplicas → 4']);
});

// hpa-at-max: an HPA held at maxReplicas while its metrics ask for more (ScalingLimited TooManyReplicas).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, run } from './fixtures';

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

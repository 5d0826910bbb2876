// keda-trigger-failing: KEDAScalerFailed events on a Ready ScaledObject, or Fallback=True with fallback replicas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOW, READY, TARGET_MISSING, event, keda, scaledObject } from '../keda-fixtures';
import { baseState, run } from './fixtures';

const failed =
  'error requesting metrics endpoint: Get "http://prometheus.monitoring:9090/api/v1/query?query=sum%28rate%28http_requests_total%5B2m%5D%29%29": dial tcp: lookup prometheus.monitoring on 10.96.0.10:53: no such host';

test('keda-trigger-failing: Fallback=True is an error naming the fallback replicas, with the health and the events', () => {
  const fallback = { type: 'Fallback', status: 'True', reason: 'FallbackExists', message: 'At least one trigger is falling back on this scaled object' };
  const so = scaledObject('cart', {
    triggers: ['prometheus'],
    fallback: { failureThreshold: 3, replicas: 6 },
    conditions: [READY, fallback],
    status: { health: { 's0-prometheus': { numberOfFailures: 5, status: 'Failing' } } },
  });
  const s = baseState({ now: NOW, scaledObjects: [so], keda: keda({ events: [event('cart', 'Warning', 'KEDAScalerFailed', failed, 5)] }) });
  const [f, ...rest] = run(s, 'keda-trigger-failing');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'ScaledObject layer: ScaledObject shop/cart runs on fallback: a trigger keeps failing, so KEDA reports 6 replicas instead of its metric');
  assert.deepEqual(f.evidence, [
    'ScaledObject shop/cart Fallback=True FallbackExists: At least one trigger is falling back on this scaled object',
    'status.health s0-prometheus: Failing, 5 failure(s) in a row',
    `Warning KEDAScalerFailed: ${failed} (×5)`,
  ]);
});

test('keda-trigger-failing: a failing scaler without fallback is a warning quoting it; Normal events alone and not-Ready objects are not its finding', () => {
  const events = [event('cart', 'Warning', 'KEDAScalerFailed', failed), event('web', 'Normal', 'KEDAScalersStarted', 'Started scalers watch'), event('gone', 'Warning', 'KEDAScalerFailed', failed)];
  const s = baseState({
    now: NOW,
    scaledObjects: [scaledObject('cart', { triggers: ['prometheus'] }), scaledObject('web'), scaledObject('gone', { conditions: [TARGET_MISSING] })],
    keda: keda({ events }),
  });
  const [f, ...rest] = run(s, 'keda-trigger-failing');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, `ScaledObject layer: a trigger of ScaledObject shop/cart fails: ${failed}`);
});

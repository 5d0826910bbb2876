// keda-scaledobject-paused: the paused / paused-replicas annotations, as KEDA reads them (NeedToBePausedByAnnotation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOW, READY, keda, scaledJob, scaledObject } from '../keda-fixtures';
import { baseState, run } from './fixtures';

const PAUSED = { type: 'Paused', status: 'True', reason: 'ScaledObjectPaused', message: 'ScaledObject is paused' };

test('keda-scaledobject-paused: paused-replicas holds the workload at that count; the annotation and the condition are the evidence', () => {
  const so = scaledObject('cart', { annotations: { 'autoscaling.keda.sh/paused-replicas': '2' }, conditions: [READY, PAUSED], status: { pausedReplicaCount: 2 } });
  const [f, ...rest] = run(baseState({ now: NOW, scaledObjects: [so], keda: keda() }), 'keda-scaledobject-paused');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'ScaledObject layer: ScaledObject shop/cart is paused (autoscaling.keda.sh/paused-replicas: "2"): nothing scales Deployment/cart, held at 2 replicas');
  assert.deepEqual(f.evidence, ['metadata.annotations autoscaling.keda.sh/paused-replicas: "2"', 'ScaledObject shop/cart Paused=True ScaledObjectPaused: ScaledObject is paused']);
});

test('keda-scaledobject-paused: paused "true" (and a value ParseBool refuses) pauses; "false" and the one-way pauses do not', () => {
  const paused = (v: string) => run(baseState({ now: NOW, scaledObjects: [scaledObject('cart', { annotations: { 'autoscaling.keda.sh/paused': v } })], keda: keda() }), 'keda-scaledobject-paused');
  assert.equal(paused('true')[0].message, 'ScaledObject layer: ScaledObject shop/cart is paused (autoscaling.keda.sh/paused: "true"): nothing scales Deployment/cart');
  assert.equal(paused('yes').length, 1);
  assert.deepEqual(paused('false'), []);
  const oneWay = scaledObject('cart', { annotations: { 'autoscaling.keda.sh/paused-scale-in': 'true' }, conditions: [READY, PAUSED] });
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: [oneWay], keda: keda() }), 'keda-scaledobject-paused'), []);
});

test('keda-scaledobject-paused: a ScaledJob paused by annotation creates no Job; paused-replicas means nothing to a ScaledJob', () => {
  const paused = { type: 'Paused', status: 'True', reason: 'ScaledJobPaused', message: 'ScaledJob is paused' };
  const s = baseState({
    now: NOW,
    scaledJobs: [
      scaledJob('batch', { annotations: { 'autoscaling.keda.sh/paused': 'true' }, conditions: [paused] }),
      scaledJob('nightly', { annotations: { 'autoscaling.keda.sh/paused-replicas': '0' } }),
    ],
    keda: keda(),
  });
  const [f, ...rest] = run(s, 'keda-scaledobject-paused');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'ScaledJob layer: ScaledJob shop/batch is paused (autoscaling.keda.sh/paused: "true"): KEDA creates no Job for its triggers');
  assert.deepEqual(f.evidence, ['metadata.annotations autoscaling.keda.sh/paused: "true"', 'ScaledJob shop/batch Paused=True ScaledJobPaused: ScaledJob is paused']);
  assert.deepEqual(f.object, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', namespace: 'shop', name: 'batch' });
});

// keda-scaledobject-not-ready: Ready=False as KEDA writes it, or a scale target the doctor finds missing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOW, TARGET_MISSING, event, keda, scaledJob, scaledObject } from '../keda-fixtures';
import { baseState, run } from './fixtures';

test("keda-scaledobject-not-ready: the scale target is missing: KEDA's condition, the read, its ScaledObjectCheckFailed event", () => {
  const s = baseState({
    now: NOW,
    scaledObjects: [scaledObject('cart', { conditions: [TARGET_MISSING] }), scaledObject('web')],
    keda: keda({
      targetExists: { 'shop/cart': false, 'shop/web': true },
      events: [
        event('cart', 'Warning', 'ScaledObjectCheckFailed', "Target resource doesn't exist", 4),
        event('cart', 'Normal', 'KEDAScalersStarted', 'Scaler cron is built.'),
        event('web', 'Warning', 'KEDAScalerFailed', 'x'),
      ],
    }),
  });
  const [f, ...rest] = run(s, 'keda-scaledobject-not-ready');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'ScaledObject layer: ScaledObject shop/cart scales Deployment/cart, which does not exist (Ready=False ScaledObjectCheckFailed)');
  assert.deepEqual(f.object, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', namespace: 'shop', name: 'cart' });
  assert.deepEqual(f.evidence, [
    'ScaledObject shop/cart Ready=False ScaledObjectCheckFailed: ScaledObject doesn\'t have correct scaleTargetRef specification: deployments.apps "cart" not found',
    'Deployment/cart not found in namespace shop',
    "Warning ScaledObjectCheckFailed: Target resource doesn't exist (×4)",
  ]);
  assert.match(f.explanation, /fix spec\.scaleTargetRef/);
});

test('keda-scaledobject-not-ready: Ready=False for another reason quotes KEDA; Ready=True or not yet reconciled is no finding', () => {
  const failed = {
    type: 'Ready',
    status: 'False',
    reason: 'ScaledObjectCheckFailed',
    message: 'failed to ensure HPA is correctly created for ScaledObject: error parsing cron metadata: missing required parameter "timezone"',
  };
  const [f] = run(baseState({ now: NOW, scaledObjects: [scaledObject('cart', { conditions: [failed] })], keda: keda({ targetExists: { 'shop/cart': true } }) }), 'keda-scaledobject-not-ready');
  assert.equal(f.message, `ScaledObject layer: ScaledObject shop/cart is not Ready (ScaledObjectCheckFailed): ${failed.message}`);
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: [scaledObject('web')], keda: keda({ targetExists: { 'shop/web': true } }) }), 'keda-scaledobject-not-ready'), []);
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: [scaledObject('new', { conditions: [] })], keda: keda({ targetExists: {} }) }), 'keda-scaledobject-not-ready'), []);
});

test('keda-scaledobject-not-ready: a ScaledJob KEDA marked Ready=False is the ScaledJob layer, with its ScaledJobCheckFailed event; a Ready one is not', () => {
  const failed = { type: 'Ready', status: 'False', reason: 'ScaledJobCheckFailed', message: 'Cannot set metricType in ScaledJob triggers' };
  const s = baseState({
    now: NOW,
    scaledJobs: [scaledJob('export', { triggers: ['cron'], conditions: [failed] }), scaledJob('report')],
    keda: keda({ events: [event('export', 'Warning', 'ScaledJobCheckFailed', 'Cannot set metricType in ScaledJob triggers', 1, 'ScaledJob')] }),
  });
  const [f, ...rest] = run(s, 'keda-scaledobject-not-ready');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'ScaledJob layer: ScaledJob shop/export is not Ready (ScaledJobCheckFailed): Cannot set metricType in ScaledJob triggers');
  assert.deepEqual(f.object, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', namespace: 'shop', name: 'export' });
  assert.deepEqual(f.evidence, [
    'ScaledJob shop/export Ready=False ScaledJobCheckFailed: Cannot set metricType in ScaledJob triggers',
    'Warning ScaledJobCheckFailed: Cannot set metricType in ScaledJob triggers',
  ]);
  assert.match(f.explanation, /creates no Job for its triggers/);
});

// keda-external-metrics-taken: ScaledObjects with external triggers, and v1beta1.external.metrics.k8s.io routed to
// another adapter (article 004: prometheus-adapter and KEDA both want it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOW, keda, kedaApiService, kedaHpa, scaledObject } from '../keda-fixtures';
import { baseState, metricsApiService, run } from './fixtures';

const notFound = {
  type: 'ScalingActive',
  status: 'False',
  reason: 'FailedGetExternalMetric',
  message:
    'the HPA was unable to compute the replica count: unable to get external metric shop/s0-cron-Etc-UTC-0xxxx-5xxxx/&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: cart,},MatchExpressions:[]LabelSelectorRequirement{},}: unable to fetch metrics from external metrics API: the server could not find the requested resource',
};

test('keda-external-metrics-taken: prometheus-adapter holds the APIService; the owner, the ScaledObjects and their HPAs; first finding', () => {
  const s = baseState({
    now: NOW,
    scaledObjects: [scaledObject('cart', { triggers: ['cron', 'cpu'] }), scaledObject('web', { triggers: ['cpu'] })],
    hpas: [kedaHpa('cart', notFound)],
    keda: keda({ externalApi: metricsApiService('v1beta1.external.metrics.k8s.io', true) }),
  });
  assert.equal(run(s)[0].id, 'keda-external-metrics-taken');
  const [f, ...rest] = run(s, 'keda-external-metrics-taken');
  assert.equal(rest.length, 0);
  assert.equal(
    f.message,
    "External metrics API layer: APIService v1beta1.external.metrics.k8s.io routes to prometheus-adapter (Service monitoring/prometheus-adapter), not to KEDA's metrics server, so 1 ScaledObject with external triggers cannot scale",
  );
  assert.deepEqual(f.object, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'keda-hpa-cart' });
  assert.deepEqual(f.evidence.slice(0, 2), [
    'APIService v1beta1.external.metrics.k8s.io: spec.service monitoring/prometheus-adapter, Available=True Passed: all checks passed',
    // The cpu-only ScaledObject is not affected: its HPA reads a Resource metric.
    'ScaledObject shop/cart scales Deployment/cart with cron trigger(s)',
  ]);
  assert.match(f.evidence[2], /^HPA shop\/keda-hpa-cart ScalingActive=False FailedGetExternalMetric/);
});

test("keda-external-metrics-taken: nothing when the APIService is KEDA's, missing, or only cpu/memory triggers exist", () => {
  const taken = metricsApiService('v1beta1.external.metrics.k8s.io', true);
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: [scaledObject('cart')], keda: keda({ externalApi: kedaApiService(true) }) }), 'keda-external-metrics-taken'), []);
  assert.deepEqual(
    run(baseState({ now: NOW, scaledObjects: [scaledObject('cart')], keda: keda({ externalApi: metricsApiService('v1beta1.external.metrics.k8s.io', null) }) }), 'keda-external-metrics-taken'),
    [],
  );
  assert.deepEqual(run(baseState({ now: NOW, scaledObjects: [scaledObject('web', { triggers: ['cpu', 'memory'] })], keda: keda({ externalApi: taken }) }), 'keda-external-metrics-taken'), []);
});

// hpa-missing-request: live pods of an HPA's target lack the request its utilization metric needs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseState, hpa, pod, run } from './fixtures';

const MISSING_CPU = {
  type: 'ScalingActive',
  status: 'False',
  reason: 'FailedGetResourceMetric',
  message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod orders-7988c9d946-w8wxz',
};

test('missing request: names every container of the live pods without a cpu request, injected sidecars marked', () => {
  const h = hpa('orders', 'shop', { conditions: [MISSING_CPU] });
  const template = { spec: { containers: [{ name: 'app' }, { name: 'log-shipper' }], initContainers: [{ name: 'migrate' }] } };
  const p = pod('orders-7988c9d946-w8wxz', 'shop', {
    containers: [
      { name: 'app', resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } } },
      { name: 'log-shipper', resources: { requests: { memory: '32Mi' } } },
      { name: 'istio-proxy', resources: {} },
      { name: 'metrics', resources: { requests: { cpu: '10m' } } },
    ],
    initContainers: [
      { name: 'migrate' }, // plain init container: not counted
      { name: 'vault-agent', restartPolicy: 'Always', resources: { requests: { cpu: '0' } } }, // native sidecar with a zero request
    ],
  });
  const s = baseState({ hpas: [h], targets: { 'shop/orders': { template, selector: 'app=orders', pods: [p] } } });
  const [f, ...rest] = run(s, 'hpa-missing-request');
  assert.equal(rest.length, 0);
  assert.match(
    f.message,
    /HPA shop\/orders cannot compute cpu utilization: containers app, log-shipper, istio-proxy \(injected, not in the template\), vault-agent \(injected, not in the template\) of Deployment orders have no cpu request/,
  );
  assert.ok(!/migrate|metrics,/.test(f.message));
  assert.equal(f.evidence[0], `ScalingActive=False FailedGetResourceMetric: ${MISSING_CPU.message}`);
  assert.ok(f.evidence.includes('Pod shop/orders-7988c9d946-w8wxz: container "log-shipper" resources: {"requests":{"memory":"32Mi"}}'));
  assert.match(f.explanation, /admission webhook/);
  assert.equal(run(s, 'hpa-unknown-metric').length, 0, 'not also reported as an unknown metric');
  // The finding is about the HPA; its fix goes into the workload's manifest, which the Doctor view opens (issue 14).
  assert.deepEqual(f.object, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'orders' });
  assert.deepEqual(f.fixIn, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'orders' });
});

test('missing request: ContainerResource counts only its container; a pod-level request satisfies Resource metrics', () => {
  const metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }];
  const p = pod('web-1', 'shop', { containers: [{ name: 'app', resources: { requests: { cpu: '100m' } } }, { name: 'sidecar' }] });
  const s = baseState({ hpas: [hpa('web', 'shop', { metrics })], targets: { 'shop/web': { pods: [p] } } });
  assert.deepEqual(run(s, 'hpa-missing-request'), []);
  const podLevel = pod('web-1', 'shop', { containers: [{ name: 'app' }], resources: { requests: { cpu: '1' } } } as never);
  assert.deepEqual(run(baseState({ hpas: [hpa('web', 'shop')], targets: { 'shop/web': { pods: [podLevel] } } }), 'hpa-missing-request'), []);
  // AverageValue targets need no request.
  const avg = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '100m' } } }];
  assert.deepEqual(
    run(baseState({ hpas: [hpa('web', 'shop', { metrics: avg })], targets: { 'shop/web': { pods: [pod('web-1', 'shop', { containers: [{ name: 'app' }] })] } } }), 'hpa-missing-request'),
    [],
  );
});

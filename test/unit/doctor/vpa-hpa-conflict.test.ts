// vpa-hpa-conflict (doctor): a live VPA that changes running pods and an HPA on the cpu or memory it controls, on one workload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VerticalPodAutoscaler } from '../../../src/core/cluster/objects';
import { baseState, hpa, run } from './fixtures';

function vpa(name: string, namespace: string, spec: Partial<NonNullable<VerticalPodAutoscaler['spec']>> = {}, status?: VerticalPodAutoscaler['status']): VerticalPodAutoscaler {
  return { metadata: { name, namespace }, spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...spec }, ...(status ? { status } : {}) };
}

const RECOMMENDED: VerticalPodAutoscaler['status'] = {
  recommendation: {
    containerRecommendations: [{ containerName: 'web', target: { cpu: '587m', memory: '262144k' }, lowerBound: { cpu: '25m', memory: '262144k' }, upperBound: { cpu: '2', memory: '1Gi' } }],
  },
  conditions: [{ type: 'RecommendationProvided', status: 'True' }],
};

test('a VPA in its default mode (Recreate) and an HPA on cpu utilization of the same Deployment: one warning with the recommendation', () => {
  const s = baseState({ vpas: [vpa('web', 'shop', {}, RECOMMENDED)], hpas: [hpa('web', 'shop')] });
  const [f, ...rest] = run(s, 'vpa-hpa-conflict');
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'Deployment shop/web: VerticalPodAutoscaler web (updateMode Recreate by default) sets its cpu requests while HorizontalPodAutoscaler web scales it on cpu Utilization');
  assert.deepEqual(f.object, { kind: 'Deployment', namespace: 'shop', name: 'web', apiVersion: 'apps/v1' });
  assert.ok(
    f.evidence.includes('VerticalPodAutoscaler shop/web recommends for container web: target cpu 587m, memory 262144k (lower bound cpu 25m, memory 262144k; upper bound cpu 2, memory 1Gi)'),
    f.evidence.join('\n'),
  );
  assert.match(f.explanation, /docs\/rules\/vpa-hpa-conflict\.md/);
  assert.equal(f.docs, 'docs/doctor/vpa-hpa-conflict.md');
});

test('every acting mode is reported; Off and Initial are not', () => {
  for (const mode of ['Auto', 'Recreate', 'InPlaceOrRecreate', 'InPlace']) {
    const [f] = run(baseState({ vpas: [vpa('web', 'shop', { updatePolicy: { updateMode: mode } })], hpas: [hpa('web', 'shop')] }), 'vpa-hpa-conflict');
    assert.match(f?.message ?? '', new RegExp(`\\(updateMode ${mode}\\)`), mode);
  }
  for (const mode of ['Off', 'Initial']) {
    assert.deepEqual(run(baseState({ vpas: [vpa('web', 'shop', { updatePolicy: { updateMode: mode } })], hpas: [hpa('web', 'shop')] }), 'vpa-hpa-conflict'), [], mode);
  }
});

test('no recommendation yet: the evidence says so instead of inventing one', () => {
  const [f] = run(baseState({ vpas: [vpa('web', 'shop')], hpas: [hpa('web', 'shop')] }), 'vpa-hpa-conflict');
  assert.ok(f.evidence.includes('VerticalPodAutoscaler shop/web has no recommendation yet (no recommender has written its status)'), f.evidence.join('\n'));
});

test('the VPA kept to memory while the HPA scales on cpu is fine; on memory it clashes', () => {
  const memoryOnly = { resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['memory'] }] } };
  assert.deepEqual(run(baseState({ vpas: [vpa('web', 'shop', memoryOnly)], hpas: [hpa('web', 'shop')] }), 'vpa-hpa-conflict'), []);
  const onMemory = hpa('web', 'shop', { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } }] });
  const [f] = run(baseState({ vpas: [vpa('web', 'shop', memoryOnly)], hpas: [onMemory] }), 'vpa-hpa-conflict');
  assert.match(f.message, /sets its memory requests while HorizontalPodAutoscaler web scales it on memory AverageValue$/);
  assert.match(f.explanation, /^Both act on the same memory usage/);
});

test('container policies: mode Off for the container the ContainerResource metric counts is fine; another container is not', () => {
  const offForWeb = { resourcePolicy: { containerPolicies: [{ containerName: 'web', mode: 'Off' }] } };
  const perContainer = (container: string) =>
    hpa('web', 'shop', { metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container, target: { type: 'Utilization', averageUtilization: 60 } } }] });
  assert.deepEqual(run(baseState({ vpas: [vpa('web', 'shop', offForWeb)], hpas: [perContainer('web')] }), 'vpa-hpa-conflict'), []);
  const [f] = run(baseState({ vpas: [vpa('web', 'shop', offForWeb)], hpas: [perContainer('sidecar')] }), 'vpa-hpa-conflict');
  assert.match(f.message, /on container sidecar cpu Utilization$/);
});

test('a malformed controlledResources (not a list) leaves it undecided: no finding rather than a guess', () => {
  const s = baseState({ vpas: [vpa('web', 'shop', { resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: 'cpu' }] } })], hpas: [hpa('web', 'shop')] });
  assert.deepEqual(run(s, 'vpa-hpa-conflict'), []);
});

test('an HPA on another workload, in another namespace, or on custom metrics only is not paired with the VPA', () => {
  const custom = hpa('web', 'shop', { metrics: [{ type: 'Pods', pods: { metric: { name: 'http_requests' }, target: { type: 'AverageValue', averageValue: '100' } } }] });
  for (const h of [hpa('api', 'shop'), hpa('web', 'other'), custom]) assert.deepEqual(run(baseState({ vpas: [vpa('web', 'shop')], hpas: [h] }), 'vpa-hpa-conflict'), []);
});

test('an HPA without metrics scales on cpu by default: reported, and said to be the default', () => {
  const bare = hpa('web', 'shop');
  bare.spec!.metrics = [];
  const [f] = run(baseState({ vpas: [vpa('web', 'shop')], hpas: [bare] }), 'vpa-hpa-conflict');
  assert.match(f.message, /cpu Utilization \(its default metric: no metrics written\)$/);
});

test('VPAs not read (no CRD): no finding, no crash', () => {
  assert.deepEqual(run(baseState({ hpas: [hpa('web', 'shop')] }), 'vpa-hpa-conflict'), []);
});

// autoscaler-conflict: several HPAs or ScaledObjects own one workload (AmbiguousSelector), KEDA's own HPA excepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagnosisId, DoctorFinding } from '../../../src/core/doctor/types';
import { baseState, hpa, run } from './fixtures';

test('autoscaler conflict: AmbiguousSelector between a hand-written HPA and a leftover keda-hpa', () => {
  const amb = {
    type: 'ScalingActive',
    status: 'False',
    reason: 'AmbiguousSelector',
    message: 'pods by selector app=cart are controlled by multiple HPAs: [autoscaler-conflict/keda-hpa-cart autoscaler-conflict/cart]',
  };
  const s = baseState({
    hpas: [
      hpa('cart', 'autoscaler-conflict', { conditions: [amb] }),
      hpa('keda-hpa-cart', 'autoscaler-conflict', { target: 'cart', conditions: [amb], labels: { 'app.kubernetes.io/managed-by': 'keda-operator' } }),
    ],
  });
  const [f, ...rest] = run(s, 'autoscaler-conflict');
  assert.equal(rest.length, 0, 'one finding per workload');
  assert.match(f.message, /Deployment autoscaler-conflict\/cart has 2 autoscalers \(HPA cart, HPA keda-hpa-cart\)/);
  assert.equal(f.evidence.filter((l) => l.startsWith('ScalingActive=False AmbiguousSelector')).length, 1, 'condition deduplicated');
  assert.equal(run(s, 'hpa-unknown-metric').length, 0);
});

test("autoscaler conflict: HPA + ScaledObject on one Deployment; the ScaledObject's own HPA is not a second owner", () => {
  const so = { metadata: { name: 'cart', namespace: 'shop', uid: 'so-uid' }, spec: { scaleTargetRef: { name: 'cart' } } };
  const kedaHpa = hpa('keda-hpa-cart', 'shop', { target: 'cart' });
  kedaHpa.metadata!.ownerReferences = [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', name: 'cart', uid: 'so-uid' }];
  assert.deepEqual(run(baseState({ scaledObjects: [so], hpas: [kedaHpa] }), 'autoscaler-conflict'), []);
  const [f] = run(baseState({ scaledObjects: [so], hpas: [kedaHpa, hpa('cart-cpu', 'shop', { target: 'cart' })] }), 'autoscaler-conflict');
  assert.match(f.message, /2 autoscalers \(HPA cart-cpu, ScaledObject cart\)/);
  assert.ok(f.evidence.some((l) => l.includes('ScaledObject shop/cart scaleTargetRef Deployment/cart (its HPA: keda-hpa-cart)')));
});

test('autoscaler conflict: a ScaledObject without spec (pruned by its CRD schema) is ignored, the HPAs still counted', () => {
  const s = baseState({
    scaledObjects: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'cart', namespace: 'shop', uid: 'u' } } as never],
    hpas: [hpa('cart', 'shop'), hpa('cart-2', 'shop', { target: 'cart' })],
  });
  const fs = run(s);
  assert.deepEqual(s.problems, []);
  assert.match(only1(fs, 'autoscaler-conflict').message, /2 autoscalers \(HPA cart, HPA cart-2\)/);
});

function only1(fs: DoctorFinding[], id: DiagnosisId): DoctorFinding {
  const x = fs.filter((f) => f.id === id);
  assert.equal(x.length, 1, JSON.stringify(fs.map((f) => f.id)));
  return x[0];
}

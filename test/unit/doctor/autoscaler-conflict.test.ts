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

test('autoscaler conflict: the advice follows what the cluster shows (AmbiguousSelector from Kubernetes 1.26; before, flapping; KEDA webhook from 2.10)', () => {
  const so = { metadata: { name: 'podinfo', namespace: 'podinfo', uid: 'so' }, spec: { scaleTargetRef: { name: 'podinfo' } } };
  // Article 004 (EKS 1.23, KEDA 2.9): both exist, no HPA reports AmbiguousSelector.
  const [old] = run(baseState({ scaledObjects: [so], hpas: [hpa('podinfo', 'podinfo')] }), 'autoscaler-conflict');
  assert.match(old.message, /has 2 autoscalers \(HPA podinfo, ScaledObject podinfo\): each overwrites the others' replica count$/);
  assert.match(old.explanation, /Before Kubernetes 1\.26 the HPA controller has no such check: every HPA acts and the replica count flaps/);
  assert.match(old.explanation, /KEDA is older than 2\.10 or runs without its webhook/);
  const amb = { type: 'ScalingActive', status: 'False', reason: 'AmbiguousSelector', message: 'pods by selector app=cart are controlled by multiple HPAs: [a/x a/y]' };
  const [now] = run(baseState({ hpas: [hpa('x', 'a', { target: 'cart', conditions: [amb] }), hpa('y', 'a', { target: 'cart', conditions: [amb] })] }), 'autoscaler-conflict');
  assert.match(now.message, /: none of them scales it$/);
  assert.match(now.explanation, /^This cluster's HPA controller \(Kubernetes 1\.26\+\) refuses to act/);
  assert.doesNotMatch(now.explanation, /KEDA's admission webhook/);
});

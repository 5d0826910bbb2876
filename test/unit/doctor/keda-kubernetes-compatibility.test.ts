// keda-kubernetes-compatibility (doctor): the KEDA release the cluster runs, read from its operator's image or from the
// app.kubernetes.io/version label KEDA v2.21.1 writes on its HPAs (controllers/keda/hpa.go newHPAForScaledObject),
// against the API server's minor by KEDA's matrix: the window's edges, autoscaling/v2's absence, and what says nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as k8s from '@kubernetes/client-node';
import { NOW, keda, kedaDeployment, kedaHpa, scaledObject } from '../keda-fixtures';
import { baseState, run } from './fixtures';
import type { DoctorState } from '../../../src/core/doctor/state';

/** KEDA's HPA for ScaledObject `so` with the labels KEDA's operator writes (version `version`). */
function labelledHpa(so: string, version: string): k8s.V2HorizontalPodAutoscaler {
  const h = kedaHpa(so);
  h.metadata!.labels = {
    ...h.metadata!.labels,
    'app.kubernetes.io/name': `keda-hpa-${so}`,
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/part-of': so,
    'app.kubernetes.io/managed-by': 'keda-operator',
  };
  return h;
}

function state(server: string | undefined, over: Partial<DoctorState> & { version?: string } = {}): DoctorState {
  const { version = '2.21.1', ...rest } = over;
  return baseState({
    now: NOW,
    scaledObjects: [scaledObject('cart')],
    hpas: [labelledHpa('cart', version)],
    keda: keda({ serverVersion: server === undefined ? undefined : { gitVersion: server } }),
    ...rest,
  });
}

const ids = (s: DoctorState) => run(s, 'keda-kubernetes-compatibility');

test('keda-kubernetes-compatibility: KEDA 2.21.1 (its HPA label) on Kubernetes 1.33 is older than 2.21 is tested with: a warning naming both', () => {
  const [f, ...rest] = ids(state('v1.33.13'));
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'KEDA version layer: the cluster runs KEDA 2.21.1 on Kubernetes v1.33.13, older than the 1.34–1.36 KEDA tests this release with');
  assert.deepEqual(f.evidence, ["HPA shop/keda-hpa-cart label app.kubernetes.io/version: 2.21.1 (written by KEDA's operator)", 'API server: v1.33.13']);
  assert.deepEqual(f.object, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'keda-hpa-cart' });
  assert.match(f.explanation, /^KEDA 2\.21 is tested with Kubernetes 1\.34–1\.36, not 1\.33 \(older\)\. KEDA releases tested with Kubernetes 1\.33: 2\.20, 2\.19, 2\.18\. /);
  assert.equal(f.docs, 'docs/doctor/keda-kubernetes-compatibility.md');
});

test('keda-kubernetes-compatibility: the window edges 1.34 and 1.36 are tested (nothing); 1.37 is newer', () => {
  assert.deepEqual(ids(state('v1.34.0')), []);
  assert.deepEqual(ids(state('v1.36.4')), []);
  const [f] = ids(state('v1.37.1'));
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'KEDA version layer: the cluster runs KEDA 2.21.1 on Kubernetes v1.37.1, newer than the 1.34–1.36 KEDA tests this release with');
  assert.match(f.explanation, /^KEDA 2\.21 is tested with Kubernetes 1\.34–1\.36, not 1\.37 \(newer\): untested, upgrade KEDA with the cluster\. /);
});

test("keda-kubernetes-compatibility: the operator Deployment's image wins over the HPA labels; KEDA 2.9 on 1.22 is an error (no autoscaling/v2)", () => {
  const dep = kedaDeployment('keda-operator', 1);
  dep.spec!.template!.spec!.containers[0].image = 'ghcr.io/kedacore/keda:2.9.3';
  const [f] = ids(state('v1.22.17', { keda: { ...keda({ operators: [dep] }), serverVersion: { gitVersion: 'v1.22.17' } } }));
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'KEDA version layer: the cluster runs KEDA 2.9.3 on Kubernetes v1.22.17, older than the 1.23–1.25 KEDA tests this release with');
  assert.deepEqual(f.evidence, ['Deployment keda/keda-operator (ghcr.io/kedacore/keda:2.9.3)', 'API server: v1.22.17']);
  assert.deepEqual(f.object, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'keda', name: 'keda-operator' });
  assert.match(f.explanation, /From 2\.9 KEDA creates autoscaling\/v2 HPAs, which Kubernetes 1\.22 does not serve: no ScaledObject scales\./);
});

test('keda-kubernetes-compatibility: HPAs of two releases (mid-upgrade) count as the newer one', () => {
  const s = state('v1.35.0', { scaledObjects: [scaledObject('cart'), scaledObject('web')], hpas: [labelledHpa('cart', '2.19.0'), labelledHpa('web', '2.21.1')] });
  // 2.21 is tested with 1.35; 2.19 is not (1.32–1.34): the operator that relabels the HPAs runs the newer release.
  assert.deepEqual(ids(s), []);
});

test('keda-kubernetes-compatibility: says nothing without a version it can trust', () => {
  // The server version unread.
  assert.deepEqual(ids(state(undefined)), []);
  // A development build (version.Version defaults to "main"), and a KEDA older than the matrix.
  assert.deepEqual(ids(state('v1.33.13', { version: 'main' })), []);
  assert.deepEqual(ids(state('v1.33.13', { version: '2.6.1' })), []);
  // The ScaledObject's own label is copied over KEDA's on its HPA: not KEDA's version.
  const so = scaledObject('cart');
  so.metadata.labels = { 'app.kubernetes.io/version': '2.9.0' };
  assert.deepEqual(ids(state('v1.33.13', { scaledObjects: [so], hpas: [labelledHpa('cart', '2.9.0')] })), []);
  // A user's HPA with that label is no KEDA HPA.
  const user = labelledHpa('cart', '2.21.1');
  user.metadata = { name: 'cart', namespace: 'shop', labels: { 'app.kubernetes.io/version': '2.21.1' } };
  assert.deepEqual(ids(state('v1.33.13', { scaledObjects: [{ ...scaledObject('cart'), status: {} }], hpas: [user] })), []);
});

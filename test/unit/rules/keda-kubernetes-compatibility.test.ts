// keda-kubernetes-compatibility: the target KEDA release, and KEDA images in the manifests, against the target Kubernetes minor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kedaKubernetesCompatibility } from '../../../src/core/lint/rules/keda-kubernetes-compatibility';
import { kedaImageVersion, kedaKubernetesFit, kedaReleasesTestedWith } from '../../../src/core/k8s/kedaVersions';
import { analyze, covered } from '../../helpers';

const rules = [kedaKubernetesCompatibility];
const SO = (name: string) =>
  `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: ${name}\nspec:\n  scaleTargetRef: {name: web}\n  triggers:\n  - type: cron\n    metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "3"}\n`;

test('the matrix: KEDA 2.20 is tested with 1.33–1.35, 2.9 with 1.23–1.25; releases it has no row for are unknown', () => {
  assert.deepEqual(kedaKubernetesFit('2.20', '1.35'), { fit: 'tested', from: '1.33', to: '1.35' });
  assert.deepEqual(kedaKubernetesFit('v2.9.3', 'v1.35.1'), { fit: 'newer', from: '1.23', to: '1.25' });
  assert.deepEqual(kedaKubernetesFit('2.21', '1.30'), { fit: 'older', from: '1.34', to: '1.36' });
  assert.equal(kedaKubernetesFit('2.6', '1.22').fit, 'unknown');
  assert.equal(kedaKubernetesFit('2.30', '1.40').fit, 'unknown');
  assert.equal(kedaKubernetesFit('latest', '1.35').fit, 'unknown');
  assert.deepEqual(kedaReleasesTestedWith('1.33'), ['2.20', '2.19', '2.18']);
});

test('a target KEDA the target Kubernetes is newer than: one warning per file, on the first KEDA object, naming the releases tested with it', () => {
  const text = SO('a') + '---\n' + SO('b');
  const f = analyze(text, { settings: { kedaVersion: '2.9', kubernetesVersion: '1.35' }, rules });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.equal(covered(text, f[0]), 'kind');
  assert.ok(f[0].range.start < text.indexOf('name: b'));
  assert.match(f[0].message, /KEDA 2\.9 is tested with Kubernetes 1\.23–1\.25, not 1\.35 \(newer\)/);
  assert.match(f[0].message, /tested with Kubernetes 1\.35: 2\.21, 2\.20/);
  assert.match(f[0].message, /kedaVersion 2\.9, kubernetesVersion 1\.35/);
});

test('a Kubernetes older than KEDA needs: an error when KEDA 2.9+ creates autoscaling/v2 HPAs it does not serve', () => {
  const [f] = analyze(SO('a'), { settings: { kedaVersion: '2.10', kubernetesVersion: '1.22' }, rules });
  assert.equal(f.severity, 'error');
  assert.match(f.message, /not 1\.22 \(older\)\. From 2\.9 KEDA creates autoscaling\/v2 HPAs/);
  const [g] = analyze(SO('a'), { settings: { kedaVersion: '2.12', kubernetesVersion: '1.24' }, rules });
  assert.equal(g.severity, 'warning');
  assert.doesNotMatch(g.message, /autoscaling\/v2/);
});

test('tested pairs, unknown releases and files without KEDA objects: silent', () => {
  assert.deepEqual(analyze(SO('a'), { settings: { kedaVersion: '2.20', kubernetesVersion: '1.34' }, rules }), []);
  assert.deepEqual(analyze(SO('a'), { settings: { kedaVersion: '2.5', kubernetesVersion: '1.35' }, rules }), []);
  assert.deepEqual(analyze(SO('a'), { rules }), [], 'the defaults (KEDA 2.20, Kubernetes 1.35) are a tested pair');
  assert.deepEqual(analyze('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', { settings: { kedaVersion: '2.9', kubernetesVersion: '1.35' }, rules }), []);
});

test('KEDA images in a workload are checked against the target Kubernetes; other images and digests are not', () => {
  const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: keda-operator, namespace: keda}
spec:
  template:
    spec:
      containers:
      - name: keda-operator
        image: ghcr.io/kedacore/keda:2.9.0
      - name: metrics
        image: "kedacore/keda-metrics-apiserver:v2.20.1"
      - name: other
        image: nginx:1.25
      - name: pinned
        image: ghcr.io/kedacore/keda@sha256:0123
`;
  const f = analyze(deploy, { settings: { kubernetesVersion: '1.35' }, rules });
  assert.deepEqual(
    f.map((x) => covered(deploy, x)),
    ['ghcr.io/kedacore/keda:2.9.0'],
  );
  assert.match(f[0].message, /^keda 2\.9\.0: KEDA 2\.9 is tested with Kubernetes 1\.23–1\.25/);
  assert.deepEqual(kedaImageVersion('docker.io/kedacore/keda-admission-webhooks:2.14.0-rc1'), { component: 'keda-admission-webhooks', version: '2.14.0' });
  assert.equal(kedaImageVersion('ghcr.io/kedacore/keda:{{ .Values.tag }}'), undefined);
  assert.equal(kedaImageVersion('ghcr.io/kedacore/http-add-on:0.8.0'), undefined);
});

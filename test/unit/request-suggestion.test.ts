// Requests from real usage (issue 17 item 6): the percentile and the rounding people use for requests, the payload the
// extension sends (kubeScalingDoctor/liveRequests, checked before use), and the missing-request fix that offers the
// measured values before the placeholder. The server path: test/lsp/server.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuRequestText, memoryRequestText, percentile } from '../../src/core/k8s/requestSuggestion';
import { liveRequestsOf } from '../../src/core/language/protocol';
import { hpaMissingRequest } from '../../src/core/lint/rules/hpa-missing-request';
import { applyTextEdits } from '../../src/core/text/edits';
import { analyze, titleOf } from '../helpers';

test('percentile: nearest rank over the samples, in any order', () => {
  assert.equal(percentile([], 95), undefined);
  assert.equal(percentile([40], 95), 40);
  const samples = Array.from({ length: 20 }, (_, i) => (i + 1) * 10).reverse();
  assert.equal(percentile(samples, 95), 190);
  assert.equal(percentile(samples, 50), 100);
  assert.equal(percentile(samples, 100), 200);
});

test('requests are rounded up the way people write them', () => {
  assert.deepEqual([1, 12, 100, 101, 587, 1000, 1001, 2350].map(cpuRequestText), ['10m', '20m', '100m', '150m', '600m', '1000m', '1100m', '2400m']);
  const mi = 2 ** 20;
  assert.deepEqual([1, 100 * mi, 128 * mi, 129 * mi, 250 * mi, 1000 * mi, 1025 * mi, 2048 * mi].map(memoryRequestText), ['16Mi', '112Mi', '128Mi', '192Mi', '256Mi', '1Gi', '1280Mi', '2Gi']);
});

test('liveRequestsOf keeps positive quantities with a printable source, and drops the rest', () => {
  const ok = { value: '350m', source: 'the target of VerticalPodAutoscaler shop/web' };
  assert.deepEqual(
    liveRequestsOf({
      'shop/Deployment/web/app': { cpu: ok, memory: { value: '0', source: 'x' } },
      'shop/Deployment/web/sidecar': { cpu: { value: '1 core', source: 'x' }, memory: { value: '64Mi', source: 'line\nbreak' } },
      'not/a/key': { cpu: ok },
      'shop/Deployment/api/app': 'nope',
    }),
    { 'shop/Deployment/web/app': { cpu: ok } },
  );
  for (const raw of [null, 'x', 42, []]) assert.deepEqual(liveRequestsOf(raw), {});
});

const HPA_URI = 'file:///app/hpa.yaml';
const DEPLOY_URI = 'file:///app/deploy.yaml';
const hpa = (ns: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web${ns}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
  - type: Resource
    resource: {name: memory, target: {type: Utilization, averageUtilization: 70}}
`;
const deploy = (ns: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web${ns}}
spec:
  template:
    spec:
      containers:
      - name: app
        image: shop/web:1.0
`;
const SOURCE = 'p95 of 40 usage samples from 2 pods since 07:40';
const live = { 'shop/Deployment/web/app': { cpu: { value: '350m', source: SOURCE } }, 'staging/Deployment/web/app': { cpu: { value: '100m', source: SOURCE } } };

test('the measured fix comes first, names its source and inserts the measured value; the placeholder stays, labelled', () => {
  const [f] = analyze({ [HPA_URI]: hpa(', namespace: shop'), [DEPLOY_URI]: deploy(', namespace: shop') }, { rules: [hpaMissingRequest], settings: { liveRequests: live } });
  const [measured, placeholder] = f.fixes;
  assert.equal(titleOf(measured), `Add requests measured in the cluster (cpu: 350m) to container "app" (a guess from the cluster: cpu 350m = ${SOURCE})`);
  assert.equal(measured.safety, 'guess');
  assert.match(applyTextEdits(deploy(', namespace: shop'), measured.edits), /requests:\n\s+cpu: 350m\n/, 'memory has no measured value: not invented');
  assert.match(titleOf(placeholder), /^Add requests \(cpu: 100m, memory: 128Mi\) to container "app" \(a guess: a placeholder, not measured; /);
});

test('a manifest without a namespace takes the value only when one namespace of the cluster has the workload', () => {
  const [ambiguous] = analyze({ [HPA_URI]: hpa(''), [DEPLOY_URI]: deploy('') }, { rules: [hpaMissingRequest], settings: { liveRequests: live } });
  assert.equal(ambiguous.fixes.length, 1, ambiguous.fixes.map((x) => titleOf(x)).join(' | '));
  const [one] = analyze({ [HPA_URI]: hpa(''), [DEPLOY_URI]: deploy('') }, { rules: [hpaMissingRequest], settings: { liveRequests: { 'shop/Deployment/web/app': live['shop/Deployment/web/app'] } } });
  assert.match(titleOf(one.fixes[0]), /^Add requests measured in the cluster \(cpu: 350m\)/);
  const [other] = analyze({ [HPA_URI]: hpa(', namespace: prod'), [DEPLOY_URI]: deploy(', namespace: prod') }, { rules: [hpaMissingRequest], settings: { liveRequests: live } });
  assert.equal(other.fixes.length, 1, 'a written namespace the cluster has no value for: the placeholder only');
});

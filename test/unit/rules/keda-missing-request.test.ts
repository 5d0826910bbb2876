// keda-missing-request: a ScaledObject cpu/memory trigger on containers without that request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kedaMissingRequest } from '../../../src/core/lint/rules/keda-missing-request';
import { analyze, covered } from '../../helpers';

const DEPLOY_URI = 'file:///app/deploy.yaml';

/** A Deployment `web` in `shop` with the given pod spec body (indented 6 spaces). */
const deploy = (podSpec: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: 2
  template:
    spec:
${podSpec}`;

const APP_WITH_CPU = `      containers:
      - name: app
        image: shop/web:1.0
        resources:
          requests:
            cpu: 250m
`;

const scaledObject = (trigger: string, ns = 'shop') => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web
  namespace: ${ns}
spec:
  scaleTargetRef:
    name: web
  triggers:
${trigger}`;

const kedaFindings = (trigger: string, pod: string, kind = 'Deployment') =>
  analyze(
    {
      'file:///app/so.yaml': scaledObject(trigger).replace('    name: web\n', `    kind: ${kind}\n    name: web\n`),
      [DEPLOY_URI]: deploy(pod).replace('kind: Deployment', `kind: ${kind}`),
    },
    { rules: [kedaMissingRequest] },
  );

const NO_REQUESTS = '      containers:\n      - name: app\n        image: x\n';

test('KEDA cpu Utilization trigger needs cpu requests (error)', () => {
  const f = kedaFindings('  - type: cpu\n    metricType: Utilization\n    metadata:\n      value: "60"\n', NO_REQUESTS);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /^missing request for cpu in container "app" \(Deployment shop\/web\): the HPA KEDA creates/);
  assert.equal(f[0].fixes[0].safety, 'guess');
  assert.deepEqual(kedaFindings('  - type: cpu\n    metricType: Utilization\n    metadata:\n      value: "60"\n', APP_WITH_CPU), []);
});

test('KEDA legacy metadata.type: Utilization is read too', () => {
  const f = kedaFindings('  - type: memory\n    metadata:\n      type: Utilization\n      value: "60"\n', NO_REQUESTS);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /memory.*deprecated metadata\.type/);
});

test('KEDA AverageValue (the default) is a webhook warning on Deployments/StatefulSets only', () => {
  const trigger = '  - type: cpu\n    metadata:\n      value: 500m\n';
  const f = kedaFindings(trigger, NO_REQUESTS);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.match(f[0].message, /admission webhook/);
  assert.equal(kedaFindings(trigger, NO_REQUESTS, 'StatefulSet').length, 1);
  const rollout = analyze(
    {
      'file:///app/so.yaml': scaledObject(trigger).replace('    name: web\n', '    apiVersion: argoproj.io/v1alpha1\n    kind: Rollout\n    name: web\n'),
      [DEPLOY_URI]: deploy(NO_REQUESTS).replace('apps/v1\nkind: Deployment', 'argoproj.io/v1alpha1\nkind: Rollout'),
    },
    { rules: [kedaMissingRequest] },
  );
  assert.deepEqual(rollout, []);
});

test('KEDA metadata.containerName: only that container counts', () => {
  const pod = APP_WITH_CPU + '      - name: istio-proxy\n        image: istio/proxyv2\n';
  const trigger = (c: string) => `  - type: cpu\n    metricType: Utilization\n    metadata:\n      value: "60"\n      containerName: ${c}\n`;
  assert.deepEqual(kedaFindings(trigger('app'), pod), []);
  const f = kedaFindings(trigger('istio-proxy'), pod);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /container "istio-proxy"/);
  const all = kedaFindings('  - type: cpu\n    metricType: Utilization\n    metadata:\n      value: "60"\n', pod);
  assert.match(all[0].message, /container "istio-proxy"/);
});

test('KEDA: the workload file gets the finding too; other trigger types need nothing', () => {
  const trigger = '  - type: cpu\n    metricType: Utilization\n    metadata:\n      value: "60"\n';
  const text = deploy(NO_REQUESTS);
  const f = analyze({ [DEPLOY_URI]: text, 'file:///app/so.yaml': scaledObject(trigger) }, { rules: [kedaMissingRequest] });
  assert.equal(f.length, 1);
  assert.equal(covered(text, f[0]), 'app');
  assert.match(f[0].message, /ScaledObject shop\/web/);
  const prom = '  - type: prometheus\n    metadata:\n      query: sum(rate(x[1m]))\n      threshold: "10"\n';
  assert.deepEqual(kedaFindings(prom, NO_REQUESTS), []);
});

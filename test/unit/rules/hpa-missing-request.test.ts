// hpa-missing-request: a utilization target on containers without that request (the HPA cannot compute it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/lint/analyzer';
import { withDefaults } from '../../../src/core/lint/settings';
import { Workspace } from '../../../src/core/manifest/workspace';
import { hpaMissingRequest } from '../../../src/core/lint/rules/hpa-missing-request';
import { analyze, covered, titleOf } from '../../helpers';
import { applyTextEdits } from '../../../src/core/text/edits';

const HPA_URI = 'file:///app/hpa.yaml';
const DEPLOY_URI = 'file:///app/deploy.yaml';
const rules = [hpaMissingRequest];

const hpaV2 = (metric = 'cpu', type = 'Utilization', ns = 'shop') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: ${ns}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: ${metric}
      target: {type: ${type}, ${type === 'Utilization' ? 'averageUtilization: 70' : 'averageValue: 100m'}}
`;

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

function hpaFindings(podSpec: string, hpa = hpaV2(), extra: Record<string, string> = {}) {
  return analyze({ [HPA_URI]: hpa, [DEPLOY_URI]: deploy(podSpec), ...extra }, { rules });
}

test('reports a regular container without the request on the HPA, naming container and workload', () => {
  const text = hpaV2();
  const findings = hpaFindings('      containers:\n      - name: app\n        image: shop/web:1.0\n');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'error');
  assert.match(findings[0].message, /^missing request for cpu in container "app" \(Deployment shop\/web\)/);
  assert.equal(covered(text, findings[0]), 'cpu');
});

test('a sidecar without request is named, the app container with one is not', () => {
  const findings = hpaFindings(APP_WITH_CPU + '      - name: istio-proxy\n        image: istio/proxyv2\n');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^missing request for cpu in container "istio-proxy" \(Deployment shop\/web\)/);
});

test('all containers with requests: no finding', () => {
  assert.deepEqual(hpaFindings(APP_WITH_CPU), []);
});

test('restartable init containers count, plain init containers do not', () => {
  const sidecar = APP_WITH_CPU + '      initContainers:\n      - name: log-shipper\n        restartPolicy: Always\n        image: fluent-bit\n';
  const findings = hpaFindings(sidecar);
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /container "log-shipper"/);
  const plain = APP_WITH_CPU + '      initContainers:\n      - name: migrate\n        image: shop/migrate\n';
  assert.deepEqual(hpaFindings(plain), []);
});

test('ContainerResource checks only the named container, and says when it does not exist', () => {
  const hpa = (container: string) =>
    hpaV2().replace('  - type: Resource\n    resource:\n      name: cpu\n', `  - type: ContainerResource\n    containerResource:\n      container: ${container}\n      name: cpu\n`);
  const pod = APP_WITH_CPU + '      - name: istio-proxy\n        image: istio/proxyv2\n';
  assert.deepEqual(hpaFindings(pod, hpa('app')), []);
  const onSidecar = hpaFindings(pod, hpa('istio-proxy'));
  assert.equal(onSidecar.length, 1);
  assert.match(onSidecar[0].message, /container "istio-proxy"/);
  const missing = hpaFindings(pod, hpa('api'));
  assert.equal(missing.length, 1);
  assert.match(missing[0].message, /container "api" not found in Deployment shop\/web/);
});

test('AverageValue targets need no request', () => {
  assert.deepEqual(hpaFindings('      containers:\n      - name: app\n        image: x\n', hpaV2('cpu', 'AverageValue')), []);
});

test('memory utilization needs memory requests, cpu requests do not satisfy it', () => {
  const findings = hpaFindings(APP_WITH_CPU, hpaV2('memory'));
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^missing request for memory in container "app"/);
});

test('a limit alone satisfies it (Pod defaulting copies limits into requests); a limit of another resource does not', () => {
  const cpuLimit = '      containers:\n      - name: app\n        resources:\n          limits:\n            cpu: "1"\n';
  assert.deepEqual(hpaFindings(cpuLimit), []);
  const memoryLimit = '      containers:\n      - name: app\n        resources:\n          limits:\n            memory: 1Gi\n';
  assert.equal(hpaFindings(memoryLimit).length, 1);
});

test('a zero request counts as missing', () => {
  const zero = '      containers:\n      - name: app\n        resources:\n          requests:\n            cpu: "0"\n';
  assert.equal(hpaFindings(zero).length, 1);
});

test('a LimitRange default request in the same namespace satisfies it; in another namespace or for pods it does not', () => {
  const pod = '      containers:\n      - name: app\n        image: x\n';
  const limitRange = (ns: string, type: string, field: string) =>
    `apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: ${ns}}\nspec:\n  limits:\n  - type: ${type}\n    ${field}:\n      cpu: 200m\n`;
  const lr = (ns: string, type = 'Container', field = 'defaultRequest') => ({ 'file:///app/lr.yaml': limitRange(ns, type, field) });
  assert.deepEqual(hpaFindings(pod, hpaV2(), lr('shop')), []);
  assert.deepEqual(hpaFindings(pod, hpaV2(), lr('shop', 'Container', 'default')), [], '`default` becomes defaultRequest');
  assert.deepEqual(hpaFindings(pod, hpaV2(), lr('shop', 'Container', 'max')), [], '`max` becomes default, then defaultRequest');
  assert.equal(hpaFindings(pod, hpaV2(), lr('prod')).length, 1);
  assert.equal(hpaFindings(pod, hpaV2(), lr('shop', 'Pod', 'max')).length, 1);
});

test('autoscaling/v1: targetCPUUtilizationPercentage, and the 80% cpu default without it', () => {
  const v1 = (target: string) =>
    `apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n${target}`;
  const pod = '      containers:\n      - name: app\n';
  const explicit = hpaFindings(pod, v1('  targetCPUUtilizationPercentage: 50\n'));
  assert.equal(explicit.length, 1);
  assert.equal(covered(v1('  targetCPUUtilizationPercentage: 50\n'), explicit[0]), 'targetCPUUtilizationPercentage');
  const defaulted = hpaFindings(pod, v1(''));
  assert.equal(defaulted.length, 1);
  assert.match(defaulted[0].message, /defaults to 80% cpu utilization/);
  assert.deepEqual(hpaFindings(APP_WITH_CPU, v1('')), []);
});

test('autoscaling/v2beta1 and v2beta2 forms', () => {
  const pod = '      containers:\n      - name: app\n';
  const beta1 = (field: string) =>
    `apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource: {name: cpu, ${field}}\n`;
  assert.equal(hpaFindings(pod, beta1('targetAverageUtilization: 60')).length, 1);
  assert.deepEqual(hpaFindings(pod, beta1('targetAverageValue: 500m')), []);
  assert.equal(hpaFindings(pod, hpaV2().replace('autoscaling/v2', 'autoscaling/v2beta2')).length, 1);
});

test('autoscaling/v2 without metrics defaults to cpu utilization; other metric types need nothing', () => {
  const pod = '      containers:\n      - name: app\n';
  const noMetrics = hpaV2().replace(/  metrics:[\s\S]*$/, '');
  const f = hpaFindings(pod, noMetrics);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /^no metrics, so the HPA defaults to 80% cpu utilization: missing request for cpu in container "app"/);
  const pods = noMetrics + '  metrics:\n  - type: Pods\n    pods:\n      metric: {name: rps}\n      target: {type: AverageValue, averageValue: "10"}\n';
  assert.deepEqual(hpaFindings(pod, pods), []);
});

test('the workload file gets a finding on each offending container, with the same fix', () => {
  const text = deploy(APP_WITH_CPU + '      - name: istio-proxy\n        image: istio/proxyv2\n');
  const findings = analyze({ [DEPLOY_URI]: text, [HPA_URI]: hpaV2() }, { rules });
  assert.equal(findings.length, 1);
  assert.equal(findings[0].uri, DEPLOY_URI);
  assert.equal(covered(text, findings[0]), 'istio-proxy');
  assert.match(findings[0].message, /^missing request for cpu in container "istio-proxy": HorizontalPodAutoscaler shop\/web/);
  assert.equal(findings[0].fixes[0].edits[0].uri, DEPLOY_URI);
});

test('the fix on the HPA edits the workload file, keeping formatting and comments', () => {
  const pod = '      containers:\n      - name: app # main\n        image: shop/web:1.0\n      - name: istio-proxy\n        resources: {}\n';
  const text = deploy(pod);
  const [f] = analyze({ [HPA_URI]: hpaV2(), [DEPLOY_URI]: text }, { rules, settings: { defaultRequests: { cpu: '50m', memory: '64Mi' } } });
  const fix = f.fixes[0];
  assert.equal(fix.safety, 'guess', 'request values from settings are not the workload’s usage: lint --fix never writes them');
  assert.equal(titleOf(fix), 'Add requests (cpu: 50m) to containers "app", "istio-proxy" (a guess: a placeholder, not measured; measure with kube-scaling-doctor top pods)');
  assert.ok(fix.edits.every((e) => e.uri === DEPLOY_URI));
  assert.equal(
    applyTextEdits(text, fix.edits),
    deploy(
      '      containers:\n      - name: app # main\n        image: shop/web:1.0\n        resources:\n          requests:\n            cpu: 50m\n      - name: istio-proxy\n        resources: {requests: {cpu: 50m}}\n',
    ),
  );
});

test('cpu and memory metrics give one edit per container with both requests; CRLF kept', () => {
  const hpa = hpaV2() + '  - type: Resource\n    resource:\n      name: memory\n      target: {type: Utilization, averageUtilization: 80}\n';
  const text = deploy('      containers:\n      - name: app\n        image: x\n').replace(/\n/g, '\r\n');
  const findings = analyze({ [HPA_URI]: hpa, [DEPLOY_URI]: text }, { rules });
  assert.equal(findings.length, 2);
  assert.deepEqual(findings[0].fixes[0].edits, findings[1].fixes[0].edits);
  assert.equal(
    applyTextEdits(text, findings[0].fixes[0].edits),
    deploy('      containers:\n      - name: app\n        image: x\n        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n').replace(/\n/g, '\r\n'),
  );
});

test('namespaces: implicit on both sides match; explicit on one side matches an implicit workload; different ones do not', () => {
  const pod = '      containers:\n      - name: app\n';
  const implicit = (s: string) => s.replace(/  namespace: shop\n/, '');
  assert.equal(analyze({ [HPA_URI]: implicit(hpaV2()), [DEPLOY_URI]: implicit(deploy(pod)) }, { rules }).length, 1);
  const loose = analyze({ [HPA_URI]: hpaV2(), [DEPLOY_URI]: implicit(deploy(pod)) }, { rules });
  assert.equal(loose.length, 1);
  assert.match(loose[0].message, /\(Deployment shop\/web\)/);
  assert.deepEqual(analyze({ [HPA_URI]: hpaV2(), [DEPLOY_URI]: deploy(pod, 'prod') }, { rules }), []);
});

test('Helm-templated resources are skipped', () => {
  const pod = '      containers:\n      - name: app\n        resources:\n          {{- toYaml .Values.resources | nindent 10 }}\n';
  assert.deepEqual(hpaFindings(pod), []);
  const templatedName = hpaV2().replace('name: web}', 'name: {{ .Release.Name }}}');
  assert.deepEqual(hpaFindings('      containers:\n      - name: app\n', templatedName), []);
});

test('editing the workload file updates the finding (workspace indexes are refreshed)', () => {
  const ws = new Workspace();
  const implicit = deploy('      containers:\n      - name: app\n').replace('  namespace: shop\n', '');
  ws.set(HPA_URI, hpaV2());
  ws.set(DEPLOY_URI, implicit);
  assert.equal(analyzeFile(ws, HPA_URI, withDefaults({}), rules).length, 1);
  ws.set(DEPLOY_URI, implicit.replace('      - name: app\n', '      - name: app\n        resources: {requests: {cpu: 1}}\n'));
  assert.deepEqual(analyzeFile(ws, HPA_URI, withDefaults({}), rules), []);
  ws.delete(DEPLOY_URI);
  assert.deepEqual(analyzeFile(ws, HPA_URI, withDefaults({}), rules), []);
});

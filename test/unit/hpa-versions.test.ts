// HPAs on every served API version (issue 15, item 1): which version is read, the mapper into the v2 shape, and the
// doctor against fake API servers serving only autoscaling/v2beta2 or v2beta1 (a 1.22 control plane is not built here:
// the Go proxy lists no k8s.io/kubernetes v1.22.x). Their objects follow the v2beta1/v2beta2/v1 definitions of Kubernetes
// v1.24.17's api/openapi-spec/swagger.json (scripts/sources/upstream.mjs kubernetes-legacy); the expected v2 shapes
// follow pkg/apis/autoscaling/{v1,v2beta1}/conversion.go of v1.33. autoscaling/v1 on a real server: test/cluster/hpa-versions.test.mjs.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { hpaReadLine, toJson } from '../../src/cli/doctor';
import { hpaApi } from '../../src/core/cluster/hpaApi';
import { diagnose } from '../../src/core/doctor/diagnose';
import { hpaListPath, pickHpaVersion, toV2Hpa } from '../../src/core/k8s/hpaVersions';

test('the newest served HPA version is read: v2, else v2beta2, else v2beta1, else v1', () => {
  assert.equal(pickHpaVersion(['autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta2']), 'autoscaling/v2');
  assert.equal(pickHpaVersion(['autoscaling/v1', 'autoscaling/v2beta1', 'autoscaling/v2beta2']), 'autoscaling/v2beta2');
  assert.equal(pickHpaVersion(['autoscaling/v2beta1', 'autoscaling/v1']), 'autoscaling/v2beta1');
  assert.equal(pickHpaVersion(['autoscaling/v1']), 'autoscaling/v1');
  assert.equal(pickHpaVersion(['autoscaling/v3']), undefined);
  assert.equal(hpaListPath('autoscaling/v1', 'shop'), '/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers');
  assert.equal(hpaListPath('autoscaling/v2beta2'), '/apis/autoscaling/v2beta2/horizontalpodautoscalers');
});

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

test('autoscaling/v1: the CPU target and the annotations (other metrics, current metrics, conditions) become the v2 fields', () => {
  const conditions = [
    { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', lastTransitionTime: '2026-12-05T20:00:00Z' },
  ];
  const v1 = {
    metadata: {
      name: 'web',
      namespace: 'shop',
      annotations: {
        team: 'checkout',
        'autoscaling.alpha.kubernetes.io/metrics': JSON.stringify([{ type: 'Pods', pods: { metricName: 'rps', targetAverageValue: '10' } }]),
        'autoscaling.alpha.kubernetes.io/current-metrics': JSON.stringify([
          { type: 'Pods', pods: { metricName: 'rps', currentAverageValue: '12' } },
          { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 95, currentAverageValue: '950m' } },
        ]),
        'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify(conditions),
      },
    },
    spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 60 },
    status: { currentReplicas: 3, desiredReplicas: 3, currentCPUUtilizationPercentage: 95 },
  };
  const h = toV2Hpa(v1, 'autoscaling/v1');
  assert.equal(h.apiVersion, 'autoscaling/v1', 'the version read stays on the object');
  assert.deepEqual(h.metadata?.annotations, { team: 'checkout' }, 'round-trip annotations dropped, others kept');
  assert.deepEqual(h.spec?.metrics, [
    { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } },
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
  ]);
  assert.equal((h.spec as unknown as Record<string, unknown>).targetCPUUtilizationPercentage, undefined);
  assert.deepEqual(h.status?.currentMetrics, [
    { type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '12' } } },
    { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 95, averageValue: '950m' } } },
  ]);
  assert.deepEqual(h.status?.conditions, conditions);
  assert.deepEqual(v1.spec.targetCPUUtilizationPercentage, 60, 'the input is not changed');
});

test('autoscaling/v1 without annotations: 80% CPU when no target is set; current CPU from the status field; a broken annotation is ignored', () => {
  const h = toV2Hpa(
    {
      metadata: { name: 'a', namespace: 'n', annotations: { 'autoscaling.alpha.kubernetes.io/conditions': '{not json' } },
      spec: { scaleTargetRef: ref, maxReplicas: 4 },
      status: { currentReplicas: 1, desiredReplicas: 1, currentCPUUtilizationPercentage: 30 },
    },
    'autoscaling/v1',
  );
  assert.deepEqual(h.spec?.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.deepEqual(h.status?.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30 } } }]);
  assert.equal(h.status?.conditions, undefined);
  assert.deepEqual(h.metadata?.annotations, {});
});

test('autoscaling/v2beta1: every metric source and status in the v2 shape; v2beta2 is already that shape', () => {
  const selector = { matchLabels: { queue: 'orders' } };
  const beta1 = {
    metadata: { name: 'q', namespace: 'shop', annotations: { 'autoscaling.alpha.kubernetes.io/behavior': JSON.stringify({ scaleDown: { stabilizationWindowSeconds: 60 } }) } },
    spec: {
      scaleTargetRef: ref,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'memory', targetAverageValue: '200Mi' } },
        { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', targetAverageUtilization: 70 } },
        { type: 'Object', object: { target: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metricName: 'hits', targetValue: '2k' } },
        { type: 'External', external: { metricName: 'queue_depth', metricSelector: selector, targetAverageValue: '30' } },
      ],
    },
    status: {
      currentReplicas: 2,
      desiredReplicas: 2,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'memory', currentAverageValue: '100Mi' } },
        { type: 'External', external: { metricName: 'queue_depth', metricSelector: selector, currentValue: '0', currentAverageValue: '20' } },
      ],
      conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }],
    },
  };
  const h = toV2Hpa(beta1, 'autoscaling/v2beta1');
  assert.deepEqual(h.spec?.metrics, [
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } },
    { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 70 } } },
    { type: 'Object', object: { describedObject: beta1.spec.metrics[2].object!.target, metric: { name: 'hits' }, target: { type: 'Value', value: '2k' } } },
    { type: 'External', external: { metric: { name: 'queue_depth', selector }, target: { type: 'AverageValue', averageValue: '30' } } },
  ]);
  assert.deepEqual(h.status?.currentMetrics, [
    { type: 'Resource', resource: { name: 'memory', current: { averageValue: '100Mi' } } },
    { type: 'External', external: { metric: { name: 'queue_depth', selector }, current: { value: '0', averageValue: '20' } } },
  ]);
  assert.deepEqual(h.status?.conditions, beta1.status.conditions);
  assert.deepEqual(h.spec?.behavior, { scaleDown: { stabilizationWindowSeconds: 60 } });
  const beta2 = {
    metadata: { name: 'w', namespace: 'shop' },
    spec: { scaleTargetRef: ref, maxReplicas: 2, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
  };
  assert.deepEqual(toV2Hpa(beta2, 'autoscaling/v2beta2'), { ...beta2, apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler' });
});

// ---- the doctor against servers that serve older versions only ----

type Served = { versions: string[]; hpas?: Record<string, unknown>[]; hpaList?: 'forbidden'; noGroup?: boolean };
let served: Served = { versions: [] };
const requests: string[] = [];
let server: Server;
let port = 0;

const notFound = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 };
const list = (items: unknown[]) => ({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    requests.push(url.pathname);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const p = url.pathname;
    if (p === '/apis/autoscaling') {
      if (served.noGroup) return send(404, notFound);
      return send(200, { kind: 'APIGroup', apiVersion: 'v1', name: 'autoscaling', versions: served.versions.map((v) => ({ groupVersion: v, version: v.split('/')[1] })) });
    }
    const hpaPath = /^\/apis\/(autoscaling\/[^/]+)\/horizontalpodautoscalers$/.exec(p);
    if (hpaPath) {
      if (!served.versions.includes(hpaPath[1])) return send(404, notFound);
      if (served.hpaList === 'forbidden') {
        const message = `horizontalpodautoscalers.autoscaling is forbidden: User "dev" cannot list resource "horizontalpodautoscalers" in API group "autoscaling" at the cluster scope`;
        return send(403, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403 });
      }
      return send(200, list(served.hpas ?? []));
    }
    if (/^\/api\/v1\/(nodes|pods)$/.test(p)) return send(200, list([]));
    if (p === '/apis/apps/v1/namespaces/shop/deployments/web') {
      return send(200, { metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app' }] } } } });
    }
    if (p === '/api/v1/namespaces/shop/pods')
      return send(200, list([{ metadata: { name: 'web-1', namespace: 'shop' }, spec: { containers: [{ name: 'app', resources: {} }] }, status: { phase: 'Running' } }]));
    return send(404, notFound);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => server.close());

/** A new KubeConfig each time: discovery is remembered per connection. */
function connection(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'dev', token: 'not-a-real-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'dev' }],
    currentContext: 'fake',
  });
  return kc;
}

const atMax = [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }];

test('doctor on a server serving autoscaling/v2beta2 (Kubernetes 1.12–1.22): HPAs read as v2beta2, their diagnoses found', async () => {
  served = {
    versions: ['autoscaling/v1', 'autoscaling/v2beta1', 'autoscaling/v2beta2'],
    hpas: [
      {
        metadata: { name: 'web', namespace: 'shop' },
        spec: { scaleTargetRef: ref, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
        status: { currentReplicas: 3, desiredReplicas: 3, conditions: atMax },
      },
    ],
  };
  const r = await diagnose(connection(), { kubectlPath: '/nonexistent/kubectl' });
  assert.equal(r.hpaVersion, 'autoscaling/v2beta2');
  assert.deepEqual(r.hpas, [{ namespace: 'shop', name: 'web', version: 'autoscaling/v2beta2' }]);
  const ids = r.findings.map((f) => f.id);
  assert.ok(ids.includes('hpa-at-max') && ids.includes('hpa-missing-request'), ids.join(', '));
  assert.deepEqual(r.findings.find((f) => f.id === 'hpa-at-max')!.object, { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' });
  assert.ok(!requests.includes('/apis/autoscaling/v2/horizontalpodautoscalers'), 'never asks for a version the server does not serve');
});

test('doctor on a server serving autoscaling/v2beta1 and v1: HPAs read as v2beta1, mapped, diagnosed; JSON and text name the version', async () => {
  served = {
    versions: ['autoscaling/v1', 'autoscaling/v2beta1'],
    hpas: [
      {
        metadata: { name: 'web', namespace: 'shop' },
        spec: { scaleTargetRef: ref, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: 50 } }] },
        status: { currentReplicas: 3, desiredReplicas: 3, conditions: atMax },
      },
    ],
  };
  const r = await diagnose(connection(), { kubectlPath: '/nonexistent/kubectl' });
  assert.equal(r.hpaVersion, 'autoscaling/v2beta1');
  assert.ok(
    r.findings.some((f) => f.id === 'hpa-missing-request'),
    'the v2beta1 Utilization target was mapped: its missing request is found',
  );
  const json = JSON.parse(toJson(r.findings, r.problems, { version: r.hpaVersion, hpas: r.hpas }));
  assert.equal(json.hpaApiVersion, 'autoscaling/v2beta1');
  assert.deepEqual(json.hpas, [{ namespace: 'shop', name: 'web', version: 'autoscaling/v2beta1' }]);
  assert.equal(hpaReadLine({ version: r.hpaVersion, hpas: r.hpas }), 'HPAs: 1 read as autoscaling/v2beta1 (the newest HPA version this server serves): shop/web');
});

test('no HPA version served, or the list forbidden: a stated problem and no HPA list, never "no HPAs"', async () => {
  served = { versions: [], noGroup: true };
  let r = await diagnose(connection(), { kubectlPath: '/nonexistent/kubectl' });
  assert.equal(r.hpas, undefined);
  const notServed = r.problems.find((p) => p.title === 'HorizontalPodAutoscaler API not served');
  assert.ok(notServed, JSON.stringify(r.problems));
  assert.match(notServed.message, /serves no autoscaling API group, none of autoscaling\/v2, autoscaling\/v2beta2, autoscaling\/v2beta1, autoscaling\/v1/);
  const json = JSON.parse(toJson(r.findings, r.problems, { version: r.hpaVersion, hpas: r.hpas }));
  assert.equal(json.hpas, null);
  assert.equal(json.hpaApiVersion, null);
  assert.equal(hpaReadLine({}), 'HPAs: not read (see the notes below)');

  served = { versions: ['autoscaling/v1'], hpaList: 'forbidden' };
  r = await diagnose(connection(), { kubectlPath: '/nonexistent/kubectl' });
  assert.equal(r.hpas, undefined);
  const forbidden = r.problems.find((p) => p.kind === 'forbidden');
  assert.deepEqual(forbidden?.missingPermission, { verb: 'list', group: 'autoscaling', resource: 'horizontalpodautoscalers' });
});

test('discovery is asked once per connection; a failed one is asked again', async () => {
  served = { versions: ['autoscaling/v1'] };
  const kc = connection();
  const before = requests.filter((p) => p === '/apis/autoscaling').length;
  assert.deepEqual(await hpaApi(kc), { version: 'autoscaling/v1', served: ['autoscaling/v1'] });
  served = { versions: ['autoscaling/v1', 'autoscaling/v2'] };
  assert.deepEqual(await hpaApi(kc), { version: 'autoscaling/v1', served: ['autoscaling/v1'] }, 'the same connection keeps its answer');
  assert.equal(requests.filter((p) => p === '/apis/autoscaling').length - before, 1);
  served = { versions: [], noGroup: true };
  const other = connection();
  assert.ok('problem' in (await hpaApi(other)));
  served = { versions: ['autoscaling/v2'] };
  assert.deepEqual(await hpaApi(other), { version: 'autoscaling/v2', served: ['autoscaling/v2'] });
});

// HPAs on a REAL API server that serves them only as autoscaling/v1 (issue 15, item 1): kube-apiserver v1.33 started
// with --runtime-config=autoscaling/v2=false (`up --apiserver-arg`; v1.33 serves autoscaling/v1 and v2 only, v2beta2
// having been removed in 1.26), on a cluster of its own (<KSD_TEST_CLUSTER>-hpa-v1, deleted at the end: flags are fixed
// at creation, docs/cluster.md#kube-apiserver-flags). The doctor (CLI, --format json) and the Cluster view's data layer
// must read the HPAs as autoscaling/v1, with v1's annotations (other metrics, conditions) mapped, and diagnose them.
//
// v1.33's HPA controller lists autoscaling/v2 only, so with v2 off it does not run (its log: "failed to list
// *v2.HorizontalPodAutoscaler"). The HPAs' status is therefore written here through the v1 status subresource, conditions in
// the `autoscaling.alpha.kubernetes.io/conditions` annotation as a pre-v2 controller wrote them: the real server converts
// and stores it, and serves it back through v1 the same way.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { up, down, kubectl, waitFor, BIN, HERE } from '../../scripts/cluster/lib.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { ClusterSession } from '../../src/core/cluster/session.ts';
import { skip } from './skip.mjs';

const NAME = `${process.env.KSD_TEST_CLUSTER || 'ksd-test'}-hpa-v1`;
const NS = 'hpa-v1';
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);
let kubeconfig;

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: ${NS}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: fake-web}]
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: ${NS}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 1
  targetCPUUtilizationPercentage: 50
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: queue
  namespace: ${NS}
  annotations:
    autoscaling.alpha.kubernetes.io/metrics: '[{"type":"External","external":{"metricName":"queue_depth","targetAverageValue":"30"}}]'
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 4
`;

const AT_MAX = [
  { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', lastTransitionTime: '2026-12-05T21:00:00Z' },
];

describe('HPAs on an API server that serves autoscaling/v1 only (a cluster of its own)', { skip }, () => {
  before(async () => {
    ({ kubeconfig } = await up({ name: NAME, scenario: 'pending', nodes: 1, profile: 'test', apiserverArgs: ['--runtime-config=autoscaling/v2=false'], log }));
    kubectl(['apply', '-f', '-'], { name: NAME, input: MANIFESTS });
    // The status a pre-v2 controller would write for web: held at maxReplicas, conditions in v1's annotation.
    const hpa = JSON.parse(kubectl(['get', '--raw', `/apis/autoscaling/v1/namespaces/${NS}/horizontalpodautoscalers/web`], { name: NAME }).stdout);
    hpa.metadata.annotations = { ...hpa.metadata.annotations, 'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify(AT_MAX) };
    hpa.status = { currentReplicas: 1, desiredReplicas: 1, currentCPUUtilizationPercentage: 90 };
    kubectl(['replace', '--raw', `/apis/autoscaling/v1/namespaces/${NS}/horizontalpodautoscalers/web/status`, '-f', '-'], { name: NAME, input: JSON.stringify(hpa) });
    await waitFor('a running pod of Deployment web', () => /Running/.test(kubectl(['get', 'pods', '-n', NS, '--no-headers'], { name: NAME, allowFail: true }).stdout), { timeoutMs: 120_000 });
  });

  after(async () => {
    await down({ name: NAME, log });
  });

  test('the API server started with --runtime-config=autoscaling/v2=false serves HPAs as autoscaling/v1 only', () => {
    const group = JSON.parse(kubectl(['get', '--raw', '/apis/autoscaling'], { name: NAME }).stdout);
    assert.deepEqual(
      group.versions.map((v) => v.groupVersion),
      ['autoscaling/v1'],
    );
    const v2 = kubectl(['get', '--raw', `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`], { name: NAME, allowFail: true });
    assert.notEqual(v2.code, 0);
    assert.match(v2.stderr, /NotFound|could not find the requested resource/);
  });

  test('doctor --format json lists the HPAs read as autoscaling/v1 and still diagnoses them (at max, missing request)', () => {
    const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', BIN.kubectl, '-n', NS, '--format', 'json'], { encoding: 'utf8', timeout: 180_000 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.equal(out.hpaApiVersion, 'autoscaling/v1');
    assert.deepEqual(
      [...out.hpas].sort((a, b) => a.name.localeCompare(b.name)),
      [
        { namespace: NS, name: 'queue', version: 'autoscaling/v1' },
        { namespace: NS, name: 'web', version: 'autoscaling/v1' },
      ],
    );
    const atMax = out.findings.find((f) => f.id === 'hpa-at-max');
    assert.ok(atMax, JSON.stringify(out.findings.map((f) => f.id)));
    assert.deepEqual(atMax.object, { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', namespace: NS, name: 'web' });
    assert.ok(atMax.evidence.includes('ScalingLimited=True TooManyReplicas: the desired replica count is more than the maximum replica count'), atMax.evidence.join('\n'));
    const missing = out.findings.filter((f) => f.id === 'hpa-missing-request');
    assert.deepEqual(
      missing.map((f) => f.object.name),
      ['web'],
      'the CPU target of web needs a request; queue (External metric from the annotation) does not',
    );
    assert.ok(!out.problems.some((p) => /HorizontalPodAutoscaler/.test(p.title)), JSON.stringify(out.problems));

    const text = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', BIN.kubectl, '-n', NS], { encoding: 'utf8', timeout: 180_000 });
    assert.match(text.stdout, /^HPAs: 2 read as autoscaling\/v1 \(the newest HPA version this server serves\): hpa-v1\/(web|queue), hpa-v1\/(web|queue)$/m);
  });

  test('the Cluster view data layer lists the HPAs read as autoscaling/v1, their v1 annotations mapped', async () => {
    const session = new ClusterSession(loadKubeConfig({ kubeconfig }), { namespace: NS, batchMs: 50 });
    try {
      await session.start();
      const rows = await waitFor('both HPA rows', () => {
        const hpas = session.snapshot().autoscalers.filter((a) => a.kind === 'HorizontalPodAutoscaler');
        return hpas.length === 2 && hpas;
      });
      const snap = session.snapshot();
      assert.equal(snap.info.hpaApiVersion, 'autoscaling/v1');
      assert.ok(!snap.problems.some((p) => /HorizontalPodAutoscaler/.test(p.title)), JSON.stringify(snap.problems));
      const web = rows.find((r) => r.name === 'web');
      const queue = rows.find((r) => r.name === 'queue');
      assert.equal(web.apiVersion, 'autoscaling/v1');
      assert.equal(web.atMax, true, 'ScalingLimited TooManyReplicas from the conditions annotation');
      assert.deepEqual(
        web.metrics.map((m) => m.text),
        ['cpu: 90%/50%'],
      );
      assert.deepEqual(
        queue.metrics.map((m) => m.name),
        ['queue_depth'],
        'the External metric kept in the metrics annotation',
      );
    } finally {
      session.dispose();
    }
  });
});

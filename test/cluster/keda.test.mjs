// Real KEDA on the local cluster: the operator, metrics API server and admission webhooks built from the Go module
// proxy (the `keda` component) behind the real aggregator and HPA controller. Per scenario, kubectl shows what KEDA
// itself wrote, and `doctor --format json` names the failing layer in its first finding. KEDA's build runs first (it
// waits for the background extras build of scripts/run-tests.mjs, then builds KEDA if it is not cached), so this file
// runs among the component tests of its shard; `after` stops KEDA so that the files after it get external.metrics back.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { up, switchScenario, apis, kubectl, waitFor, BIN, HERE, VERSIONS } from '../../scripts/cluster/lib.mjs';
import { componentContext } from '../../scripts/cluster/components/index.mjs';
import keda from '../../scripts/cluster/components/keda.mjs';
import customMetrics from '../../scripts/cluster/components/custom-metrics.mjs';
import { loadKubeConfig } from '../../src/core/cluster/connect.ts';
import { readInstalledVersions } from '../../src/core/cluster/installedVersions.ts';
import { skip } from './skip.mjs';

const NAME = process.env.KSD_TEST_CLUSTER || 'ksd-test';
const MIN = 60_000;
const log = (m) => process.stderr.write(`# [cluster] ${m}\n`);
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');

let kubeconfig;
let api;

/** `doctor --format json` on one namespace, as users run it. */
function doctorJson(namespace) {
  const r = spawnSync(process.execPath, [CLI, 'doctor', '--kubeconfig', kubeconfig, '--kubectl', BIN.kubectl, '--namespace', namespace, '--format', 'json'], { encoding: 'utf8', timeout: 3 * MIN });
  assert.ok(r.stdout.trim().startsWith('{'), `doctor printed no JSON (exit ${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return { code: r.status, findings: out.findings };
}

const summary = (findings) => JSON.stringify(findings.map((f) => [f.id, f.message]));

/** kubectl's answer, which must succeed. */
function k(args) {
  return kubectl(args, { name: NAME }).stdout;
}

const scaledObject = async (namespace, name) => api.custom.getNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace, plural: 'scaledobjects', name });
const conditionOf = (so, type) => (so.status?.conditions ?? []).find((c) => c.type === type);

describe('KEDA on the local cluster', { skip, timeout: 75 * MIN }, () => {
  before(
    async () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first (npm test does)`);
      await keda.build(componentContext({ name: NAME, log }));
      ({ kubeconfig } = await up({ scenario: 'healthy', name: NAME, log, profile: 'test' }));
      api = apis({ name: NAME });
    },
    // Long: on a fresh machine it waits for build.sh --extras, then builds KEDA cold (docs/benchmarks.md).
    { timeout: 70 * MIN },
  );

  after(async () => {
    const ctx = componentContext({ name: NAME, log });
    await keda.stop(ctx);
    await customMetrics.stop(ctx);
  });

  test("keda-ok: KEDA makes keda-hpa-cart, writes Ready and Active, serves the cron trigger's value, and the HPA scales cart to 3", async () => {
    await switchScenario('keda-ok', { name: NAME, log });
    const so = await scaledObject('keda-ok', 'cart');
    assert.equal(conditionOf(so, 'Ready')?.status, 'True', JSON.stringify(so.status));
    assert.equal(conditionOf(so, 'Active')?.status, 'True', JSON.stringify(so.status));
    assert.equal(so.status.hpaName, 'keda-hpa-cart');
    const hpa = await api.autoscaling.readNamespacedHorizontalPodAutoscaler({ name: 'keda-hpa-cart', namespace: 'keda-ok' });
    assert.ok(
      hpa.metadata.ownerReferences.some((o) => o.kind === 'ScaledObject' && o.name === 'cart'),
      'KEDA owns its HPA',
    );
    const metric = hpa.spec.metrics[0].external.metric.name;
    assert.match(metric, /^s0-cron-UTC-/);
    assert.match(k(['get', 'apiservice', 'v1beta1.external.metrics.k8s.io']), /keda\/keda-metrics-apiserver\s+True/);
    const served = JSON.parse(k(['get', '--raw', `/apis/external.metrics.k8s.io/v1beta1/namespaces/keda-ok/${metric}?labelSelector=scaledobject.keda.sh%2Fname%3Dcart`]));
    assert.deepEqual(
      served.items.map((i) => i.value),
      ['3'],
    );
    assert.equal((await api.apps.readNamespacedDeployment({ name: 'cart', namespace: 'keda-ok' })).spec.replicas, 3);
    const { findings } = doctorJson('keda-ok');
    // The one KEDA finding of a healthy ScaledObject here: KEDA 2.21 is tested with Kubernetes 1.34–1.36, and the local
    // cluster runs 1.33 (keda.sh "Kubernetes Compatibility"; KEDA's own pkg/util/welcome.go says the same).
    assert.deepEqual(
      findings.filter((f) => f.id.startsWith('keda-') || f.id.startsWith('custom-metric') || f.id === 'autoscaler-conflict').map((f) => f.id),
      ['keda-kubernetes-compatibility'],
      summary(findings),
    );
  });

  test("keda-ok: the KEDA release is read from the version label KEDA's operator wrote on its HPA, and checked against the API server's", async () => {
    const kedaVersion = VERSIONS.KEDA_VERSION.replace(/^v/, '');
    const server = JSON.parse(k(['version', '-o', 'json'])).serverVersion.gitVersion;
    const hpa = await api.autoscaling.readNamespacedHorizontalPodAutoscaler({ name: 'keda-hpa-cart', namespace: 'keda-ok' });
    assert.equal(hpa.metadata.labels['app.kubernetes.io/version'], kedaVersion, 'what KEDA itself wrote');
    assert.equal(hpa.metadata.labels['app.kubernetes.io/managed-by'], 'keda-operator');
    const { findings } = doctorJson('keda-ok');
    const found = findings.filter((f) => f.id === 'keda-kubernetes-compatibility');
    assert.equal(found.length, 1, summary(findings));
    assert.equal(found[0].severity, 'warning');
    assert.equal(found[0].message, `KEDA version layer: the cluster runs KEDA ${kedaVersion} on Kubernetes ${server}, older than the 1.34–1.36 KEDA tests this release with`);
    assert.deepEqual(found[0].evidence, [`HPA keda-ok/keda-hpa-cart label app.kubernetes.io/version: ${kedaVersion} (written by KEDA's operator)`, `API server: ${server}`]);
    assert.deepEqual(found[0].object, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'keda-ok', name: 'keda-hpa-cart' }); // The editor's lint reads the same release (no KEDA Deployment names one here: the operator's stand-in has no tag).
    const installed = await readInstalledVersions(loadKubeConfig({ kubeconfig }));
    assert.deepEqual(installed.keda, { version: kedaVersion, from: 'HPA keda-ok/keda-hpa-cart label app.kubernetes.io/version' });
  });

  test('keda-ok, then paused-replicas: KEDA writes Paused=True and scales to the paused count; the doctor names the pause', async () => {
    // keda-ok's namespace is deleted by the next switch, so the annotation does not outlive this test.
    k(['-n', 'keda-ok', 'annotate', 'scaledobject', 'cart', 'autoscaling.keda.sh/paused-replicas=2']);
    await waitFor('ScaledObject keda-ok/cart Paused=True', async () => conditionOf(await scaledObject('keda-ok', 'cart'), 'Paused')?.status === 'True', { timeoutMs: 2 * MIN });
    await waitFor('Deployment keda-ok/cart at the paused count 2', async () => (await api.apps.readNamespacedDeployment({ name: 'cart', namespace: 'keda-ok' })).spec.replicas === 2, {
      timeoutMs: 2 * MIN,
    });
    const { findings } = doctorJson('keda-ok');
    const paused = findings.filter((f) => f.id === 'keda-scaledobject-paused');
    assert.equal(paused.length, 1, summary(findings));
    assert.equal(paused[0].message, 'ScaledObject layer: ScaledObject keda-ok/cart is paused (autoscaling.keda.sh/paused-replicas: "2"): nothing scales Deployment/cart, held at 2 replicas');
    assert.ok(
      paused[0].evidence.some((l) => /^ScaledObject keda-ok\/cart Paused=True ScaledObjectPaused/.test(l)),
      paused[0].evidence.join('\n'),
    );
  });

  test('keda-not-ready: the target is missing; KEDA says Ready=False and the first finding names the ScaledObject layer', async () => {
    await switchScenario('keda-not-ready', { name: NAME, log });
    const ready = conditionOf(await scaledObject('keda-not-ready', 'cart'), 'Ready');
    assert.equal(ready.reason, 'ScaledObjectCheckFailed');
    const { code, findings } = doctorJson('keda-not-ready');
    assert.equal(code, 1);
    assert.equal(findings[0].id, 'keda-scaledobject-not-ready', summary(findings));
    assert.match(findings[0].message, /^ScaledObject layer: ScaledObject keda-not-ready\/cart scales Deployment\/cart, which does not exist \(Ready=False ScaledObjectCheckFailed\)/);
    assert.ok(findings[0].evidence.includes('Deployment/cart not found in namespace keda-not-ready'), findings[0].evidence.join('\n'));
    assert.ok(
      findings[0].evidence.some((l) => /^Warning ScaledObjectCheckFailed: /.test(l)),
      findings[0].evidence.join('\n'),
    );
  });

  test("keda-hpa-conflict: a user's HPA beside KEDA's on one Deployment; both AmbiguousSelector, the first finding names both owners", async () => {
    await switchScenario('keda-hpa-conflict', { name: NAME, log });
    assert.match(k(['-n', 'keda-hpa-conflict', 'describe', 'hpa', 'keda-hpa-cart']), /AmbiguousSelector/);
    const { code, findings } = doctorJson('keda-hpa-conflict');
    assert.equal(code, 1);
    assert.equal(findings[0].id, 'autoscaler-conflict', summary(findings));
    assert.ok(
      findings[0].evidence.some((l) => l.startsWith('ScaledObject keda-hpa-conflict/cart scaleTargetRef Deployment/cart (its HPA: keda-hpa-cart)')),
      findings[0].evidence.join('\n'),
    );
  });

  test('keda-trigger-failing: the prometheus trigger fails; KEDA falls back to 4 replicas and the first finding names the trigger', async () => {
    await switchScenario('keda-trigger-failing', { name: NAME, log });
    assert.equal(conditionOf(await scaledObject('keda-trigger-failing', 'cart'), 'Fallback')?.reason, 'FallbackExists');
    const { code, findings } = doctorJson('keda-trigger-failing');
    assert.equal(code, 1);
    assert.equal(findings[0].id, 'keda-trigger-failing', summary(findings));
    assert.equal(findings[0].message, 'ScaledObject layer: ScaledObject keda-trigger-failing/cart runs on fallback: a trigger keeps failing, so KEDA reports 4 replicas instead of its metric');
    assert.ok(
      findings[0].evidence.some((l) => /^Warning KEDAScalerFailed: .*127\.0\.0\.1:9.*connection refused/.test(l)),
      findings[0].evidence.join('\n'),
    );
  });

  test("keda-trigger-failing: the operator's own log line for the ScaledObject, served as its pod's log, is quoted as evidence", async () => {
    // What kubectl shows of the operator's pod is the real operator's output (lib/criLog.mjs, kwok ClusterLogs).
    const logged = k(['-n', 'keda', 'logs', 'deploy/keda-operator', '--tail=300']);
    // KEDA names the object `scaledObject.Namespace`/`scaledObject.Name` (scale_handler) or `namespace`/`name` (the scaler's own logger).
    const names = (l) =>
      (l.includes('"scaledObject.Namespace": "keda-trigger-failing"') && l.includes('"scaledObject.Name": "cart"')) ||
      (l.includes('"namespace": "keda-trigger-failing"') && l.includes('"name": "cart"'));
    const scalerError = (l) => /\tERROR\t/.test(l) && names(l) && /127\.0\.0\.1:9.*connection refused/.test(l);
    assert.ok(logged.split('\n').some(scalerError), logged.split('\n').slice(-20).join('\n'));
    const { findings } = doctorJson('keda-trigger-failing');
    assert.equal(findings[0].id, 'keda-trigger-failing', summary(findings));
    assert.ok(findings[0].evidence.some(scalerError), findings[0].evidence.join('\n'));
    assert.match(findings[0].explanation, /KEDA's operator logs the same error/);
  });

  test('keda-scaledjob: KEDA refuses one ScaledJob, pauses one and fails the trigger of the third; the doctor names each on the ScaledJob layer', async () => {
    await switchScenario('keda-scaledjob', { name: NAME, log });
    const scaledJob = (name) => api.custom.getNamespacedCustomObject({ group: 'keda.sh', version: 'v1alpha1', namespace: 'keda-scaledjob', plural: 'scaledjobs', name });
    const refused = conditionOf(await scaledJob('export'), 'Ready');
    assert.equal(refused?.reason, 'ScaledJobCheckFailed', JSON.stringify(refused));
    assert.equal(conditionOf(await scaledJob('batch'), 'Paused')?.status, 'True');
    const { code, findings } = doctorJson('keda-scaledjob');
    assert.equal(code, 1);
    // Errors first: the refused ScaledJob, with KEDA's own condition message.
    assert.equal(findings[0].id, 'keda-scaledobject-not-ready', summary(findings));
    assert.equal(findings[0].message, `ScaledJob layer: ScaledJob keda-scaledjob/export is not Ready (ScaledJobCheckFailed): ${refused.message}`);
    assert.deepEqual(findings[0].object, { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', namespace: 'keda-scaledjob', name: 'export' });
    const paused = findings.filter((f) => f.id === 'keda-scaledobject-paused');
    assert.deepEqual(
      paused.map((f) => f.message),
      ['ScaledJob layer: ScaledJob keda-scaledjob/batch is paused (autoscaling.keda.sh/paused: "true"): KEDA creates no Job for its triggers'],
    );
    const failing = findings.filter((f) => f.id === 'keda-trigger-failing');
    assert.equal(failing.length, 1, summary(findings));
    assert.match(failing[0].message, /^ScaledJob layer: a trigger of ScaledJob keda-scaledjob\/report fails: .*127\.0\.0\.1:9.*connection refused/);
    assert.ok(
      failing[0].evidence.some((l) => /^Warning KEDAScalerFailed: .*127\.0\.0\.1:9/.test(l)),
      failing[0].evidence.join('\n'),
    );
    // KEDA logs a ScaledJob's scaler error with its name only; the doctor quotes that line.
    assert.ok(
      failing[0].evidence.some((l) => /\tERROR\t/.test(l) && l.includes('"scaledJob.Name": "report"')),
      failing[0].evidence.join('\n'),
    );
  });

  test('keda-adapter-conflict: another adapter holds external.metrics.k8s.io; the first finding names it and KEDA loses its HPA metric', async () => {
    await switchScenario('keda-adapter-conflict', { name: NAME, log });
    assert.match(k(['get', 'apiservice', 'v1beta1.external.metrics.k8s.io']), /custom-metrics\/custom-metrics-apiserver\s+True/);
    const { code, findings } = doctorJson('keda-adapter-conflict');
    assert.equal(code, 1);
    assert.equal(findings[0].id, 'keda-external-metrics-taken', summary(findings));
    assert.match(
      findings[0].message,
      /^External metrics API layer: APIService v1beta1\.external\.metrics\.k8s\.io routes to custom-metrics-apiserver's test-adapter \(Service custom-metrics\/custom-metrics-apiserver\), not to KEDA's metrics server/,
    );
    assert.ok(
      findings[0].evidence.some((l) => /^HPA keda-adapter-conflict\/keda-hpa-cart ScalingActive=False FailedGetExternalMetric: /.test(l)),
      findings[0].evidence.join('\n'),
    );
  });

  test("keda-operator-down: the operator stopped, its Lease went stale; the first finding names KEDA's operator layer", async () => {
    await switchScenario('keda-operator-down', { name: NAME, log });
    const { code, findings } = doctorJson('keda-operator-down');
    assert.equal(findings[0]?.id, 'keda-not-running', summary(findings));
    assert.equal(code, 1);
    assert.equal(findings[0].message, "KEDA operator layer: KEDA's operator is not running, so 1 ScaledObject is not reconciled");
    assert.match(findings[0].evidence.join('\n'), /^Lease keda\/operator\.keda\.sh: holder \S+, renewed \d+s before this read$/m);
    // The operator's Deployment follows the process: no ready replica.
    assert.match(findings[0].evidence.join('\n'), /^Deployment keda\/keda-operator: 0\/0 ready \(ksd-local\/keda-operator\)$/m);
  });
});

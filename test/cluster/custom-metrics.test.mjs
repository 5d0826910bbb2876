// The custom/external metrics pipeline on the REAL local cluster: custom-metrics-apiserver's test-adapter (the
// `custom-metrics` component, built from the Go module proxy) behind the real aggregator and the real HPA controller.
// Per scenario, kubectl shows the state and `doctor --format json` names the failing layer in its first finding; in
// custom-metrics-ok the HPAs scale for real from the values the adapter serves. The component's build runs first (it
// waits for the background build of scripts/run-tests.mjs), so this file runs last in its shard.
//
// Env: KSD_TEST_CLUSTER (cluster name, default ksd-test); KSD_SKIP_CLUSTER_TESTS=1 skips.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { up, switchScenario, apis, kubectl, waitFor, BIN, HERE } from '../../scripts/cluster/lib.mjs';
import { componentContext } from '../../scripts/cluster/components/index.mjs';
import customMetrics from '../../scripts/cluster/components/custom-metrics.mjs';
import { WRITTEN_VALUE } from '../../scripts/cluster/scenarios-custom-metrics.mjs';
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

describe('custom and external metrics on the local cluster', { skip, timeout: 75 * MIN }, () => {
  before(
    async () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run node scripts/build.mjs first (npm test does)`);
      await customMetrics.build(componentContext({ name: NAME, log }));
      ({ kubeconfig } = await up({ scenario: 'healthy', name: NAME, log, profile: 'test' }));
      api = apis({ name: NAME });
    },
    // Long: on a fresh machine it waits for build.sh --extras (CoreDNS, Karpenter, then this adapter, cold).
    { timeout: 60 * MIN },
  );

  test('custom-metrics-ok: both APIs Available, the adapter serves the written values, and the HPAs scale on them', async () => {
    await switchScenario('custom-metrics-ok', { name: NAME, log });
    for (const name of ['v1beta1.custom.metrics.k8s.io', 'v1beta2.custom.metrics.k8s.io', 'v1beta1.external.metrics.k8s.io']) {
      assert.match(k(['get', 'apiservice', name]), new RegExp(`${name.replace(/\./g, '\\.')}\\s+custom-metrics/custom-metrics-apiserver\\s+True`));
    }
    const served = JSON.parse(k(['get', '--raw', '/apis/custom.metrics.k8s.io/v1beta1/namespaces/custom-metrics-ok/pods/*/http_requests?labelSelector=app%3Dweb']));
    assert.ok(served.items.length >= 2, JSON.stringify(served));
    assert.ok(
      served.items.every((i) => i.value === WRITTEN_VALUE),
      JSON.stringify(served.items),
    );
    const external = JSON.parse(k(['get', '--raw', '/apis/external.metrics.k8s.io/v1beta1/namespaces/custom-metrics-ok/my-external-metric?labelSelector=foo%3Dbar']));
    assert.deepEqual(
      external.items.map((i) => i.value),
      ['42'],
    );
    // 2 pods at 300 against 100 per pod → 6; then the 4 new pods have no value, counted as 0 when scaling up → stays 6.
    // 42 against 10 per pod → 5.
    const replicas = async (name) => (await api.apps.readNamespacedDeployment({ name, namespace: 'custom-metrics-ok' })).spec.replicas;
    await waitFor('Deployment custom-metrics-ok/web scaled to 6 by its Pods-metric HPA', async () => (await replicas('web')) === 6, { timeoutMs: 3 * MIN });
    await waitFor('Deployment custom-metrics-ok/queue scaled to 5 by its External-metric HPA', async () => (await replicas('queue')) === 5, { timeoutMs: 3 * MIN });
    const { findings } = doctorJson('custom-metrics-ok');
    assert.deepEqual(
      findings.filter((f) => f.id.startsWith('custom-metric') || f.id === 'hpa-unknown-metric'),
      [],
      summary(findings),
    );
  });

  test('custom-metrics-typo: the adapter lists pods/http_requests; the first finding names the metric layer and the nearest name', async () => {
    await switchScenario('custom-metrics-typo', { name: NAME, log });
    const discovery = JSON.parse(k(['get', '--raw', '/apis/custom.metrics.k8s.io/v1beta1']));
    assert.ok(
      discovery.resources.some((r) => r.name === 'pods/http_requests'),
      JSON.stringify(discovery.resources),
    );
    assert.match(k(['-n', 'custom-metrics-typo', 'describe', 'hpa', 'web']), /FailedGetPodsMetric/);
    const { code, findings } = doctorJson('custom-metrics-typo');
    assert.equal(code, 1);
    assert.equal(findings[0].id, 'custom-metric-not-listed', summary(findings));
    assert.match(findings[0].message, /^Metric layer: HPA custom-metrics-typo\/web asks custom\.metrics\.k8s\.io for pods\/http_request, which the adapter does not list \(nearest: http_requests\)/);
    assert.ok(
      findings[0].evidence.some((l) => /ScalingActive=False FailedGetPodsMetric: .*no metrics returned from custom metrics API/.test(l)),
      findings[0].evidence.join('\n'),
    );
  });

  test('custom-metrics-unavailable: the APIService is False/MissingEndpoints; the first finding names the APIService layer and its adapter', async () => {
    await switchScenario('custom-metrics-unavailable', { name: NAME, log });
    assert.match(k(['get', 'apiservice', 'v1beta1.custom.metrics.k8s.io']), /custom-metrics-unavailable\/prometheus-adapter\s+False \(MissingEndpoints\)/);
    const { code, findings } = doctorJson('custom-metrics-unavailable');
    assert.equal(code, 1);
    assert.equal(findings[0].id, 'custom-metrics-api-unavailable', summary(findings));
    assert.match(
      findings[0].message,
      /^APIService layer: v1beta1\.custom\.metrics\.k8s\.io is registered but not available \(MissingEndpoints\); it routes custom\.metrics\.k8s\.io to prometheus-adapter/,
    );
    assert.match(findings[0].evidence[0], /^APIService v1beta1\.custom\.metrics\.k8s\.io Available=False MissingEndpoints: /);
  });

  test('custom-metrics-missing: no APIService; the first finding names the APIService layer for both APIs the HPAs read', async () => {
    await switchScenario('custom-metrics-missing', { name: NAME, log });
    const r = kubectl(['get', 'apiservice', 'v1beta1.custom.metrics.k8s.io'], { name: NAME, allowFail: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /apiservices\.apiregistration\.k8s\.io "v1beta1\.custom\.metrics\.k8s\.io" not found/);
    const { code, findings } = doctorJson('custom-metrics-missing');
    assert.equal(code, 1);
    assert.equal(findings[0].id, 'custom-metrics-api-missing', summary(findings));
    assert.deepEqual(
      findings
        .filter((f) => f.id === 'custom-metrics-api-missing')
        .map((f) => f.message.replace(/ \(.*/, ''))
        .sort(),
      ['APIService layer: no APIService serves custom.metrics.k8s.io', 'APIService layer: no APIService serves external.metrics.k8s.io'],
    );
  });
});
